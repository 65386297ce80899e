//! The reader's layouts end to end in tmux, at 140 x 40 and 80 x 24: the
//! list takes the width until an article opens, names its columns, shows
//! each article's feed, and `L` cycles the layouts and is remembered.
//! Skipped (with a note) where tmux is not installed; CI installs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::tmux::{Tmux, skipped};
use common::{Route, TestServer};

const LONG: &str = "Thousands finish a rain-soaked city marathon as the course record falls";

fn feed(title: &str, items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .enumerate()
        .map(|(i, (headline, body))| {
            format!(
                "<item><title>{headline}</title><link>https://example.org/{title}/{i}</link>\
                 <guid>{title}-{i}</guid><pubDate>Mon, 16 Nov 2026 1{i}:00:00 GMT</pubDate>\
                 <description>&lt;p&gt;{body}&lt;/p&gt;</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://example.org/</link>{items}</channel></rss>"
    )
}

/// Two feeds on a loopback server and the command that reads them.
fn setup(server: &TestServer, dir: &Path) -> String {
    server.route(
        "/gazette",
        Route::ok(
            "application/rss+xml",
            feed(
                "Harbour Gazette",
                &[
                    ("Ferry timetable changes", "New timetable."),
                    (LONG, "Body of the marathon story."),
                ],
            ),
        ),
    );
    server.route(
        "/wire",
        Route::ok(
            "application/rss+xml",
            feed("Wire", &[("Short wire item", "Wire body.")]),
        ),
    );
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[settings]\nrefresh_on_start = true\ntimeout_secs = 5\n\n\
             [[feed]]\nname = \"Harbour Gazette\"\nurl = \"{}\"\n\n\
             [[feed]]\nname = \"Wire\"\nurl = \"{}\"\n",
            server.url("/gazette"),
            server.url("/wire")
        ),
    )
    .unwrap();
    format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        config.display(),
        dir.join("t.db").display()
    )
}

fn list_shown(s: &str) -> bool {
    s.contains("Short wire item") && s.contains("Ferry timetable")
}

#[test]
fn at_140_columns_the_list_has_the_width_and_l_cycles_layouts_remembered() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let command = setup(&server, dir.path());
    let tmux = Tmux::new("layout-wide");
    tmux.launch(&command, 140, 40);
    tmux.cmd(&["set-option", "-t", "t", "remain-on-exit", "on"]);
    let screen = tmux.wait_for("the list", list_shown);
    assert!(screen.contains(LONG), "the whole title:\n{screen}");
    assert!(
        screen.contains("Src Date") && screen.contains("Feed"),
        "{screen}"
    );
    assert!(
        screen.contains("Harbour Gazette  "),
        "a feed column:\n{screen}"
    );
    assert!(
        screen.contains("outlets on the story"),
        "a legend:\n{screen}"
    );
    assert!(
        !screen.contains("Reader"),
        "no empty reader pane:\n{screen}"
    );

    // The newest article is the marathon; open it: three panes.
    tmux.keys(&["g", "Enter"]);
    let open = tmux.wait_for("the article", |s| s.contains("Body of the marathon"));
    assert!(
        open.contains("Feeds (2)") && open.contains("Reader"),
        "{open}"
    );

    tmux.keys(&["L"]);
    let split = tmux.wait_for("list and reader", |s| s.contains("Layout: list and reader"));
    assert!(!split.contains("Feeds (2)"), "no feeds pane:\n{split}");
    assert!(split.contains("Body of the marathon"), "{split}");
    tmux.quit();
    assert!(dir.path().join("t.reader.toml").exists());

    // The next start keeps the choice.
    let again = Tmux::new("layout-again");
    again.launch(&command, 140, 40);
    again.wait_for("the list", list_shown);
    again.keys(&["g", "Enter"]);
    let reopened = again.wait_for("the article", |s| s.contains("Body of the marathon"));
    assert!(
        !reopened.contains("Feeds (2)"),
        "split remembered:\n{reopened}"
    );
    again.keys(&["q"]);
}

#[test]
fn at_80_columns_the_list_shows_feeds_and_the_reader_takes_the_screen() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let command = setup(&server, dir.path());
    let tmux = Tmux::new("layout-80");
    tmux.launch(&command, 80, 24);
    let screen = tmux.wait_for("the list", list_shown);
    assert!(
        screen.contains("Harbour Gazette") && screen.contains("Wire "),
        "{screen}"
    );
    assert!(screen.contains("Src Date"), "{screen}");
    tmux.keys(&["g", "Enter"]);
    let open = tmux.wait_for("the article", |s| s.contains("Body of the marathon"));
    assert!(
        !open.contains("Short wire item"),
        "the reader has the screen:\n{open}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the list again", list_shown);
    tmux.keys(&["q"]);
}
