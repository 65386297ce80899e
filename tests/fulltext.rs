//! Full article text from pages served on 127.0.0.1: `extract URL`,
//! `show --full` (fetched once, stored, read offline), and hostile pages
//! that must end in bounded time with a clear message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{ARTICLE_PAGE, Route, TestServer};

fn tidings(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("cfg"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .unwrap()
}

/// Runs tidings with `config` and a database beside it.
fn with_config(dir: &std::path::Path, config: &std::path::Path, extra: &[&str]) -> Output {
    let db = dir.join("t.db");
    let mut args = vec![
        "--config",
        config.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    tidings(&args, dir)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_clean_article(text: &str) {
    assert!(
        text.contains("Engineers restarted the first turbines"),
        "{text}"
    );
    assert!(text.contains("blade design would be reviewed"), "{text}");
    for junk in [
        "Home",
        "Facebook",
        "Advertisement",
        "Related stories",
        "Storm closes ports",
        "Log in",
        "All rights reserved",
    ] {
        assert!(!text.contains(junk), "'{junk}' left in:\n{text}");
    }
}

#[test]
fn extract_url_prints_just_the_article_with_its_metadata_and_absolute_links() {
    let server = TestServer::start();
    server.route(
        "/story",
        Route::ok("text/html; charset=utf-8", ARTICLE_PAGE),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(
        &["extract", &server.url("/story"), "--width", "100"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("Turbines return after the storm\nIngrid Solberg | Coast Courier\n"),
        "{text}"
    );
    assert!(text.contains(&server.url("/reports/repair-plan")), "{text}");
    assert_clean_article(&text);
    let plain = stdout(&tidings(
        &["extract", &server.url("/story"), "--plain"],
        dir.path(),
    ));
    assert_clean_article(&plain);
    assert!(!plain.contains("[1]"), "{plain}");
}

#[test]
fn show_full_fetches_once_and_then_reads_offline() {
    let server = TestServer::start();
    let page = ARTICLE_PAGE
        .replace("<html>", "<html lang=\"en-GB\">")
        .replace(
            "<meta name=\"author\"",
            "<meta property=\"og:image\" content=\"/img/lead.jpg\"><meta name=\"author\"",
        );
    server.route("/story", Route::ok("text/html", page));
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Courier</title><item><title>Turbines return</title>\
         <link>{}</link><guid>t1</guid><description>One line teaser.</description></item></channel></rss>",
        server.url("/story")
    );
    server.route("/feed", Route::ok("application/rss+xml", feed));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feed]]\nurl = \"{}\"\n", server.url("/feed")),
    )
    .unwrap();
    let run = |extra: &[&str]| with_config(dir.path(), &config, extra);
    run(&["refresh"]);
    assert!(stdout(&run(&["show", "t1"])).contains("One line teaser."));
    let full = run(&["show", "t1", "--full"]);
    assert!(
        full.status.success(),
        "{}",
        String::from_utf8_lossy(&full.stderr)
    );
    assert_clean_article(&stdout(&full));
    assert!(
        stdout(&full).contains("Ingrid Solberg"),
        "the page's byline fills in the feed's"
    );
    let shown = stdout(&full);
    assert!(shown.contains("en-GB"), "the page's language: {shown}");
    assert!(
        shown.contains(&format!("Picture: {}", server.url("/img/lead.jpg"))),
        "the lead image, as a link: {shown}"
    );
    assert!(
        server.requests("/img/lead.jpg").is_empty(),
        "never fetched unasked"
    );
    assert_eq!(server.requests("/story").len(), 1);
    // The page is gone from the web now; the stored text still shows.
    server.route("/story", Route::status(500));
    let again = run(&["show", "t1", "--full", "--plain"]);
    assert_clean_article(&stdout(&again));
    assert_eq!(server.requests("/story").len(), 1, "read from the database");
}

#[test]
fn hostile_pages_end_quickly_with_a_clear_message() {
    let server = TestServer::start();
    server.route(
        "/deep",
        Route::ok(
            "text/html",
            "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000),
        ),
    );
    server.route(
        "/huge",
        Route::ok("text/html", "<p>".to_owned() + &"x".repeat(9 * 1024 * 1024)),
    );
    server.route("/latin1", Route::ok("text/html; charset=iso-8859-1", {
        let mut page = ARTICLE_PAGE.replace("<meta charset=\"utf-8\">", "").into_bytes();
        page.extend_from_slice(b"<p>Caf\xe9 owners on the quay reopened too, serving soup to the repair crews every day.</p>");
        page
    }));
    server.route(
        "/script",
        Route::ok(
            "text/html",
            ARTICLE_PAGE.replace("<article>", "<article><script>while(true){}</script>"),
        ),
    );
    server.route(
        "/slow",
        Route::ok("text/html", ARTICLE_PAGE).delayed(Duration::from_secs(30)),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[settings]\ntimeout_secs = 2\n").unwrap();
    let extract = |path: &str| {
        let started = Instant::now();
        let out = tidings(
            &[
                "--config",
                config.to_str().unwrap(),
                "extract",
                &server.url(path),
            ],
            dir.path(),
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{path} took {:?}",
            started.elapsed()
        );
        out
    };
    let deep = extract("/deep");
    assert!(!deep.status.success());
    assert!(
        String::from_utf8_lossy(&deep.stderr).contains("nests elements more than"),
        "{deep:?}"
    );
    let huge = extract("/huge");
    assert!(
        String::from_utf8_lossy(&huge.stderr).contains("8388608 byte limit"),
        "{huge:?}"
    );
    let latin1 = extract("/latin1");
    assert!(
        stdout(&latin1).contains("Caf\u{e9} owners"),
        "{}",
        stdout(&latin1)
    );
    let script = extract("/script");
    assert_clean_article(&stdout(&script));
    assert!(!stdout(&script).contains("while(true)"));
    let slow = extract("/slow");
    assert!(
        String::from_utf8_lossy(&slow.stderr).contains("timed out after 2 s"),
        "{slow:?}"
    );
    for out in [&deep, &huge, &slow] {
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).lines().count(),
            1,
            "one line: {out:?}"
        );
    }
}

#[test]
fn extract_of_a_missing_file_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(&["extract", "/nonexistent/page.html"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("tidings: cannot read /nonexistent/page.html")
    );
}

#[test]
fn feeds_listed_for_full_text_get_it_on_refresh() {
    let server = TestServer::start();
    server.route("/story", Route::ok("text/html", ARTICLE_PAGE));
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Courier</title><item><title>Turbines return</title>\
         <link>{}</link><guid>t1</guid><description>One line teaser.</description></item></channel></rss>",
        server.url("/story")
    );
    server.route("/feed", Route::ok("application/rss+xml", feed.clone()));
    server.route(
        "/other",
        Route::ok("application/rss+xml", feed.replace("t1", "t2")),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[settings]\nfull_text_feeds = [\"Courier\"]\n\n[[feed]]\nname = \"Courier\"\nurl = \"{}\"\n\n\
             [[feed]]\nname = \"Other\"\nurl = \"{}\"\n",
            server.url("/feed"),
            server.url("/other")
        ),
    )
    .unwrap();
    let run = |extra: &[&str]| with_config(dir.path(), &config, extra);
    run(&["refresh"]);
    assert_eq!(
        server.requests("/story").len(),
        1,
        "only the listed feed's article"
    );
    server.route("/story", Route::status(500));
    assert_clean_article(&stdout(&run(&["show", "t1", "--full", "--plain"])));
    run(&["refresh"]);
    assert_eq!(
        server.requests("/story").len(),
        1,
        "fetched once, not on every refresh"
    );
}

#[test]
fn extract_json_gives_the_pages_metadata_and_its_text() {
    let server = TestServer::start();
    let page = ARTICLE_PAGE
        .replace("<html>", "<html lang=\"en-GB\">")
        .replace(
            "<meta name=\"author\"",
            "<meta property=\"og:image\" content=\"/img/lead.jpg\">\
             <meta property=\"article:published_time\" content=\"2026-11-20T08:30:00Z\">\
             <meta name=\"author\"",
        );
    server.route("/story", Route::ok("text/html; charset=utf-8", page));
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(&["extract", &server.url("/story"), "--json"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Turbines return after the storm", "{json}");
    assert_eq!(json["byline"], "Ingrid Solberg");
    assert_eq!(json["site_name"], "Coast Courier");
    assert_eq!(json["url"], server.url("/story"));
    assert_eq!(
        json["image"],
        server.url("/img/lead.jpg"),
        "absolute, never fetched"
    );
    assert!(server.requests("/img/lead.jpg").is_empty());
    assert!(
        json["lang"].as_str().is_some_and(|l| l.starts_with("en")),
        "{json}"
    );
    let text = json["text"].as_str().unwrap();
    assert!(text.contains("restarted the first turbines"), "{text}");
    assert!(!text.contains("Related stories"), "{text}");
}
