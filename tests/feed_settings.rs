//! Per-feed settings end to end: `full_text` fetches a feed's pages on
//! refresh, `enabled = false` leaves a feed alone (its articles stay), and
//! the reader refreshes on its own every `refresh_minutes` (tmux, where
//! installed). All served on loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use common::{ARTICLE_PAGE, Route, TestServer, rss};

/// Runs tidings on the folder's config and database; it must succeed.
fn tidings(dir: &Path, args: &[&str]) -> Output {
    let out = common::run::tidings(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A config with one feed "Wire" at `url`: `settings` under [settings] (after
/// a 5 s timeout), `options` in the feed's table.
fn wire_config(dir: &Path, url: &str, settings: &str, options: &str) {
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[settings]\ntimeout_secs = 5\n{settings}\n[[feed]]\nname = \"Wire\"\nurl = \"{url}\"\n{options}"
        ),
    )
    .unwrap();
}

#[test]
fn a_feeds_own_full_text_fetches_its_pages_and_disabled_feeds_are_left_alone() {
    let server = TestServer::start();
    server.route("/story", Route::ok("text/html", ARTICLE_PAGE));
    let teaser = format!(
        "<rss version=\"2.0\"><channel><title>Courier</title><item><title>Turbines return</title>\
         <link>{}</link><guid>t1</guid><description>One line teaser.</description></item></channel></rss>",
        server.url("/story")
    );
    server.route("/courier", Route::ok("application/rss+xml", teaser));
    server.route(
        "/paused",
        Route::ok("application/rss+xml", rss("paused", 0, 2)),
    );
    let dir = tempfile::tempdir().unwrap();
    let write = |enabled: bool| {
        std::fs::write(
            dir.path().join("config.toml"),
            format!(
                "[settings]\ntimeout_secs = 5\n\n[[feed]]\nname = \"Courier\"\nurl = \"{}\"\nfull_text = true\n\n\
                 [[feed]]\nname = \"Paused\"\nurl = \"{}\"\nenabled = {enabled}\n",
                server.url("/courier"),
                server.url("/paused")
            ),
        )
        .unwrap();
    };
    write(true);
    tidings(dir.path(), &["refresh"]);
    assert_eq!(server.requests("/story").len(), 1, "the page, on refresh");
    assert_eq!(server.requests("/paused").len(), 1);
    server.route("/story", Route::status(500));
    let shown = tidings(dir.path(), &["show", "t1", "--full", "--plain"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("restarted the first turbines"));

    write(false);
    let out = tidings(dir.path(), &["refresh"]);
    assert_eq!(
        server.requests("/paused").len(),
        1,
        "a disabled feed is not fetched"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Paused"));
    let feeds: serde_json::Value =
        serde_json::from_slice(&tidings(dir.path(), &["feeds", "--json"]).stdout).unwrap();
    let paused = feeds
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Paused")
        .unwrap();
    assert_eq!(paused["total"], 2, "its articles stay: {feeds}");
}

#[test]
fn the_reader_refreshes_on_its_own_every_refresh_minutes_at_80x24() {
    the_reader_refreshes_on_its_own_every_refresh_minutes(80, 24);
}

#[test]
fn the_reader_refreshes_on_its_own_every_refresh_minutes_at_140x40() {
    the_reader_refreshes_on_its_own_every_refresh_minutes(140, 40);
}

fn the_reader_refreshes_on_its_own_every_refresh_minutes(width: u16, height: u16) {
    if common::tmux::skipped() {
        return;
    }
    let server = TestServer::start();
    server.route("/wire", Route::ok("application/rss+xml", rss("wire", 0, 1)));
    let dir = tempfile::tempdir().unwrap();
    wire_config(
        dir.path(),
        &server.url("/wire"),
        "refresh_minutes = 0.02\n",
        "",
    );
    let tmux = common::tmux::Tmux::new(&format!("timer-{width}"));
    tmux.launch_reader(dir.path(), width, height);
    tmux.wait_for("the first item", |s| s.contains("wire item 0"));
    server.route("/wire", Route::ok("application/rss+xml", rss("wire", 0, 2)));
    // No key pressed: the timer (about 1.2 s) brings the new item.
    tmux.wait_for("the item the timer fetched", |s| s.contains("wire item 1"));
    // Over 3 s more, at one tick every 1.08-1.32 s: one to three fetches,
    // never a burst. (Check times are whole seconds: a tick 1.2 s after a
    // fetch may find one second waited and wait for the next, so fetches
    // can be two ticks, up to 2.64 s, apart.)
    let before = server.requests("/wire").len();
    std::thread::sleep(Duration::from_millis(3000));
    let during = server.requests("/wire").len() - before;
    assert!((1..=3).contains(&during), "{during} fetches in 3 s");
    tmux.keys(&["q"]);
}

#[test]
fn max_articles_drops_older_read_unstarred_articles_for_good() {
    let server = TestServer::start();
    server.route("/wire", Route::ok("application/rss+xml", rss("wire", 0, 5)));
    let dir = tempfile::tempdir().unwrap();
    wire_config(dir.path(), &server.url("/wire"), "", "max_articles = 2\n");
    tidings(dir.path(), &["refresh"]);
    let titles = |dir: &Path| -> Vec<String> {
        let out = tidings(dir, &["articles", "--json"]);
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut titles: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(titles(dir.path()).len(), 5, "nothing read yet: all kept");
    tidings(
        dir.path(),
        &["mark", "wire-0", "wire-1", "wire-2", "--read"],
    );
    tidings(dir.path(), &["mark", "wire-0", "--star"]);
    tidings(dir.path(), &["refresh"]);
    let kept = ["wire item 0", "wire item 3", "wire item 4"];
    assert_eq!(
        titles(dir.path()),
        kept,
        "the newest two, and the starred one"
    );
    // The feed still carries the dropped items: they do not come back.
    tidings(dir.path(), &["refresh"]);
    assert_eq!(titles(dir.path()), kept);
}

#[test]
fn the_timer_never_asks_sooner_than_the_servers_max_age() {
    if common::tmux::skipped() {
        return;
    }
    let server = TestServer::start();
    server.route(
        "/wire",
        Route::ok("application/rss+xml", rss("wire", 0, 1))
            .header("Cache-Control", "public, max-age=3600"),
    );
    let dir = tempfile::tempdir().unwrap();
    wire_config(
        dir.path(),
        &server.url("/wire"),
        "refresh_minutes = 0.02\n",
        "",
    );
    let tmux = common::tmux::Tmux::new("maxage");
    tmux.launch_reader(dir.path(), 100, 30);
    tmux.wait_for("the first item", |s| s.contains("wire item 0"));
    // Three ticks of the timer pass; the feed stays fresh for an hour.
    std::thread::sleep(Duration::from_millis(3500));
    assert_eq!(
        server.requests("/wire").len(),
        1,
        "asked again before max-age"
    );
    // R is the user's: it asks at once.
    tmux.keys(&["R"]);
    let started = Instant::now();
    while server.requests("/wire").len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "R did not refresh"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.keys(&["q"]);
}
