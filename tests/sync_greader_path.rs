//! tidings finds the Google Reader API under a server's base URL: a
//! FreshRSS-like stand-in on loopback serves it only at
//! `{base}/api/greader.php`, with long-form item ids and a separate edit
//! token. The base is tried first, then that path; the login token goes in
//! the `Authorization` header, and the server's text is sanitised.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod sync_support;

use common::{Route, TestServer};
use sync_support::Account;

const API: &str = "/api/greader.php";
const READING: &str = "user%2F-%2Fstate%2Fcom.google%2Freading-list";
const READ: &str = "user%2F-%2Fstate%2Fcom.google%2Fread";
const STARRED: &str = "user%2F-%2Fstate%2Fcom.google%2Fstarred";

fn json(body: serde_json::Value) -> Route {
    Route::ok("application/json", body.to_string())
}

#[test]
fn the_api_is_found_at_the_freshrss_path() {
    let server = TestServer::start();
    let at = |path: &str| format!("{API}{path}");
    server.route(
        &at("/accounts/ClientLogin"),
        Route::ok("text/plain", "SID=me/abc\nLSID=me/abc\nAuth=me/abc\n"),
    );
    server.route(
        &at("/reader/api/0/token"),
        Route::ok("text/plain", "edit-token-1\n"),
    );
    server.route(
        &at("/reader/api/0/subscription/list?output=json"),
        json(serde_json::json!({"subscriptions": [{
            "id": "feed/7", "title": "Fresh \u{1b}[31mFeed", "url": "https://example.org/f.xml",
            "categories": [{"id": "user/-/label/Tech", "label": "Tech"}]
        }]})),
    );
    server.route(
        &at(&format!(
            "/reader/api/0/stream/items/ids?output=json&s={READING}&n=1000&xt={READ}"
        )),
        json(serde_json::json!({"itemRefs": [{"id": "1234"}]})),
    );
    server.route(
        &at(&format!(
            "/reader/api/0/stream/items/ids?output=json&s={STARRED}&n=1000"
        )),
        json(serde_json::json!({"itemRefs": []})),
    );
    server.route(
        &at("/reader/api/0/stream/items/contents?output=json"),
        json(serde_json::json!({"items": [{
            "id": "tag:google.com,2005:reader/item/00000000000004d2",
            "title": "Hello from Fresh",
            "published": 1_795_168_800,
            "categories": ["user/-/state/com.google/reading-list"],
            "alternate": [{"href": "https://example.org/hello"}],
            "summary": {"content": "<p>Body</p>"},
            "origin": {"streamId": "feed/7"}
        }]})),
    );
    let base = server.url("");
    let account = Account::new("greader", base.trim_end_matches('/'), "me", "fresh-pass-3");

    let report = account.sync();
    assert_eq!(report["pulled"], 1, "{report}");
    assert_eq!(report["error"], serde_json::Value::Null);
    assert!(
        !server.requests("/accounts/ClientLogin").is_empty(),
        "the base was not tried first"
    );
    let listed = server.requests(&at("/reader/api/0/subscription/list?output=json"));
    assert_eq!(
        listed[0].headers.get("authorization").map(String::as_str),
        Some("GoogleLogin auth=me/abc")
    );
    let articles = account.articles();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["title"], "Hello from Fresh");
    let (_, feeds, _) = account.run(&["feeds", "--json"]);
    assert!(
        feeds.contains("\"Fresh Feed\"") && feeds.contains("\"Tech\""),
        "{feeds}"
    );
    assert!(!feeds.contains('\u{1b}'));
}
