//! A refresh of more feeds than it holds in memory at once: a body is read
//! only once there is room for it, so whatever happens to one feed (too
//! large, broken, unchanged, a local file) must hand its room back, and
//! every feed must still be stored whole.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Route, TestServer, rss};
use tidings::config::Config;
use tidings::feeds::refresh::{RefreshTarget, refresh_feeds};
use tidings::library::store::Store;
use tidings::model::{FeedReport, RefreshStatus};

fn run(store: &mut Store, config: &Config) -> Vec<FeedReport> {
    let ids = store.sync_feeds(&config.feeds).unwrap();
    let targets = RefreshTarget::pair(&ids, &config.feeds);
    refresh_feeds(store, &config.settings, &targets, |_| {}).unwrap()
}

/// Far more feeds than the backlog holds (24), the failing ones first, so
/// that room a failure kept would leave the others unread until they time
/// out; then the same again, where everything answers "not modified".
#[test]
fn many_feeds_with_failures_first_are_all_stored_and_rooms_come_back() {
    let server = TestServer::start();
    let mut feeds: Vec<(String, String)> = Vec::new();
    // Over the cap: refused for that feed only, after its room was taken.
    let big = rss("big", 0, 1) + &" ".repeat(50_000);
    for i in 0..30 {
        let path = format!("/big{i}");
        server.route(&path, Route::ok("application/rss+xml", big.clone()));
        feeds.push((format!("Big {i}"), server.url(&path)));
    }
    for i in 0..10 {
        let path = format!("/broken{i}");
        server.route(&path, Route::ok("text/plain", "no feed here, only words"));
        feeds.push((format!("Broken {i}"), server.url(&path)));
    }
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let path = format!("/good{i}");
        let route = Route::ok("application/rss+xml", rss(&format!("g{i}"), 0, 3 + i % 4))
            .with_validators(&format!("\"g{i}\""), "Mon, 16 Nov 2026 10:00:00 GMT");
        server.route(&path, route);
        feeds.push((format!("Good {i}"), server.url(&path)));
    }
    let local = dir.path().join("local.xml");
    std::fs::write(&local, rss("local", 0, 2)).unwrap();
    feeds.push(("Local".to_owned(), local.display().to_string()));
    let named: Vec<(&str, String)> = feeds.iter().map(|(n, u)| (n.as_str(), u.clone())).collect();
    let settings = "max_feed_bytes = 20000\nconcurrency = 64\nper_host = 64\ntimeout_secs = 20";
    let config = Config::load(&common::write_config(dir.path(), settings, &named)).unwrap();
    let mut store = Store::open_in_memory().unwrap();

    let reports = run(&mut store, &config);
    for report in &reports[..30] {
        let error = report.error.as_deref().unwrap_or("");
        assert!(error.contains("20000 byte limit"), "{report:?}");
    }
    assert!(
        reports[30..40]
            .iter()
            .all(|r| r.status == RefreshStatus::Error)
    );
    for (i, report) in reports[40..80].iter().enumerate() {
        assert_eq!(report.status, RefreshStatus::Updated, "{report:?}");
        assert_eq!(report.new, 3 + i as u64 % 4, "{report:?}");
    }
    assert_eq!(reports[80].new, 2, "{:?}", reports[80]);
    let stored: u64 = store.feeds().unwrap().iter().map(|f| f.total).sum();
    assert_eq!(stored, (0..40).map(|i| 3 + i % 4).sum::<u64>() + 2);

    let again = run(&mut store, &config);
    for report in again[40..].iter() {
        assert_eq!(report.status, RefreshStatus::NotModified, "{report:?}");
    }
    let after: u64 = store.feeds().unwrap().iter().map(|f| f.total).sum();
    assert_eq!(after, stored);
}
