//! The reader's `R` syncs after refreshing, in tmux: a sync server that
//! refuses the credentials (a loopback stand-in answering 401) counts as
//! an error in the status line and shows in the `E` list beside the
//! feeds, without the password. Skipped (with a note) without tmux.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

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
