//! A sync server that fails is left alone for a while by the syncs that
//! come with a refresh (the wait doubling from a minute), while `tidings
//! sync` always tries; what is queued stays queued. The "server" is a
//! loopback stand-in answering 500 to everything, counting requests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Route, TestServer, rss};

use common::run::tidings;

#[test]
fn a_failing_server_waits_for_refreshes_but_not_for_tidings_sync() {
    let feeds = TestServer::start();
    feeds.route(
        "/local",
        Route::ok("application/rss+xml", rss("local", 0, 2)),
    );
    let server = TestServer::start();
    for path in ["/v1/me", "/v1/feeds", "/v1/categories", "/v1/entries"] {
        server.route(path, Route::status(500));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("token"), "backoff-token-77\n").unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[settings]\ntimeout_secs = 5\n\n[[feed]]\nname = \"Local\"\nurl = \"{}\"\n\n\
             [sync]\nkind = \"miniflux\"\nurl = \"{}\"\ntoken_file = \"token\"\n",
            feeds.url("/local"),
            server.url("/")
        ),
    )
    .unwrap();

    let first = tidings(dir.path(), &["refresh"]);
    assert!(first.status.success());
    let tried = server.request_count();
    assert!(tried > 0, "the first refresh tries the server");
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.contains("sync:") && text.contains("error"), "{text}");

    // Marks made meanwhile wait in the queue.
    let marked = tidings(dir.path(), &["mark", "local-0", "--read"]);
    assert!(
        marked.status.success(),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );

    let second = tidings(dir.path(), &["refresh"]);
    assert!(second.status.success());
    assert_eq!(
        server.request_count(),
        tried,
        "the server is left alone for now"
    );
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(text.contains("next try in"), "{text}");
    assert!(!text.contains("backoff-token-77"));

    let explicit = tidings(dir.path(), &["sync"]);
    assert!(!explicit.status.success(), "the server still fails");
    assert!(server.request_count() > tried, "tidings sync tries at once");
    let status =
        String::from_utf8_lossy(&tidings(dir.path(), &["sync", "--status"]).stdout).into_owned();
    assert!(status.contains("changes waiting"), "{status}");
}
