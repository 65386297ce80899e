//! `notify_command` end to end: after a refresh that brought articles the
//! command runs once with its placeholders filled in within their own
//! arguments (feed text never reaches a shell); a refresh with nothing new
//! runs nothing; a failing command is reported and the refresh still
//! succeeds. Also from the reader, in tmux where it is installed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{Route, TestServer};

const EVIL: &str = "Storm $(touch PWNED) hits `touch PWNED2`";

fn feed() -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Coast</title>\
         <item><title>{EVIL}</title><guid>a</guid></item>\
         <item><title>Ferries resume</title><guid>b</guid></item></channel></rss>"
    )
}

/// A notifier that writes its arguments, NUL-separated, to `out`.
fn notifier(dir: &Path) -> PathBuf {
    let script = dir.join("notifier");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\0' \"$@\" > {}\n",
            dir.join("out").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn config(dir: &Path, server: &TestServer, command: &[&str]) -> PathBuf {
    let argv: Vec<String> = command.iter().map(|a| format!("{a:?}")).collect();
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[settings]\ntimeout_secs = 5\nnotify_command = [{}]\n\n[[feed]]\nname = \"Coast\"\nurl = \"{}\"\n",
            argv.join(", "),
            server.url("/coast")
        ),
    )
    .unwrap();
    path
}

fn refresh(dir: &Path, config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--config", config.to_str().unwrap()])
        .args(["--db", dir.join("t.db").to_str().unwrap(), "refresh"])
        .current_dir(dir)
        .output()
        .unwrap()
}

fn arguments(dir: &Path) -> Vec<String> {
    let out = std::fs::read(dir.join("out")).unwrap();
    let text = String::from_utf8(out).unwrap();
    text.split_terminator('\0').map(str::to_owned).collect()
}

#[test]
fn a_refresh_with_new_articles_notifies_once_with_filled_in_arguments() {
    let server = TestServer::start();
    server.route(
        "/coast",
        Route::ok("application/rss+xml", feed())
            .with_validators("\"v1\"", "Mon, 16 Nov 2026 10:00:00 GMT"),
    );
    let dir = tempfile::tempdir().unwrap();
    let script = notifier(dir.path());
    let config = config(
        dir.path(),
        &server,
        &[
            script.to_str().unwrap(),
            "{count} new",
            "{titles}",
            "{feeds}",
        ],
    );
    let out = refresh(dir.path(), &config);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = arguments(dir.path());
    assert_eq!(args.len(), 3, "{args:?}");
    assert_eq!(args[0], "2 new");
    assert!(
        args[1].contains(EVIL) && args[1].contains("Ferries resume"),
        "{args:?}"
    );
    assert_eq!(args[2], "Coast");
    assert!(!dir.path().join("PWNED").exists() && !dir.path().join("PWNED2").exists());

    // Nothing new (a 304): no notification.
    std::fs::remove_file(dir.path().join("out")).unwrap();
    let out = refresh(dir.path(), &config);
    assert!(out.status.success());
    assert!(!dir.path().join("out").exists(), "notified about nothing");
}

#[test]
fn a_failing_notifier_is_reported_and_the_refresh_still_succeeds() {
    let server = TestServer::start();
    server.route("/coast", Route::ok("application/rss+xml", feed()));
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &server, &["/nonexistent/notifier", "{count}"]);
    let out = refresh(dir.path(), &config);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notify_command: cannot run /nonexistent/notifier"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 new articles"));
}

#[test]
fn the_reader_notifies_after_its_refresh_at_80x24() {
    the_reader_notifies_after_its_refresh(80, 24);
}

#[test]
fn the_reader_notifies_after_its_refresh_at_140x40() {
    the_reader_notifies_after_its_refresh(140, 40);
}

fn the_reader_notifies_after_its_refresh(width: u16, height: u16) {
    if common::tmux::skipped() {
        return;
    }
    let server = TestServer::start();
    server.route("/coast", Route::ok("application/rss+xml", feed()));
    let dir = tempfile::tempdir().unwrap();
    let script = notifier(dir.path());
    config(dir.path(), &server, &[script.to_str().unwrap(), "{count}"]);
    let tmux = common::tmux::Tmux::new(&format!("notify-{width}"));
    tmux.launch_reader(dir.path(), width, height);
    tmux.wait_for("the list", |s| s.contains("Ferries resume"));
    let started = Instant::now();
    while !dir.path().join("out").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no notification"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(arguments(dir.path()), ["2"]);
    tmux.keys(&["q"]);
}
