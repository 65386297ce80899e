//! The Miniflux harness end to end, against a real Miniflux and a real
//! PostgreSQL on loopback: a 30-item feed from the test server goes in,
//! marks made over the REST API show in the counts, survive a restart of
//! the server, and the Google Reader API logs in and lists the same items.
//! Skipped with a note when Miniflux or PostgreSQL is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::miniflux::{Auth, Miniflux};
use common::{Route, TestServer, rss};

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const STARRED: &str = "user/-/state/com.google/starred";
const READ: &str = "user/-/state/com.google/read";

#[test]
fn miniflux_harness_end_to_end() {
    let feeds = TestServer::start();
    feeds.route(
        "/sync.xml",
        Route::ok("application/rss+xml", rss("sync", 1, 30)),
    );
    let Some(mut miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    println!(
        "PostgreSQL up in {:?}, Miniflux up in {:?}, at {}",
        miniflux.pg_startup,
        miniflux.server_startup,
        miniflux.url()
    );

    // An API key works in place of basic auth.
    let key = miniflux.create_api_key("tidings sync tests");
    let me = miniflux
        .request("GET", "/v1/me", Auth::Token(&key), None)
        .unwrap();
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["username"], "admin");
    let wrong = miniflux
        .request("GET", "/v1/me", Auth::Token("not-a-key"), None)
        .unwrap();
    assert_eq!(wrong.status, 401);

    // The feed goes in with all its items.
    let category = miniflux.create_category("News");
    let feed = miniflux.create_feed(&feeds.url("/sync.xml"), Some(category));
    miniflux.refresh_feed(feed);
    assert!(!feeds.requests("/sync.xml").is_empty());
    let all = miniflux.entries(None, None);
    assert_eq!(all.total, 30);
    assert_eq!(all.entries.len(), 30);
    assert!(all.entries.iter().all(|e| e.feed_id == feed));
    assert!(
        all.entries
            .iter()
            .all(|e| e.status == "unread" && !e.starred)
    );
    let titles: BTreeSet<&str> = all.entries.iter().map(|e| e.title.as_str()).collect();
    assert!(titles.contains("sync item 1") && titles.contains("sync item 30"));

    // Three read, one starred.
    let ids: Vec<i64> = all.entries.iter().map(|e| e.id).collect();
    let read = &ids[..3];
    let starred = ids[10];
    miniflux.set_entries_status(read, "read");
    miniflux.toggle_bookmark(starred);
    let check_counts = |miniflux: &Miniflux| {
        assert_eq!(miniflux.count_entries(None, None), 30);
        assert_eq!(miniflux.count_entries(Some("read"), None), 3);
        assert_eq!(miniflux.count_entries(Some("unread"), None), 27);
        assert_eq!(miniflux.count_entries(None, Some(true)), 1);
        let read_ids: Vec<i64> = miniflux
            .entries(Some("read"), None)
            .entries
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(read_ids, read);
        let starred_ids: Vec<i64> = miniflux
            .entries(None, Some(true))
            .entries
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(starred_ids, [starred]);
    };
    check_counts(&miniflux);

    // The server goes down and comes back with the same data.
    miniflux.stop_server();
    assert!(!miniflux.is_up());
    assert!(
        miniflux
            .request("GET", "/v1/me", Auth::Token(&key), None)
            .is_err(),
        "Miniflux still answers after stop_server"
    );
    let restarted = std::time::Instant::now();
    miniflux.start_server();
    println!("Miniflux restarted in {:?}", restarted.elapsed());
    assert!(miniflux.is_up());
    check_counts(&miniflux);
    let me = miniflux
        .request("GET", "/v1/me", Auth::Token(&key), None)
        .unwrap();
    assert_eq!(me.status, 200, "the API key is gone after a restart");

    // The Google Reader API.
    miniflux.enable_google_reader("admin", "reader-pass-1");
    assert_eq!(
        miniflux.google_reader_login("admin", "wrong-password"),
        Err(401)
    );
    let token = miniflux
        .google_reader_login("admin", "reader-pass-1")
        .unwrap();
    let all_ids: BTreeSet<i64> = ids.iter().copied().collect();
    let listed = miniflux.google_reader_item_ids(&token, READING_LIST, None);
    assert_eq!(listed.len(), 30);
    assert_eq!(listed.iter().copied().collect::<BTreeSet<i64>>(), all_ids);
    assert_eq!(
        miniflux.google_reader_item_ids(&token, STARRED, None),
        [starred]
    );
    let unread = miniflux.google_reader_item_ids(&token, READING_LIST, Some(READ));
    assert_eq!(unread.len(), 27);
    assert!(unread.iter().all(|id| !read.contains(id)));
    let bad = miniflux
        .request(
            "GET",
            "/reader/api/0/stream/items/ids?output=json&s=user/-/state/com.google/reading-list",
            Auth::GoogleLogin("admin/not-the-token"),
            None,
        )
        .unwrap();
    assert_eq!(bad.status, 401);

    // The token and the integration survive a restart too.
    miniflux.stop_server();
    miniflux.start_server();
    assert_eq!(
        miniflux
            .google_reader_item_ids(&token, READING_LIST, None)
            .len(),
        30
    );
}
