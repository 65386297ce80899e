//! Podcasts and other attachments end to end: RSS `<enclosure>` and Atom
//! `rel="enclosure"` links are stored with type and size, listed by `show`
//! and in the reader, and `P` opens one with the `player` setting (argv,
//! never a shell). On loopback; the reader part in tmux where installed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Route, TestServer};

const RSS: &str = r#"<rss version="2.0"><channel><title>Cast</title>
<item><title>Episode 12: rail freight</title><guid>e12</guid>
<enclosure url="https://media.example.org/e12.mp3" length="34200000" type="audio/mpeg"/>
<description>Show notes.</description></item></channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Talks</title><id>urn:talks</id><updated>2026-11-16T10:00:00Z</updated>
<entry><title>A talk</title><id>urn:talk:1</id><updated>2026-11-16T10:00:00Z</updated>
<link rel="alternate" href="https://talks.example.org/1"/>
<link rel="enclosure" type="video/mp4" length="1500000000" href="https://talks.example.org/1.mp4"/>
<link rel="enclosure" href="javascript:alert(1)"/>
<summary>Slides and video.</summary></entry></feed>"#;

/// Runs tidings on the folder's config and database; it must succeed.
fn tidings(dir: &Path, args: &[&str]) -> String {
    let out = common::run::tidings(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn setup(dir: &Path, server: &TestServer, player: &str) {
    server.route("/cast", Route::ok("application/rss+xml", RSS));
    server.route("/talks", Route::ok("application/atom+xml", ATOM));
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[settings]\ntimeout_secs = 5\nplayer = \"{player}\"\n\n[[feed]]\nname = \"Cast\"\nurl = \"{}\"\n\n\
             [[feed]]\nname = \"Talks\"\nurl = \"{}\"\n",
            server.url("/cast"),
            server.url("/talks")
        ),
    )
    .unwrap();
}

#[test]
fn attachments_are_stored_and_listed_with_type_and_size() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &server, "");
    tidings(dir.path(), &["refresh"]);
    let episode = tidings(dir.path(), &["show", "e12"]);
    assert!(
        episode.contains("Attachment 1: audio/mpeg, 34.2 MB: https://media.example.org/e12.mp3"),
        "{episode}"
    );
    let talk = tidings(dir.path(), &["show", "urn:talk:1"]);
    assert!(
        talk.contains("Attachment 1: video/mp4, 1.50 GB: https://talks.example.org/1.mp4"),
        "{talk}"
    );
    assert!(!talk.contains("Attachment 2"), "only http(s): {talk}");
}

#[test]
fn capital_p_plays_the_attachment_with_the_player_at_80x24() {
    capital_p_plays_the_attachment_with_the_player(80, 24);
}

#[test]
fn capital_p_plays_the_attachment_with_the_player_at_140x40() {
    capital_p_plays_the_attachment_with_the_player(140, 40);
}

fn capital_p_plays_the_attachment_with_the_player(width: u16, height: u16) {
    if common::tmux::skipped() {
        return;
    }
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("player");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\n",
            dir.path().join("played").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    setup(
        dir.path(),
        &server,
        &format!("{} --no-video %u", script.display()),
    );
    let tmux = common::tmux::Tmux::new(&format!("enclosures-{width}"));
    tmux.launch_reader(dir.path(), width, height);
    tmux.wait_for("the list", |s| s.contains("Episode 12"));
    // Onto the episode (the list is newest first; find it by moving).
    let screen = tmux.screen();
    let below_talk = screen
        .find("A talk")
        .is_some_and(|t| screen.find("Episode 12").is_some_and(|e| e > t));
    tmux.keys(&if below_talk {
        vec!["g", "j", "Enter"]
    } else {
        vec!["g", "Enter"]
    });
    tmux.wait_for("the attachment", |s| s.contains("Attachment 1: audio/mpeg"));
    tmux.keys(&["P"]);
    let started = Instant::now();
    while !dir.path().join("played").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the player did not run"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    let played = std::fs::read_to_string(dir.path().join("played")).unwrap();
    assert_eq!(played, "--no-video\nhttps://media.example.org/e12.mp3\n");
    tmux.keys(&["q"]);
}
