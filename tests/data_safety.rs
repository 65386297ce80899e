//! The database survives what happens to it: a damaged file is moved aside,
//! a newer one is left untouched, and `kill -9` at any moment of a refresh
//! or of indexing leaves a sound database where each feed holds either its
//! old or its new articles.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::{Route, TestServer, rss};

fn tidings(config: &Path, db: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
    command
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args);
    command
}

fn run(config: &Path, db: &Path, args: &[&str]) -> Output {
    tidings(config, db, args).output().unwrap()
}

#[test]
fn a_damaged_database_is_moved_aside_and_a_fresh_one_started() {
    let server = TestServer::start();
    server.route("/a", Route::ok("application/rss+xml", rss("a", 0, 2)));
    let dir = tempfile::tempdir().unwrap();
    let config = common::write_config(dir.path(), "", &[("A", server.url("/a"))]);
    let db = dir.path().join("t.db");
    let garbage = "this is not a database\n".repeat(500);
    std::fs::write(&db, &garbage).unwrap();
    let out = run(&config, &db, &["refresh"]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("was damaged") && stderr.contains("moved to"),
        "{stderr}"
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("t.db.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the old file is kept");
    assert_eq!(std::fs::read_to_string(aside[0].path()).unwrap(), garbage);
    let listed = run(&config, &db, &["articles"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 2);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::write_config(dir.path(), "", &[]);
    let db = dir.path().join("t.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let out = run(&config, &db, &["feeds"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("newer tidings"), "{stderr}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "not a byte changed");
    assert!(!dir.path().join("t.db-wal").exists());
}

/// Titles of each feed's articles, by feed.
fn titles_by_feed(db: &Path) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = conn
        .prepare("SELECT feed_id, title FROM articles ORDER BY feed_id, id")
        .unwrap();
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut feeds: Vec<Vec<String>> = Vec::new();
    let mut last = None;
    for (feed, title) in rows {
        if last != Some(feed) {
            feeds.push(Vec::new());
            last = Some(feed);
        }
        feeds.last_mut().unwrap().push(title);
    }
    feeds
}

#[test]
fn kill_9_at_any_moment_leaves_each_feed_old_or_new() {
    const FEEDS: usize = 30;
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let mut list = Vec::new();
    for f in 0..FEEDS {
        let path = format!("/f{f}");
        server.route(
            &path,
            Route::ok("application/rss+xml", rss(&format!("f{f}"), 0, 40)),
        );
        list.push(("Feed", server.url(&path)));
    }
    let config = common::write_config(dir.path(), "concurrency = 4", &list);
    let db = dir.path().join("t.db");
    assert!(run(&config, &db, &["refresh"]).status.success());
    let old = titles_by_feed(&db);
    assert!(old.iter().all(|titles| titles.len() == 40));
    // The feeds change: 20 new items each, served slowly enough that a
    // refresh is caught in the middle.
    for f in 0..FEEDS {
        server.route(
            &format!("/f{f}"),
            Route::ok("application/rss+xml", rss(&format!("f{f}"), 20, 40))
                .delayed(Duration::from_millis(15)),
        );
    }
    for wait_ms in [5, 30, 60, 90, 120, 160, 220] {
        let mut child = tidings(&config, &db, &["refresh"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let after = titles_by_feed(&db);
        eprintln!(
            "kill at {wait_ms} ms: {} of {FEEDS} feeds new",
            after.iter().filter(|t| t.len() == 60).count()
        );
        for titles in after {
            assert!(
                titles.len() == 40 || titles.len() == 60,
                "a feed half written after kill -9 at {wait_ms} ms: {} articles",
                titles.len()
            );
        }
    }
    // Indexing killed midway is picked up again.
    let mut child = tidings(&config, &db, &["topics"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(40));
    child.kill().unwrap();
    child.wait().unwrap();
    titles_by_feed(&db);
    assert!(run(&config, &db, &["refresh"]).status.success());
    let new = titles_by_feed(&db);
    assert!(
        new.iter().all(|titles| titles.len() == 60),
        "the refresh completes"
    );
    let out = run(&config, &db, &["articles", "--search", "f7 item 55"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("f7 item 55"),
        "{out:?}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let queued: i64 = conn
        .query_row("SELECT COUNT(*) FROM index_queue", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued, 0, "the search above indexed everything queued");
}
