//! Times a first sync of many unread entries and a no-change second sync,
//! for both kinds, against a real Miniflux on loopback (the test harness's).
//! cargo bench --bench sync [-- ENTRIES]   (default 10000)
//! Needs Miniflux and PostgreSQL as the sync tests do; says so otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::miniflux::{ADMIN_PASSWORD, Miniflux};
use common::{Route, TestServer, rss};
use tidings::config::{SyncConfig, SyncKind};
use tidings::library::store::Store;

const FEEDS: usize = 10;
const READER_PASSWORD: &str = "bench-reader-pass";

fn main() {
    let entries: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let per_feed = entries.div_ceil(FEEDS);
    let feeds = TestServer::start();
    let Some(miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    let started = Instant::now();
    for f in 0..FEEDS {
        let path = format!("/bench{f}.xml");
        let title = format!("bench{f}");
        feeds.route(
            &path,
            Route::ok("application/rss+xml", rss(&title, 1, per_feed)),
        );
        let id = miniflux.create_feed(&feeds.url(&path), None);
        miniflux.refresh_feed(id);
    }
    let total = miniflux.count_entries(Some("unread"), None);
    println!(
        "server: {total} unread entries in {FEEDS} feeds, loaded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    miniflux.enable_google_reader("admin", READER_PASSWORD);
    for (kind, password) in [
        (SyncKind::Miniflux, ADMIN_PASSWORD),
        (SyncKind::Greader, READER_PASSWORD),
    ] {
        bench(&miniflux, kind, password);
    }
}

fn bench(miniflux: &Miniflux, kind: SyncKind, password: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("password"), password).unwrap();
    let config = SyncConfig {
        kind,
        url: miniflux.url(),
        username: Some("admin".to_owned()),
        password_command: None,
        password_file: Some("password".into()),
        token_command: None,
        token_file: None,
    };
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    for run in ["first sync", "no-change second sync"] {
        let started = Instant::now();
        let report = tidings::sync::sync(&mut store, &config, dir.path(), |_| {});
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(report.error, None, "{report:?}");
        println!(
            "{:<9} {run:<22} {secs:>6.2} s  ({} pulled)",
            config.account().split('@').next().unwrap_or(""),
            report.pulled
        );
    }
}
