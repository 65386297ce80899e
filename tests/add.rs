//! `tidings add`: a feed URL is added as it is; a page is searched for the
//! feeds it names, then the usual paths of its site; several feeds make a
//! script fail with the list; every addition lands in the config file with
//! its comments kept, and the feed then refreshes. All on loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Route, TestServer, rss};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--db", dir.join("t.db").to_str().unwrap()])
        .args(["--config", dir.join("config.toml").to_str().unwrap()])
        .args(args)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn page(head: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>A site</title>{head}</head><body><p>Hello</p></body></html>"
    )
}

fn server() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/news/rss.xml",
        Route::ok("application/rss+xml", rss("gazette", 0, 3)),
    );
    server.route(
        "/comments.atom",
        Route::ok("application/atom+xml", common::atom("comments", 2)),
    );
    server.route(
        "/news/",
        Route::ok(
            "text/html",
            page(
                r#"<link rel="alternate" type="application/rss+xml" title="News" href="rss.xml">"#,
            ),
        ),
    );
    server.route(
        "/two.html",
        Route::ok(
            "text/html",
            page(
                r#"<link rel="alternate" type="application/rss+xml" href="/news/rss.xml">
                   <link rel="alternate" type="application/atom+xml" href="/comments.atom">"#,
            ),
        ),
    );
    server
}

const CONFIG: &str = "# my feeds, by hand\n[settings]\ntimeout_secs = 5\n";

#[test]
fn a_page_url_finds_its_feed_which_is_added_with_comments_kept_and_refreshes() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let out = run(
        dir.path(),
        &["add", &server.url("/news/"), "--tag", "local"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("added"), "{}", text(&out));
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(config.starts_with("# my feeds, by hand"), "{config}");
    let parsed: toml::Value = toml::from_str(&config).unwrap();
    let feed = &parsed["feed"].as_array().unwrap()[0];
    assert_eq!(
        feed["url"].as_str(),
        Some(server.url("/news/rss.xml").as_str())
    );
    assert_eq!(feed["name"].as_str(), Some("gazette"));
    assert_eq!(feed["tags"].as_array().unwrap()[0].as_str(), Some("local"));

    let again = run(dir.path(), &["add", &server.url("/news/rss.xml")]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("already there"), "{}", text(&again));

    let refreshed = run(dir.path(), &["refresh"]);
    assert!(refreshed.status.success(), "{}", text(&refreshed));
    let listed = run(dir.path(), &["articles", "--json"]);
    let articles: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(articles.as_array().unwrap().len(), 3);
}

#[test]
fn a_feed_url_is_added_as_it_is_with_the_name_given() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let url = server.url("/comments.atom");
    let out = run(dir.path(), &["add", &url, "--name", "Talk"]);
    assert!(out.status.success(), "{}", text(&out));
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(config.contains(&format!("url = \"{url}\"")), "{config}");
    assert!(config.contains("name = \"Talk\""), "{config}");
}

#[test]
fn a_page_that_names_no_feed_falls_back_to_the_usual_paths() {
    let server = TestServer::start();
    server.route("/about.html", Route::ok("text/html", page("")));
    server.route(
        "/index.xml",
        Route::ok("application/rss+xml", rss("usual", 0, 1)),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let out = run(dir.path(), &["add", &server.url("/about.html")]);
    assert!(out.status.success(), "{}", text(&out));
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert!(config.contains(&server.url("/index.xml")), "{config}");
}

#[test]
fn several_feeds_make_a_script_fail_with_the_list_and_nothing_is_written() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let out = run(dir.path(), &["add", &server.url("/two.html")]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("2 feeds found"), "{said}");
    assert!(said.contains(&server.url("/news/rss.xml")), "{said}");
    assert!(said.contains(&server.url("/comments.atom")), "{said}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("config.toml")).unwrap(),
        CONFIG
    );
}

#[test]
fn no_feed_anywhere_and_a_missing_page_are_clear_errors() {
    let server = TestServer::start();
    server.route("/plain.html", Route::ok("text/html", page("")));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let out = run(dir.path(), &["add", &server.url("/plain.html")]);
    assert!(!out.status.success());
    assert!(text(&out).contains("no feed found"), "{}", text(&out));
    let missing = run(dir.path(), &["add", &server.url("/gone")]);
    assert!(!missing.status.success());
    assert!(text(&missing).contains("404"), "{}", text(&missing));
    let scheme = run(dir.path(), &["add", "file:///etc/passwd"]);
    assert!(
        text(&scheme).contains("not a web address"),
        "{}",
        text(&scheme)
    );
}
