//! `tidings sync` with `kind = "greader"` against a real Miniflux's Google
//! Reader API on loopback: the first sync stores what the server has,
//! marks go both ways (checked through Miniflux's REST API), a second sync
//! moves nothing, new entries on the server come without the old ones
//! being fetched again, and changes made while the server is down are all
//! on it once it is back. The password is never in the database or the
//! output. A local feed and a synced one share a story. Skipped with a
//! note when Miniflux or PostgreSQL is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod sync_support;

use common::eval::{escape, paragraphs};
use common::miniflux::{ADMIN_PASSWORD, Miniflux};
use common::{Route, TestServer, rss};
use sync_support::Account;

const READER_PASSWORD: &str = "greader-pass-7f3a";

fn pulled_pushed(report: &serde_json::Value) -> (u64, u64) {
    (
        report["pulled"].as_u64().unwrap(),
        report["pushed"].as_u64().unwrap(),
    )
}

#[test]
fn two_way_sync_over_the_google_reader_api() {
    let feeds = TestServer::start();
    feeds.route(
        "/g.xml",
        Route::ok("application/rss+xml", rss("greader", 1, 40)),
    );
    feeds.route(
        "/more.xml",
        Route::ok("application/rss+xml", rss("more", 1, 200)),
    );
    let Some(mut miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    let category = miniflux.create_category("World");
    let feed = miniflux.create_feed(&feeds.url("/g.xml"), Some(category));
    miniflux.refresh_feed(feed);
    let server_ids: Vec<i64> = miniflux
        .entries(None, None)
        .entries
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(server_ids.len(), 40);
    miniflux.enable_google_reader("admin", READER_PASSWORD);

    // Wrong credentials: refused, and the password is not in the answer.
    let wrong = Account::new("greader", &miniflux.url(), "admin", "not-the-pass-99");
    let (ok, out, err) = wrong.run(&["sync", "--json"]);
    assert!(!ok);
    assert!(out.contains("refused the credentials"), "{out}{err}");
    assert!(!out.contains("not-the-pass-99") && !err.contains("not-the-pass-99"));

    let account = Account::new("greader", &miniflux.url(), "admin", READER_PASSWORD);
    // First sync: everything unread on the server, in its folder.
    let first = account.sync();
    assert_eq!(pulled_pushed(&first), (40, 0), "{first}");
    assert_eq!(first["error"], serde_json::Value::Null);
    let stored = account.articles();
    assert_eq!(stored.len(), 40);
    assert!(stored.iter().all(|a| a["read"] == false), "{stored:?}");
    let (_, feeds_out, _) = account.run(&["feeds", "--json"]);
    assert!(feeds_out.contains("\"World\""), "{feeds_out}");

    // A second sync with nothing changed moves nothing.
    assert_eq!(pulled_pushed(&account.sync()), (0, 0));

    marks_both_ways(&miniflux, &account, &stored, &server_ids);

    // New entries on the server: only they are fetched.
    let more = miniflux.create_feed(&feeds.url("/more.xml"), Some(category));
    miniflux.refresh_feed(more);
    let grown = account.sync();
    assert_eq!(pulled_pushed(&grown), (200, 0), "{grown}");
    assert_eq!(account.articles().len(), 240);

    let back = changes_while_down(&mut miniflux, &account);

    // The credentials are nowhere in the database or the JSON.
    let (_, status, _) = account.run(&["sync", "--status", "--json"]);
    for secret in [READER_PASSWORD, ADMIN_PASSWORD] {
        assert!(!account.db_holds(secret), "the database holds {secret}");
        assert!(!status.contains(secret) && !back.to_string().contains(secret));
    }
}

/// Marks made in tidings reach the server and the server's reach tidings;
/// where both changed, the change waiting here wins.
fn marks_both_ways(
    miniflux: &Miniflux,
    account: &Account,
    stored: &[serde_json::Value],
    server_ids: &[i64],
) {
    // Marks made in tidings reach the server.
    let ids: Vec<String> = stored.iter().take(3).map(|a| a["id"].to_string()).collect();
    account.mark(&ids[..2], "--read");
    account.mark(&ids[2..], "--star");
    let pushed = account.sync();
    assert_eq!(pulled_pushed(&pushed), (0, 3), "{pushed}");
    assert_eq!(pushed["queued"], 0);
    assert_eq!(miniflux.count_entries(Some("read"), None), 2);
    assert_eq!(miniflux.count_entries(None, Some(true)), 1);
    // The star sent again (after an unstar and a star) stays a star.
    account.mark(&ids[2..], "--unstar");
    account.mark(&ids[2..], "--star");
    account.sync();
    assert_eq!(miniflux.count_entries(None, Some(true)), 1);

    // Marks made on the server reach tidings, except where a change made
    // here waits to be sent: it is newer (the lists show the older state),
    // and wins.
    let conflicted = vec![stored[20]["id"].to_string()];
    account.mark(&conflicted, "--read");
    assert_eq!(pulled_pushed(&account.sync()), (0, 1));
    let on_server: Vec<i64> = miniflux
        .entries(Some("read"), None)
        .entries
        .iter()
        .filter(|e| serde_json::json!(e.url) == stored[20]["link"])
        .map(|e| e.id)
        .collect();
    assert_eq!(on_server.len(), 1);
    account.mark(&conflicted, "--unread");
    miniflux.set_entries_status(&server_ids[10..15], "read");
    miniflux.set_entries_starred(&server_ids[30..31], true);
    let pulled = account.sync();
    assert_eq!(pulled_pushed(&pulled), (6, 1), "{pulled}");
    let (_, unread, _) = account.run(&["articles", "--unread"]);
    assert_eq!(unread.lines().count(), 40 - 2 - 5, "{unread}");
    assert_eq!(miniflux.count_entries(None, Some(true)), 2);
    assert_eq!(
        miniflux
            .entries(Some("unread"), None)
            .entries
            .iter()
            .filter(|e| e.id == on_server[0])
            .count(),
        1
    );
}

/// 200 changes made while the server is down: queued, and all sent once it
/// is back. The report of the sync that sent them.
fn changes_while_down(miniflux: &mut Miniflux, account: &Account) -> serde_json::Value {
    // 200 changes while the server is down: queued, all sent once it is back.
    miniflux.stop_server();
    let all: Vec<String> = account
        .articles()
        .iter()
        .filter(|a| a["feed"].as_str().is_some_and(|f| f.contains("more")))
        .map(|a| a["id"].to_string())
        .collect();
    assert_eq!(all.len(), 200);
    let out = account.mark(&all, "--read");
    assert!(out.contains("200 changes waiting"), "{out}");
    let (ok, out, _) = account.run(&["sync", "--json"]);
    assert!(!ok, "a sync with the server down fails");
    let down: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(down["queued"], 200, "{down}");
    assert!(
        down["error"].as_str().unwrap().contains("cannot reach"),
        "{down}"
    );
    miniflux.start_server();
    let back = account.sync();
    assert_eq!(
        (back["pushed"].as_u64(), back["queued"].as_u64()),
        (Some(200), Some(0))
    );
    assert_eq!(miniflux.count_entries(Some("unread"), None), 40 - 7);
    assert_eq!(pulled_pushed(&account.sync()), (0, 0));
    back
}

/// An RSS feed of fixture items (tests/fixtures/stories), full text in the
/// description.
fn fixture_feed(title: &str, ids: &[&str]) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stories/multi_outlet.jsonl"
    );
    let mut items = String::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let id = v["id"].as_str().unwrap();
        if !ids.contains(&id) {
            continue;
        }
        items.push_str(&format!(
            "<item><title>{}</title><link>https://example.org/{title}/{id}</link><guid>{id}</guid>\
             <pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate><description>{}</description></item>",
            escape(v["title"].as_str().unwrap()),
            escape(&paragraphs(v["text"].as_str().unwrap()))
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://example.org/</link>{items}</channel></rss>"
    )
}

#[test]
fn a_local_feed_and_a_synced_one_share_a_story() {
    let feeds = TestServer::start();
    let local = ["a01", "a02", "a04", "a05"];
    let synced = ["a03", "a09", "a10", "a12"];
    feeds.route(
        "/local.xml",
        Route::ok("application/rss+xml", fixture_feed("Ledger", &local)),
    );
    feeds.route(
        "/synced.xml",
        Route::ok("application/rss+xml", fixture_feed("Wire", &synced)),
    );
    let Some(miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    let feed = miniflux.create_feed(&feeds.url("/synced.xml"), None);
    miniflux.refresh_feed(feed);
    miniflux.enable_google_reader("admin", READER_PASSWORD);
    let account = Account::new("greader", &miniflux.url(), "admin", READER_PASSWORD);
    let mut config = std::fs::read_to_string(&account.config).unwrap();
    config.push_str(&format!(
        "\n[[feed]]\nname = \"Ledger\"\nurl = \"{}\"\n",
        feeds.url("/local.xml")
    ));
    std::fs::write(&account.config, config).unwrap();

    let (ok, out, err) = account.run(&["refresh"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("sync: 4 pulled"), "{out}");
    let articles = account.articles();
    assert_eq!(articles.len(), 8);
    let id_of = |needle: &str| {
        articles
            .iter()
            .find(|a| a["title"].as_str().unwrap().contains(needle))
            .map(|a| a["id"].clone())
            .unwrap_or_else(|| panic!("no article '{needle}'"))
    };
    // The rail story: a01 from the local feed, a03 from the server.
    let (here, there) = (
        id_of("Satellite Images Show Surge"),
        id_of("sending artillery shells"),
    );
    let (ok, out, err) = account.run(&["stories", "--json"]);
    assert!(ok, "{err}");
    let stories: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let rail = stories
        .iter()
        .find(|s| s["articles"].as_array().unwrap().contains(&here))
        .unwrap_or_else(|| panic!("the local rail article is in no story: {out}"));
    assert!(
        rail["articles"].as_array().unwrap().contains(&there),
        "{rail}"
    );
    let outlets = rail["feeds"].to_string();
    assert!(
        outlets.contains("Ledger") && outlets.contains("Wire"),
        "{rail}"
    );
    // Each feed says where it comes from.
    let (_, listed, _) = account.run(&["feeds", "--json"]);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    let source = |name: &str| {
        listed
            .iter()
            .find(|f| f["name"].as_str().unwrap_or("").contains(name))
            .map(|f| f["source"].clone())
    };
    assert_eq!(source("Ledger"), Some("config".into()), "{listed:?}");
    assert_eq!(source("Wire"), Some("sync".into()), "{listed:?}");
}
