//! `tidings sync` against a real Miniflux (its REST API) on loopback: the
//! first sync stores what the server has, marks made in tidings reach the
//! server and marks made on the server reach tidings, a second sync moves
//! only changes, and 200 changes made while the server is down are all on
//! it once it is back (a local feed and a synced one sharing a story:
//! tests/sync_greader.rs).
//! Skipped with a note when Miniflux or PostgreSQL is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::miniflux::{ADMIN_PASSWORD, ADMIN_USERNAME, Miniflux};
use common::{Route, TestServer, rss};

fn tidings(config: &Path, db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sync(config: &Path, db: &Path) -> serde_json::Value {
    let (ok, out, err) = tidings(config, db, &["sync", "--json"]);
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    assert!(ok, "{out}{err}");
    report
}

/// Ids of tidings' articles with their links, from `articles --json`.
fn articles(config: &Path, db: &Path) -> Vec<serde_json::Value> {
    let (ok, out, err) = tidings(config, db, &["articles", "--json"]);
    assert!(ok, "{err}");
    serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap()
}

#[test]
fn two_way_sync_with_miniflux() {
    let feeds = TestServer::start();
    feeds.route(
        "/synced.xml",
        Route::ok("application/rss+xml", rss("synced", 1, 40)),
    );
    let Some(mut miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    let category = miniflux.create_category("World");
    let feed = miniflux.create_feed(&feeds.url("/synced.xml"), Some(category));
    miniflux.refresh_feed(feed);
    let server_ids: Vec<i64> = miniflux
        .entries(None, None)
        .entries
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(server_ids.len(), 40);

    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("password");
    std::fs::write(&secret, format!("{ADMIN_PASSWORD}\n")).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[sync]\nkind = \"miniflux\"\nurl = \"{}/\"\nusername = \"{ADMIN_USERNAME}\"\npassword_file = \"password\"\n",
            miniflux.url()
        ),
    )
    .unwrap();
    let db = dir.path().join("t.db");

    // First sync: everything unread on the server, in its folder.
    let first = sync(&config, &db);
    assert_eq!(first["pulled"], 40, "{first}");
    assert_eq!(first["error"], serde_json::Value::Null);
    let stored = articles(&config, &db);
    assert_eq!(stored.len(), 40);
    let (_, feeds_out, _) = tidings(&config, &db, &["feeds", "--json"]);
    assert!(feeds_out.contains("\"World\""), "{feeds_out}");
    assert!(!feeds_out.contains(ADMIN_PASSWORD));

    // A second sync with nothing changed stores nothing.
    let second = sync(&config, &db);
    assert_eq!(
        (second["pulled"].as_u64(), second["pushed"].as_u64()),
        (Some(0), Some(0)),
        "{second}"
    );

    // Marks made in tidings reach the server.
    let ids: Vec<String> = stored.iter().take(3).map(|a| a["id"].to_string()).collect();
    let (ok, _, err) = tidings(&config, &db, &["mark", &ids[0], &ids[1], "--read"]);
    assert!(ok, "{err}");
    let (ok, _, err) = tidings(&config, &db, &["mark", &ids[2], "--star"]);
    assert!(ok, "{err}");
    let pushed = sync(&config, &db);
    assert_eq!(pushed["pushed"], 3, "{pushed}");
    assert_eq!(pushed["queued"], 0);
    assert_eq!(miniflux.count_entries(Some("read"), None), 2);
    assert_eq!(miniflux.count_entries(None, Some(true)), 1);
    // Sending the star again does not flip it back.
    let (ok, _, _) = tidings(&config, &db, &["mark", &ids[2], "--unstar"]);
    assert!(ok);
    let (ok, _, _) = tidings(&config, &db, &["mark", &ids[2], "--star"]);
    assert!(ok);
    sync(&config, &db);
    assert_eq!(miniflux.count_entries(None, Some(true)), 1);

    // Marks made on the server reach tidings.
    miniflux.set_entries_status(&server_ids[10..15], "read");
    let pulled = sync(&config, &db);
    assert!(pulled["pulled"].as_u64().unwrap() >= 5, "{pulled}");
    let (_, unread, _) = tidings(&config, &db, &["articles", "--unread"]);
    assert_eq!(unread.lines().count(), 40 - 2 - 5, "{unread}");

    // 200 changes while the server is down: queued, none lost, all sent
    // once it is back.
    feeds.route(
        "/more.xml",
        Route::ok("application/rss+xml", rss("more", 1, 200)),
    );
    let more = miniflux.create_feed(&feeds.url("/more.xml"), Some(category));
    miniflux.refresh_feed(more);
    sync(&config, &db);
    miniflux.stop_server();
    let all: Vec<String> = articles(&config, &db)
        .iter()
        .filter(|a| a["feed"].as_str().is_some_and(|f| f.contains("more")))
        .map(|a| a["id"].to_string())
        .collect();
    assert_eq!(all.len(), 200);
    let mut args = vec!["mark"];
    args.extend(all.iter().map(String::as_str));
    args.push("--read");
    let (ok, out, err) = tidings(&config, &db, &args);
    assert!(ok, "{err}");
    assert!(out.contains("200 changes waiting"), "{out}");
    let (ok, out, _) = tidings(&config, &db, &["sync", "--json"]);
    assert!(!ok, "a sync with the server down fails");
    let down: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(down["queued"], 200, "{down}");
    assert!(
        down["error"].as_str().unwrap().contains("cannot reach"),
        "{down}"
    );
    assert!(!out.contains(ADMIN_PASSWORD));
    miniflux.start_server();
    let back = sync(&config, &db);
    assert_eq!(
        (back["pushed"].as_u64(), back["queued"].as_u64()),
        (Some(200), Some(0)),
        "{back}"
    );
    assert_eq!(miniflux.count_entries(Some("unread"), None), 40 - 7);
    let (_, status, _) = tidings(&config, &db, &["sync", "--status"]);
    assert!(status.contains("0 changes waiting"), "{status}");

    // `refresh` syncs too.
    miniflux.set_entries_status(&server_ids[20..21], "read");
    let (ok, out, err) = tidings(&config, &db, &["refresh"]);
    assert!(ok, "{err}");
    assert!(out.contains("sync: 1 pulled, 0 pushed, 0 waiting"), "{out}");

    // `refresh --json=object` adds the sync's figures; `--json` keeps the
    // feeds' array as it always was.
    miniflux.set_entries_status(&server_ids[21..23], "read");
    let (ok, out, err) = tidings(&config, &db, &["refresh", "--json=object"]);
    assert!(ok, "{err}");
    let object: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(object["feeds"].is_array(), "{object}");
    assert_eq!(
        object["sync"],
        serde_json::json!({"pulled": 2, "pushed": 0, "queued": 0, "error": null})
    );
    let (ok, out, _) = tidings(&config, &db, &["refresh", "--json"]);
    assert!(ok);
    assert!(
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .is_array()
    );

    // The password is nowhere in the database (nor its WAL).
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with("t.db") {
            let bytes = std::fs::read(entry.path()).unwrap();
            let secret = ADMIN_PASSWORD.as_bytes();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "{} holds the password",
                entry.path().display()
            );
        }
    }
}
