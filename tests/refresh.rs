//! Refresh against a loopback server: conditional GET, new-article
//! detection, flags that survive, and per-feed errors that never stop the
//! other feeds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::{Route, TestServer, atom, json_feed, rss};
use tidings::config::Config;
use tidings::feeds::refresh::{RefreshTarget, refresh_feeds};
use tidings::library::store::Store;
use tidings::model::{ArticleQuery, FeedReport, RefreshStatus};

const LAST_MODIFIED: &str = "Mon, 16 Nov 2026 10:00:00 GMT";

fn load(dir: &std::path::Path, settings: &str, feeds: &[(&str, String)]) -> Config {
    Config::load(&common::write_config(dir, settings, feeds)).unwrap()
}

fn run(store: &mut Store, config: &Config) -> Vec<FeedReport> {
    let ids = store.sync_feeds(&config.feeds).unwrap();
    let targets: Vec<RefreshTarget> = ids
        .into_iter()
        .zip(&config.feeds)
        .map(|(id, feed)| RefreshTarget {
            id,
            feed: feed.clone(),
        })
        .collect();
    refresh_feeds(store, &config.settings, &targets, |_| {}).unwrap()
}

fn count(store: &Store) -> usize {
    store.articles(&ArticleQuery::default()).unwrap().len()
}

fn three_feed_server() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/rss",
        Route::ok("application/rss+xml", rss("rss", 0, 5)).with_validators("\"r1\"", LAST_MODIFIED),
    );
    server.route(
        "/atom",
        Route::ok("application/atom+xml", atom("atom", 4)).with_validators("\"a1\"", LAST_MODIFIED),
    );
    server.route(
        "/json",
        Route::ok("application/feed+json", json_feed("json", 3))
            .with_validators("\"j1\"", LAST_MODIFIED),
    );
    server
}

#[test]
fn first_refresh_stores_every_article_of_rss_atom_and_json() {
    let server = three_feed_server();
    let dir = tempfile::tempdir().unwrap();
    let config = load(
        dir.path(),
        "",
        &[
            ("R", server.url("/rss")),
            ("A", server.url("/atom")),
            ("J", server.url("/json")),
        ],
    );
    let mut store = Store::open_in_memory().unwrap();
    let reports = run(&mut store, &config);
    let news: Vec<u64> = reports.iter().map(|r| r.new).collect();
    assert_eq!(news, [5, 4, 3]);
    assert!(reports.iter().all(|r| r.status == RefreshStatus::Updated));
    assert_eq!(count(&store), 12);
}

#[test]
fn second_refresh_sends_both_validators_and_stores_nothing_on_304() {
    let server = three_feed_server();
    let dir = tempfile::tempdir().unwrap();
    let config = load(
        dir.path(),
        "",
        &[("R", server.url("/rss")), ("A", server.url("/atom"))],
    );
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &config);
    let first = server.requests("/rss");
    assert!(!first[0].headers.contains_key("if-none-match"));
    let reports = run(&mut store, &config);
    assert!(
        reports
            .iter()
            .all(|r| r.status == RefreshStatus::NotModified && r.new == 0),
        "{reports:?}"
    );
    let second = &server.requests("/rss")[1];
    assert_eq!(
        second.headers.get("if-none-match").map(String::as_str),
        Some("\"r1\"")
    );
    assert_eq!(
        second.headers.get("if-modified-since").map(String::as_str),
        Some(LAST_MODIFIED)
    );
    assert_eq!(count(&store), 9);
}

#[test]
fn changed_feed_adds_only_new_articles_and_flags_survive() {
    let server = three_feed_server();
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "", &[("R", server.url("/rss"))]);
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &config);
    let first = store.find_article("rss-0").unwrap().unwrap();
    let second = store.find_article("rss-1").unwrap().unwrap();
    store.set_read(first, true).unwrap();
    store.set_starred(second, true).unwrap();
    // The feed moves on: items 3..10 (3 and 4 known, 5..9 new).
    server.route(
        "/rss",
        Route::ok("application/rss+xml", rss("rss", 3, 7)).with_validators("\"r2\"", LAST_MODIFIED),
    );
    let reports = run(&mut store, &config);
    assert_eq!(reports[0].status, RefreshStatus::Updated);
    assert_eq!(reports[0].new, 5);
    assert_eq!(count(&store), 10, "old items stay stored");
    assert!(store.article(first).unwrap().unwrap().summary.read);
    assert!(store.article(second).unwrap().unwrap().summary.starred);
}

#[test]
fn validators_from_the_first_fetch_are_used_even_with_only_last_modified() {
    let server = TestServer::start();
    server.route(
        "/lm",
        Route {
            last_modified: Some(LAST_MODIFIED.to_owned()),
            ..Route::ok("application/rss+xml", rss("lm", 0, 2))
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "", &[("L", server.url("/lm"))]);
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &config);
    let reports = run(&mut store, &config);
    assert_eq!(reports[0].status, RefreshStatus::NotModified);
    assert!(
        !server.requests("/lm")[1]
            .headers
            .contains_key("if-none-match")
    );
}

#[test]
fn each_bad_feed_gets_its_own_error_and_the_others_succeed() {
    let server = three_feed_server();
    server.route(
        "/hang",
        Route::ok("application/rss+xml", rss("late", 0, 1)).delayed(Duration::from_secs(30)),
    );
    server.route("/500", Route::status(500));
    server.route(
        "/html",
        Route::ok(
            "text/html",
            "<!DOCTYPE html><html><head><title>Home</title></head><body>hi</body></html>",
        ),
    );
    server.route("/big", Route::ok("application/rss+xml", rss("big", 0, 400)));
    let dir = tempfile::tempdir().unwrap();
    let config = load(
        dir.path(),
        "timeout_secs = 2\nmax_feed_bytes = 20000",
        &[
            ("Hang", server.url("/hang")),
            ("Broken", server.url("/500")),
            ("Page", server.url("/html")),
            ("Big", server.url("/big")),
            ("Good", server.url("/rss")),
            ("Missing", server.url("/nowhere")),
        ],
    );
    let mut store = Store::open_in_memory().unwrap();
    let started = Instant::now();
    let reports = run(&mut store, &config);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "bounded by the timeout"
    );
    let error = |i: usize| reports[i].error.clone().unwrap_or_default();
    assert!(error(0).contains("timed out after 2 s"), "{}", error(0));
    assert!(error(1).contains("HTTP 500"), "{}", error(1));
    assert!(error(2).contains("HTML page"), "{}", error(2));
    assert!(error(3).contains("20000 byte limit"), "{}", error(3));
    assert_eq!(reports[4].status, RefreshStatus::Updated);
    assert_eq!(reports[4].new, 5);
    assert!(error(5).contains("HTTP 404"), "{}", error(5));
    let feeds = store.feeds().unwrap();
    assert_eq!(feeds[1].last_error.as_deref(), Some(error(1).as_str()));
}

#[test]
fn an_error_keeps_what_was_stored_before() {
    let server = three_feed_server();
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "", &[("R", server.url("/rss"))]);
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &config);
    server.route(
        "/rss",
        Route::ok(
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><item>",
        ),
    );
    let reports = run(&mut store, &config);
    assert_eq!(reports[0].status, RefreshStatus::Error);
    assert_eq!(count(&store), 5);
}

#[test]
fn gzip_bodies_are_decoded_and_the_cap_applies_to_the_decoded_size() {
    let gzip = |text: &str| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap()
    };
    let server = TestServer::start();
    server.route(
        "/small",
        Route::ok("application/rss+xml", gzip(&rss("gz", 0, 3))).header("Content-Encoding", "gzip"),
    );
    // Compresses to a few KB but decodes to about 1 MB.
    let bomb = rss("bomb", 0, 1) + &" ".repeat(1_000_000);
    server.route(
        "/bomb",
        Route::ok("application/rss+xml", gzip(&bomb)).header("Content-Encoding", "gzip"),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = load(
        dir.path(),
        "max_feed_bytes = 100000",
        &[
            ("Small", server.url("/small")),
            ("Bomb", server.url("/bomb")),
        ],
    );
    let mut store = Store::open_in_memory().unwrap();
    let reports = run(&mut store, &config);
    assert_eq!(reports[0].new, 3, "{reports:?}");
    assert!(
        server.requests("/small")[0]
            .headers
            .get("accept-encoding")
            .is_some_and(|v| v.contains("gzip"))
    );
    assert!(
        reports[1]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("100000 byte limit"),
        "{reports:?}"
    );
}

#[test]
fn redirects_are_followed_but_limited() {
    let server = TestServer::start();
    server.route(
        "/feed",
        Route::ok("application/rss+xml", rss("moved", 0, 2)),
    );
    server.route(
        "/old",
        Route::status(301).header("Location", &server.url("/feed")),
    );
    for i in 0..4 {
        server.route(
            &format!("/loop{i}"),
            Route::status(302).header("Location", &server.url(&format!("/loop{}", i + 1))),
        );
    }
    server.route(
        "/loop4",
        Route::status(302).header("Location", &server.url("/loop0")),
    );
    server.route(
        "/to-file",
        Route::status(302).header("Location", "file:///etc/passwd"),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = load(
        dir.path(),
        "max_redirects = 3",
        &[
            ("Moved", server.url("/old")),
            ("Loop", server.url("/loop0")),
            ("File", server.url("/to-file")),
        ],
    );
    let mut store = Store::open_in_memory().unwrap();
    let reports = run(&mut store, &config);
    assert_eq!(reports[0].new, 2, "{reports:?}");
    assert!(
        reports[1]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("more than 3 redirects"),
        "{reports:?}"
    );
    assert!(
        reports[2]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("redirect refused: 302 Found to 'file:///etc/passwd'"),
        "{reports:?}"
    );
    assert!(server.requests("/loop4").len() <= 1);
}

#[test]
fn many_feeds_on_one_host_respect_the_per_host_limit() {
    let server = TestServer::start();
    let mut feeds = Vec::new();
    for i in 0..12 {
        let path = format!("/f{i}");
        server.route(
            &path,
            Route::ok("application/rss+xml", rss(&format!("f{i}"), 0, 2))
                .delayed(Duration::from_millis(200)),
        );
        feeds.push(("F", server.url(&path)));
    }
    let named: Vec<(&str, String)> = feeds;
    let dir = tempfile::tempdir().unwrap();
    let config = load(dir.path(), "per_host = 3\nconcurrency = 32", &named);
    let mut store = Store::open_in_memory().unwrap();
    let reports = run(&mut store, &config);
    assert!(reports.iter().all(|r| r.new == 2));
    let most = server.max_in_flight();
    assert!(
        (2..=3).contains(&most),
        "at most 3 at once to one host, saw {most}"
    );
}
