//! A failed feed says what happened in words people read, in `refresh`'s
//! report, `feeds` and the reader's errors; the raw chain of causes stays
//! in `feeds --json` as `last_error_detail`. All on loopback (and a
//! `.invalid` host, which never resolves).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{Route, TestServer};

use common::run::tidings;

#[test]
fn failures_read_as_words_and_keep_their_detail() {
    let server = TestServer::start();
    server.route(
        "/page",
        Route::ok(
            "text/html",
            "<!DOCTYPE html><html><body><p>Welcome</p></body></html>",
        ),
    );
    server.route(
        "/slow",
        Route::ok("application/rss+xml", common::rss("slow", 0, 1)).delayed(Duration::from_secs(3)),
    );
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let feeds = [
        ("Offline", "http://feeds.example.invalid/rss".to_owned()),
        ("Refused", format!("http://127.0.0.1:{closed}/rss")),
        ("Site", server.url("/page")),
        ("Gone", server.url("/gone")),
        ("Slow", server.url("/slow")),
    ];
    common::write_config(
        dir.path(),
        "timeout_secs = 1\nconnect_timeout_secs = 1",
        &feeds,
    );
    let out = tidings(dir.path(), &["refresh"]);
    assert!(out.status.success());
    let report = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Offline: offline: cannot resolve feeds.example.invalid",
        "Refused: cannot connect to 127.0.0.1: connection refused",
        "Site: not a feed (an HTML page; try `tidings add` with its address to find its feed)",
        "Gone: HTTP 404 Not Found",
        "Slow: timed out after 1 s",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&tidings(dir.path(), &["feeds", "--json"]).stdout).unwrap();
    let offline = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Offline")
        .unwrap();
    assert_eq!(
        offline["last_error"],
        "offline: cannot resolve feeds.example.invalid"
    );
    let detail = offline["last_error_detail"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        detail.contains("dns") || detail.contains("lookup"),
        "{offline}"
    );
    let gone = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Gone")
        .unwrap();
    assert!(gone["last_error_detail"].is_null(), "{gone}");
}
