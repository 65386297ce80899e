//! The reader's `R` syncs after refreshing, in tmux: a sync server that
//! refuses the credentials (a loopback stand-in answering 401) counts as
//! an error in the status line and shows in the `E` list beside the
//! feeds, without the password. Skipped (with a note) without tmux.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod sync_support;

use common::tmux::{Tmux, skipped};
use common::{Route, TestServer, rss};

#[test]
fn a_failed_sync_shows_in_the_errors_list() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    server.route(
        "/local",
        Route::ok("application/rss+xml", rss("local", 0, 3)),
    );
    server.route("/v1/feeds", Route::status(401));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("password"), "tui-secret-42\n").unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[settings]\ntimeout_secs = 5\n\n[[feed]]\nname = \"Local\"\nurl = \"{}\"\n\n\
             [sync]\nkind = \"miniflux\"\nurl = \"{}\"\nusername = \"me\"\npassword_file = \"password\"\n",
            server.url("/local"),
            server.url("/")
        ),
    )
    .unwrap();
    let command = format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        config.display(),
        dir.path().join("t.db").display()
    );
    let tmux = Tmux::new("sync");
    tmux.launch(&command, 100, 24);
    tmux.wait_for("the reader", |s| s.contains("help"));
    tmux.keys(&["R"]);
    let screen = tmux.wait_for("the refresh summary", |s| s.contains("Refreshed 1 feeds"));
    assert!(screen.contains("1 errors"), "{screen}");
    assert!(!server.requests("/v1/feeds").is_empty());
    tmux.keys(&["E"]);
    let screen = tmux.wait_for("the errors list", |s| s.contains("Sync server"));
    assert!(screen.contains("refused the credentials (401)"), "{screen}");
    assert!(!screen.contains("tui-secret-42"));
    tmux.keys(&["Escape", "q"]);
}

/// The reader's `a` for a synced account subscribes on the server (a real
/// Miniflux), whose entries then show; the config's list is left alone.
#[test]
fn a_in_the_reader_subscribes_on_the_sync_server() {
    if skipped() {
        return;
    }
    let feeds = TestServer::start();
    feeds.route(
        "/n.xml",
        Route::ok("application/rss+xml", rss("served", 0, 3)),
    );
    let Some(miniflux) = common::miniflux::Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    let account = sync_support::Account::new(
        "miniflux",
        &miniflux.url(),
        "admin",
        common::miniflux::ADMIN_PASSWORD,
    );
    let command = format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        account.config.display(),
        account.db.display()
    );
    let tmux = Tmux::new("sync-add");
    tmux.launch(&command, 110, 24);
    tmux.wait_for("the reader", |s| s.contains("help"));
    tmux.keys(&["a"]);
    tmux.wait_for("the add prompt", |s| s.contains("Add feed"));
    tmux.keys(&["-l", &feeds.url("/n.xml")]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the server's entries", |s| s.contains("served item 2"));
    assert!(screen.contains("on the sync server"), "{screen}");
    let listed = miniflux.api("GET", "/v1/feeds", None).json();
    assert!(
        listed.to_string().contains(&feeds.url("/n.xml")),
        "{listed}"
    );
    assert!(
        !std::fs::read_to_string(&account.config)
            .unwrap()
            .contains("[[feed]]")
    );
    tmux.keys(&["q"]);
}
