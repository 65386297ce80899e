//! Subscriptions from inside the reader, end to end in tmux: `a` with a
//! page's URL finds its feed, writes it to the config file and shows its
//! articles; `c` renames it and `D` `y` removes it again. Skipped (with a
//! note) where tmux is not installed; CI installs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::tmux::{Tmux, skipped};
use common::{Route, TestServer, rss};

#[test]
fn a_adds_a_pages_feed_c_renames_it_and_d_removes_it_at_80x24() {
    a_adds_a_pages_feed_c_renames_it_and_d_removes_it(80, 24);
}

#[test]
fn a_adds_a_pages_feed_c_renames_it_and_d_removes_it_at_140x40() {
    a_adds_a_pages_feed_c_renames_it_and_d_removes_it(140, 40);
}

fn a_adds_a_pages_feed_c_renames_it_and_d_removes_it(width: u16, height: u16) {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    server.route("/wire", Route::ok("application/rss+xml", rss("wire", 0, 2)));
    server.route(
        "/news/rss.xml",
        Route::ok("application/rss+xml", rss("gazette", 0, 3)),
    );
    server.route(
        "/news/",
        Route::ok(
            "text/html",
            "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" \
             href=\"rss.xml\"></head><body>News</body></html>",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "# my list\n[settings]\ntimeout_secs = 5\n\n[[feed]]\nname = \"Wire\"\nurl = \"{}\"\n",
            server.url("/wire")
        ),
    )
    .unwrap();
    let command = format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        config.display(),
        dir.path().join("t.db").display()
    );
    let tmux = Tmux::new(&format!("subscribe-{width}"));
    tmux.launch(&command, width, height);
    tmux.wait_for("the list", |s| s.contains("wire item 1"));

    tmux.keys(&["a"]);
    tmux.wait_for("the add prompt", |s| s.contains("Add feed"));
    tmux.keys(&["-l", &server.url("/news/")]);
    tmux.keys(&["Enter"]);
    // Added, then refreshed at once ("Refreshed 1 feeds" follows "Added").
    tmux.wait_for("the new feed's articles", |s| {
        s.contains("gazette item 2") && s.contains("Feeds (2)")
    });
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("# my list"), "{text}");
    assert!(text.contains(&server.url("/news/rss.xml")), "{text}");

    // To the feed list, onto the new feed (All, Wire, gazette).
    tmux.keys(&["h", "g", "j", "j", "c"]);
    tmux.wait_for("the rename prompt", |s| s.contains("New name: gazette"));
    tmux.keys(&["C-u"]);
    tmux.keys(&["-l", "Harbour Gazette"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the new name saved", |s| {
        s.contains("Feed renamed") && s.contains("Harbour Gazette")
    });
    assert!(
        std::fs::read_to_string(&config)
            .unwrap()
            .contains("name = \"Harbour Gazette\"")
    );

    tmux.keys(&["D"]);
    tmux.wait_for("the question", |s| {
        s.contains("Remove the feed \"Harbour Gazette\"?")
    });
    tmux.keys(&["y"]);
    // The feed list and the article list are redrawn apart: wait for both.
    let removed = tmux.wait_for("the feed gone", |s| {
        s.contains("Feeds (1)") && !s.contains("gazette item") && s.contains("wire item 1")
    });
    assert!(removed.contains("wire item 1"), "{removed}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(!text.contains("/news/rss.xml"), "{text}");
    assert!(text.contains("# my list"), "{text}");
    tmux.keys(&["q"]);
}
