//! End to end in tmux: the real binary on a config served from loopback,
//! driven with keys, read back with capture-pane. Skipped (with a note)
//! where tmux is not installed; CI installs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::{Tmux, skipped};
use common::{Route, TestServer, rss};

#[test]
fn reader_navigates_opens_an_article_and_quits_cleanly() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    server.route(
        "/world",
        Route::ok("application/rss+xml", rss("world", 0, 4)),
    );
    server.route(
        "/evil",
        Route::ok(
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>Evil\u{1b}]52;c;cHduZWQ=\u{7} Feed</title>\
             <item><title>Sneaky\u{1b}[2J\u{1b}]0;owned\u{7} headline</title><guid>e1</guid>\
             <pubDate>Mon, 16 Nov 2026 09:00:00 GMT</pubDate>\
             <description>Body text of the sneaky article.</description></item></channel></rss>",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[settings]\nrefresh_on_start = true\ntimeout_secs = 5\n\n\
             [[feed]]\nname = \"World\"\nurl = \"{}\"\n\n[[feed]]\nurl = \"{}\"\n",
            server.url("/world"),
            server.url("/evil")
        ),
    )
    .unwrap();
    let command = format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        config.display(),
        dir.path().join("t.db").display()
    );
    let tmux = Tmux::new("nav");
    // Start after a moment so that the clipboard option below is in force:
    // with set-clipboard on, an OSC 52 that got through would fill a buffer.
    let exit_file = dir.path().join("exit-status");
    let delayed = format!(
        "sleep 0.3; {command}; echo exit=$? > {}",
        exit_file.display()
    );
    tmux.launch(&delayed, 100, 30);
    tmux.cmd(&["set-option", "-g", "set-clipboard", "on"]);
    tmux.cmd(&["set-option", "-t", "t", "remain-on-exit", "on"]);

    let screen = tmux.wait_for("the refreshed list", |s| {
        s.contains("world item 3") && s.contains("Evil Feed")
    });
    assert!(screen.contains("Sneaky headline"), "{screen}");
    assert!(
        !screen.contains("52;c") && !screen.contains("owned"),
        "escape payloads leaked:\n{screen}"
    );
    let buffers = tmux.cmd(&["list-buffers"]);
    assert!(
        buffers.is_empty(),
        "OSC 52 reached the clipboard: {buffers}"
    );

    // To the top (the selection follows its article while the list fills
    // in), down past the first article, and open the second.
    tmux.keys(&["g", "j", "Enter"]);
    let reader = tmux.wait_for(&format!("the reader, after this list:\n{screen}"), |s| {
        s.contains("Body of item")
    });
    assert!(reader.contains("https://example.org/world/"), "{reader}");

    // Back to the list, then the help screen generated from the keymap.
    tmux.keys(&["h", "?"]);
    tmux.wait_for("help", |s| s.contains("search titles and text"));
    tmux.keys(&["Escape"]);

    tmux.keys(&["q"]);
    let started = Instant::now();
    while tmux.display("#{pane_dead}") != "1" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "tidings did not exit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The shell around tidings records its exit status (tmux's own
    // pane_dead_status is not always filled in for a quick exit).
    let mut status = String::new();
    while status.is_empty() && started.elapsed() < Duration::from_secs(10) {
        status = std::fs::read_to_string(&exit_file)
            .unwrap_or_default()
            .trim()
            .to_owned();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(status, "exit=0");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "the normal screen is back"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    if skipped() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "{} --demo --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        dir.path().join("t.db").display()
    );
    let tmux = Tmux::new("term");
    tmux.launch(&command, 90, 24);
    tmux.cmd(&["set-option", "-t", "t", "remain-on-exit", "on"]);
    tmux.wait_for("the demo", |s| s.contains("World Wire"));
    assert_eq!(tmux.display("#{alternate_on}"), "1");
    let pid = tmux.display("#{pane_pid}");
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let started = Instant::now();
    while tmux.display("#{pane_dead}") != "1" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "tidings ignored SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(tmux.display("#{alternate_on}"), "0");
}

#[test]
fn f_fetches_the_full_article_into_the_reader() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    server.route("/story", Route::ok("text/html", common::ARTICLE_PAGE));
    server.route(
        "/feed",
        Route::ok(
            "application/rss+xml",
            format!(
                "<rss version=\"2.0\"><channel><title>Courier</title><item><title>Turbines return</title>\
                 <link>{}</link><guid>t1</guid><description>One line teaser.</description></item></channel></rss>",
                server.url("/story")
            ),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feed]]\nurl = \"{}\"\n", server.url("/feed")),
    )
    .unwrap();
    let command = format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        config.display(),
        dir.path().join("t.db").display()
    );
    let tmux = Tmux::new("full");
    tmux.launch(&command, 100, 30);
    tmux.wait_for("the article", |s| s.contains("Turbines return"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the teaser", |s| s.contains("One line teaser."));
    tmux.keys(&["f"]);
    let screen = tmux.wait_for("the full text", |s| {
        s.contains("Engineers restarted the first turbines")
    });
    for junk in [
        "Facebook",
        "Advertisement",
        "Related stories",
        "All rights reserved",
    ] {
        assert!(!screen.contains(junk), "'{junk}' on screen:\n{screen}");
    }
    assert!(
        screen.contains("Ingrid Solberg"),
        "byline from the page:\n{screen}"
    );
    tmux.keys(&["q"]);
}

#[test]
fn the_reader_indexes_what_a_command_line_refresh_stored() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    let story = |outlet: &str, title: &str| {
        format!(
            "<rss version=\"2.0\"><channel><title>{outlet}</title><item><title>{title}</title>\
             <guid>{outlet}-1</guid><pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate>\
             <description>Crews cleared the quay at Dover Harbour after the storm.</description>\
             </item></channel></rss>"
        )
    };
    server.route(
        "/a",
        Route::ok(
            "application/rss+xml",
            story("Courier", "Storm floods Dover Harbour"),
        ),
    );
    server.route(
        "/b",
        Route::ok(
            "application/rss+xml",
            story("Gazette", "Dover Harbour closed by storm"),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[settings]\nrefresh_on_start = false\n\n[[feed]]\nurl = \"{}\"\n\n[[feed]]\nurl = \"{}\"\n",
            server.url("/a"),
            server.url("/b")
        ),
    )
    .unwrap();
    let db = dir.path().join("t.db");
    let base = [
        "--config".to_owned(),
        config.display().to_string(),
        "--db".to_owned(),
        db.display().to_string(),
    ];
    let refreshed = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(&base)
        .arg("refresh")
        .output()
        .unwrap();
    assert!(refreshed.status.success());
    let pending = || {
        tidings::library::store::Store::open(&db)
            .unwrap()
            .pending_count()
            .unwrap()
    };
    assert_eq!(
        pending(),
        2,
        "a refresh stores and queues, it does not index"
    );

    let tmux = Tmux::new("index");
    tmux.launch(
        &format!("{} {}", env!("CARGO_BIN_EXE_tidings"), base.join(" ")),
        100,
        30,
    );
    tmux.wait_for("the list", |s| s.contains("Dover Harbour closed"));
    let started = Instant::now();
    while pending() > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the reader did not index the queued articles"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The topic list now knows the story both outlets covered.
    tmux.keys(&["t"]);
    tmux.wait_for("the shared topic", |s| s.contains("    2 Dover Harbour"));
    tmux.keys(&["Escape", "q"]);
}

#[test]
fn a_second_reader_is_refused_and_a_killed_one_leaves_no_lock() {
    if skipped() {
        return;
    }
    let server = TestServer::start();
    server.route("/a", Route::ok("application/rss+xml", rss("a", 0, 2)));
    let dir = tempfile::tempdir().unwrap();
    let config = common::write_config(dir.path(), "", &[("A", server.url("/a"))]);
    let db = dir.path().join("t.db");
    let args = [
        "--config".to_owned(),
        config.display().to_string(),
        "--db".to_owned(),
        db.display().to_string(),
    ];
    let tmux = Tmux::new("lock");
    tmux.launch(
        &format!("{} {}", env!("CARGO_BIN_EXE_tidings"), args.join(" ")),
        100,
        30,
    );
    tmux.wait_for("the first reader", |s| s.contains("a item 1"));
    let second = || {
        Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let refused = second();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("another tidings reader"),
        "{refused:?}"
    );
    // Commands still work beside the reader.
    let listed = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(&args)
        .arg("articles")
        .output()
        .unwrap();
    assert!(listed.status.success());
    // kill -9 the reader: the kernel drops its lock with it.
    // (The pane may run a shell around tidings: kill what it started.)
    let pid = tmux.display("#{pane_pid}");
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    let target = children
        .split_whitespace()
        .next()
        .unwrap_or(&pid)
        .to_owned();
    Command::new("kill").args(["-9", &target]).status().unwrap();
    let started = Instant::now();
    loop {
        let again = second();
        let stderr = String::from_utf8_lossy(&again.stderr).into_owned();
        if !stderr.contains("another tidings reader") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the lock outlived its reader"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
