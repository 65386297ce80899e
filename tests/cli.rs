//! The built binary, run as a user would: JSON shapes of every subcommand,
//! exit codes and one-line errors, import/export round trips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Output};

use common::{Route, TestServer, rss};
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// Runs tidings with a private database and XDG folders.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args(["--db", self.path("t.db").to_str().unwrap()])
            .args(args)
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("HOME", self.dir.path())
            .env("TZ", "UTC")
            .output()
            .unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn config(&self, server: &TestServer, feeds: &[(&str, &str)]) -> String {
        let list: Vec<(&str, String)> = feeds.iter().map(|(n, p)| (*n, server.url(p))).collect();
        let path = common::write_config(self.dir.path(), "timeout_secs = 5", &list);
        path.to_str().unwrap().to_owned()
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn served() -> TestServer {
    let server = TestServer::start();
    server.route(
        "/a",
        Route::ok("application/rss+xml", rss("a", 0, 3))
            .with_validators("\"a\"", "Mon, 16 Nov 2026 10:00:00 GMT"),
    );
    server.route(
        "/b",
        Route::ok("application/rss+xml", rss("b", 0, 2))
            .with_validators("\"b\"", "Mon, 16 Nov 2026 10:00:00 GMT"),
    );
    server
}

#[test]
fn refresh_then_articles_lists_everything_and_second_refresh_is_not_modified() {
    let server = served();
    let env = Env::new();
    let config = env.config(&server, &[("Alpha", "/a"), ("Beta", "/b")]);
    let first = env.json(&["--config", &config, "refresh", "--json"]);
    let first = first.as_array().unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(keys(&first[0]), ["error", "feed", "new", "status", "url"]);
    assert_eq!(first[0]["status"], "updated");
    assert_eq!(first[0]["new"], 3);
    assert_eq!(first[0]["feed"], "Alpha");

    let articles = env.json(&["--config", &config, "articles", "--json"]);
    let articles = articles.as_array().unwrap();
    assert_eq!(articles.len(), 5);
    assert_eq!(
        keys(&articles[0]),
        [
            "feed",
            "id",
            "link",
            "published",
            "read",
            "starred",
            "story",
            "title",
            "topics"
        ]
    );
    assert_eq!(articles[0]["published"], "2026-11-16T10:02:00Z");

    let second = env.json(&["--config", &config, "refresh", "--json"]);
    assert!(
        second
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "not_modified"),
        "{second}"
    );
}

#[test]
fn feeds_json_has_counts_and_errors() {
    let server = served();
    server.route("/broken", Route::status(500));
    let env = Env::new();
    let config = env.config(&server, &[("Alpha", "/a"), ("Broken", "/broken")]);
    let out = env.run(&["--config", &config, "refresh"]);
    assert!(
        out.status.success(),
        "a failed feed is not a failed command"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("error         Broken: HTTP 500 Internal Server Error"),
        "{text}"
    );
    let feeds = env.json(&["--config", &config, "feeds", "--json"]);
    let feeds = feeds.as_array().unwrap();
    assert_eq!(
        keys(&feeds[0]),
        [
            "last_error",
            "last_error_detail",
            "last_status",
            "name",
            "source",
            "tags",
            "total",
            "unread",
            "url"
        ]
    );
    assert_eq!(
        (feeds[0]["total"].as_u64(), feeds[0]["unread"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(feeds[1]["last_status"], "error");
    assert_eq!(feeds[1]["last_error"], "HTTP 500 Internal Server Error");
}

#[test]
fn articles_filter_by_feed_unread_search_and_limit() {
    let server = served();
    let env = Env::new();
    let config = env.config(&server, &[("Alpha", "/a"), ("Beta", "/b")]);
    env.run(&["--config", &config, "refresh"]);
    let count = |args: &[&str]| {
        let mut all = vec!["--config", config.as_str(), "articles", "--json"];
        all.extend_from_slice(args);
        env.json(&all).as_array().unwrap().len()
    };
    assert_eq!(count(&["--feed", "beta"]), 2);
    assert_eq!(count(&["--search", "item 1"]), 2);
    assert_eq!(count(&["--limit", "4"]), 4);
    assert_eq!(count(&["--unread"]), 5);
    let out = env.run(&["--config", &config, "articles", "--feed", "Nope"]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim(),
        "tidings: no feed named 'Nope' (see `tidings feeds`)"
    );
}

#[test]
fn show_renders_text_with_links_and_plain_body() {
    let server = TestServer::start();
    server.route(
        "/f",
        Route::ok(
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>F</title><item><title>Linked</title>\
             <guid>g1</guid><link>https://example.org/linked</link>\
             <description>&lt;p&gt;See &lt;a href=\"https://example.org/src\"&gt;the source&lt;/a&gt;.&lt;/p&gt;</description>\
             </item></channel></rss>",
        ),
    );
    let env = Env::new();
    let config = env.config(&server, &[("F", "/f")]);
    env.run(&["--config", &config, "refresh"]);
    let out = env.run(&["--config", &config, "show", "g1", "--width", "60"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Linked\nF\nhttps://example.org/linked\n\nSee the source[1].\n"),
        "{text}"
    );
    assert!(text.contains("[1]: https://example.org/src"), "{text}");
    let plain = env.run(&[
        "--config",
        &config,
        "show",
        "https://example.org/linked",
        "--plain",
    ]);
    assert_eq!(String::from_utf8_lossy(&plain.stdout), "See the source.\n");
}

#[test]
fn unknown_article_is_a_one_line_error() {
    let server = served();
    let env = Env::new();
    let config = env.config(&server, &[("Alpha", "/a")]);
    let out = env.run(&["--config", &config, "show", "99999"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("tidings: no article matches '99999'"),
        "{err}"
    );
}

#[test]
fn bad_config_names_file_line_and_key() {
    let env = Env::new();
    let path = env.path("bad.toml");
    std::fs::write(
        &path,
        "[settings]\nconcurrency = 4\ntimeout_secs = \"soon\"\n",
    )
    .unwrap();
    let out = env.run(&["--config", path.to_str().unwrap(), "feeds"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "tidings: {}:3: key 'timeout_secs':",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn missing_files_are_one_line_errors() {
    let env = Env::new();
    let out = env.run(&["--config", "/nonexistent/config.toml", "feeds"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("tidings: cannot read config /nonexistent/config.toml"));
    let out = env.run(&["import", "/nonexistent/subs.opml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("tidings: cannot read /nonexistent/subs.opml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn opml_import_then_export_round_trips() {
    let env = Env::new();
    let opml = env.path("subs.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
        <outline text="Tech"><outline text="LWN" title="LWN" type="rss" xmlUrl="https://lwn.net/headlines/rss"/></outline>
        <outline text="BBC" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml" category="/world,/news"/>
        <outline text="A folder note"/>
        </body></opml>"#,
    )
    .unwrap();
    let config = env.path("config.toml");
    let out = env.run(&[
        "--config",
        config.to_str().unwrap(),
        "import",
        opml.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("2 added, 0 already present, 1 not imported"),
        "{text}"
    );
    assert!(
        text.contains("not imported   A folder note: outline has no xmlUrl"),
        "{text}"
    );

    let exported = env.run(&["--config", config.to_str().unwrap(), "export"]);
    let exported = String::from_utf8_lossy(&exported.stdout).into_owned();
    let again = env.path("again.opml");
    std::fs::write(&again, &exported).unwrap();
    let list = tidings::feeds::subscriptions::read_subscriptions(&again).unwrap();
    let urls: Vec<&str> = list.feeds.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://lwn.net/headlines/rss",
            "https://feeds.bbci.co.uk/news/world/rss.xml"
        ]
    );
    assert_eq!(list.feeds[0].tags, ["Tech"]);
    assert_eq!(list.feeds[1].tags, ["world", "news"]);
    assert_eq!(list.feeds[0].name.as_deref(), Some("LWN"));

    // Importing the same file again adds nothing.
    let out = env.run(&[
        "--config",
        config.to_str().unwrap(),
        "import",
        opml.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 added, 2 already present"));
}

#[test]
fn newsboat_urls_import_into_the_user_config() {
    let env = Env::new();
    let urls = env.path("urls");
    std::fs::write(
        &urls,
        "# newsboat urls\nhttps://lwn.net/headlines/rss linux \"free software\"\n\
         https://example.org/feed ~\"My Title\" news\n\"exec:fetch-feed.sh\"\n",
    )
    .unwrap();
    let out = env.run(&["import", urls.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 added, 0 already present, 1 not imported"),
        "{text}"
    );
    let written = env.path("xdg-config/tidings/config.toml");
    let config = tidings::config::Config::load(&written).unwrap();
    assert_eq!(
        config.feeds.len(),
        2,
        "the user's list replaces the default one"
    );
    assert_eq!(config.feeds[0].tags, ["linux", "free software"]);
    assert_eq!(config.feeds[1].name.as_deref(), Some("My Title"));
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .contains("# Maximum number of feeds")
    );
    // Commands without --config now use that file.
    let feeds = env.json(&["feeds", "--json"]);
    assert_eq!(feeds.as_array().unwrap().len(), 2);
}

#[test]
fn escape_sequences_from_a_feed_never_reach_the_terminal() {
    let server = TestServer::start();
    server.route(
        "/evil",
        Route::ok(
            "application/rss+xml",
            "<rss version=\"2.0\"><channel><title>Evil\u{1b}]52;c;ZXZpbA==\u{7}</title>\
             <item><title>Hi\u{1b}[2J\u{1b}]0;pwned\u{7} there</title><guid>e1</guid>\
             <description>body\u{1b}[31m red</description></item></channel></rss>",
        ),
    );
    let env = Env::new();
    let path = env.path("c.toml");
    std::fs::write(
        &path,
        format!("[[feed]]\nurl = \"{}\"\n", server.url("/evil")),
    )
    .unwrap();
    let config = path.to_str().unwrap();
    env.run(&["--config", config, "refresh"]);
    for args in [
        vec!["articles"],
        vec!["articles", "--json"],
        vec!["feeds"],
        vec!["feeds", "--json"],
        vec!["show", "e1"],
    ] {
        let mut all = vec!["--config", config];
        all.extend(args.iter().copied());
        let out = env.run(&all);
        let bytes = [out.stdout, out.stderr].concat();
        assert!(
            !bytes.contains(&0x1b),
            "{args:?}: {}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(!bytes.contains(&0x07), "{args:?}");
    }
    let out = env.run(&["--config", config, "articles"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Hi there"));
}

#[test]
fn demo_runs_offline_with_bundled_feeds() {
    let env = Env::new();
    let out = env.run(&["--demo", "refresh", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 6);
    let articles = env.json(&["--demo", "articles", "--json"]);
    assert!(articles.as_array().unwrap().len() >= 60);
}

#[test]
fn closed_pipe_is_a_clean_exit() {
    let env = Env::new();
    env.run(&["--demo", "refresh"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args([
            "--db",
            env.path("t.db").to_str().unwrap(),
            "--demo",
            "articles",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}
