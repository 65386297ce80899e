//! Sync at scale and under SIGKILL, on a real Miniflux behind a counting
//! loopback tunnel: 1,200 unread entries come in several pages (both
//! kinds), and a `tidings sync` killed with SIGKILL in the middle of a
//! push loses nothing: the queue keeps every change the server did not
//! confirm, and the next sync sends exactly those. Skipped with a note
//! when Miniflux or PostgreSQL is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod sync_support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::miniflux::{ADMIN_PASSWORD, Miniflux};
use common::{Route, TestServer, rss};
use sync_support::Account;
use sync_support::proxy::Proxy;

const READER_PASSWORD: &str = "greader-pass-scale";
const ENTRIES: usize = 1200;
const IDS: &str = "GET /reader/api/0/stream/items/ids";
const CONTENTS: &str = "POST /reader/api/0/stream/items/contents";
const EDIT: &str = "POST /reader/api/0/edit-tag";
const REST_PAGE: &str = "GET /v1/entries?";

#[test]
fn many_entries_in_pages_and_a_push_killed_midway() {
    let feeds = TestServer::start();
    feeds.route(
        "/big.xml",
        Route::ok("application/rss+xml", rss("big", 1, ENTRIES)),
    );
    let Some(miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    let feed = miniflux.create_feed(&feeds.url("/big.xml"), None);
    miniflux.refresh_feed(feed);
    assert_eq!(miniflux.count_entries(Some("unread"), None), ENTRIES);
    miniflux.enable_google_reader("admin", READER_PASSWORD);
    let proxy = Proxy::start(miniflux.url().trim_start_matches("http://"));
    for marker in [IDS, CONTENTS, EDIT, REST_PAGE] {
        proxy.count(marker);
    }

    let (greader, ids) = pulled_in_pages(&proxy);
    killed_push(&miniflux, &proxy, &greader, &ids);
}

/// A first sync of all the entries, both kinds, in several pages; a
/// second moves nothing and fetches no contents. The GReader account and
/// its article ids.
fn pulled_in_pages(proxy: &Proxy) -> (Account, Vec<String>) {
    // The REST API: 1,200 entries in pages of 1,000 (and one starred page).
    let rest = Account::new("miniflux", &proxy.url(), "admin", ADMIN_PASSWORD);
    let first = rest.sync();
    assert_eq!(first["pulled"], ENTRIES as u64, "{first}");
    assert_eq!(proxy.seen(REST_PAGE), 2 + 1);
    assert_eq!(rest.articles().len(), ENTRIES);

    // The Google Reader API: the unread ids in pages of 1,000 (and the
    // starred list), contents in batches of 250.
    let greader = Account::new("greader", &proxy.url(), "admin", READER_PASSWORD);
    let first = greader.sync();
    assert_eq!(first["pulled"], ENTRIES as u64, "{first}");
    assert_eq!(proxy.seen(IDS), 2 + 1);
    assert_eq!(proxy.seen(CONTENTS), ENTRIES.div_ceil(250));
    let ids: Vec<String> = greader
        .articles()
        .iter()
        .map(|a| a["id"].to_string())
        .collect();
    assert_eq!(ids.len(), ENTRIES);
    // A second sync asks for the lists again, and for no contents.
    assert_eq!(greader.sync()["pulled"], 0);
    assert_eq!(proxy.seen(IDS), 2 * (2 + 1));
    assert_eq!(proxy.seen(CONTENTS), ENTRIES.div_ceil(250));
    (greader, ids)
}

/// All read here; the push is killed with SIGKILL midway; nothing is lost
/// and nothing sent twice flips back.
fn killed_push(miniflux: &Miniflux, proxy: &Proxy, greader: &Account, ids: &[String]) {
    // All 1,200 read here; the push is killed with SIGKILL while the
    // second batch's second request hangs: the first batch (500, two
    // requests) was confirmed, the second's first 250 reached the server
    // unconfirmed.
    greader.mark(ids, "--read");
    proxy.hold_after(EDIT, 3);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--config")
        .arg(&greader.config)
        .arg("--db")
        .arg(&greader.db)
        .args(["sync", "--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while proxy.held() == 0 {
        assert!(started.elapsed() < Duration::from_secs(60), "no push came");
        assert!(
            child.try_wait().unwrap().is_none(),
            "sync ended before the hold"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    proxy.release();
    assert_eq!(miniflux.count_entries(Some("read"), None), 750);
    let (_, status, _) = greader.run(&["sync", "--status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["queued"], (ENTRIES - 500) as u64, "{status}");

    // The next sync sends what waits, once; the 250 sent twice stay read.
    let edits = proxy.seen(EDIT);
    let back = greader.sync();
    assert_eq!(back["pushed"], (ENTRIES - 500) as u64, "{back}");
    assert_eq!(back["queued"], 0);
    assert_eq!(proxy.seen(EDIT) - edits, (ENTRIES - 500).div_ceil(250));
    assert_eq!(miniflux.count_entries(Some("read"), None), ENTRIES);
    let again = greader.sync();
    assert_eq!(
        (again["pulled"].as_u64(), again["pushed"].as_u64()),
        (Some(0), Some(0))
    );
    let (_, unread, _) = greader.run(&["articles", "--unread"]);
    assert_eq!(unread.lines().count(), 0);
}
