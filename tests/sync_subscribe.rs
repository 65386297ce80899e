//! Subscribing through the server for a synced account, both kinds, on a
//! real Miniflux: `tidings import FILE` sends the feeds the server does not
//! follow yet (in the OPML folder as the server's folder) and pulls their
//! entries; `tidings::sync::unsubscribe` drops one on the server and hides
//! it here. The config's own feed list is left alone. Skipped with a note
//! when Miniflux or PostgreSQL is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod sync_support;

use common::miniflux::Miniflux;
use common::{Route, TestServer, rss};
use sync_support::Account;

const READER_PASSWORD: &str = "greader-pass-sub-1";

/// The server's feeds: (feed_url, category title).
fn server_feeds(miniflux: &Miniflux) -> Vec<(String, String)> {
    let feeds = miniflux.api("GET", "/v1/feeds", None).json();
    let mut out: Vec<(String, String)> = feeds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["feed_url"].as_str().unwrap().to_owned(),
                f["category"]["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn opml(feeds: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (title, url) in feeds {
        body.push_str(&format!(
            "<outline text=\"{title}\" title=\"{title}\" type=\"rss\" xmlUrl=\"{url}\"/>"
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head><body>\
         <outline text=\"Tech\">{body}</outline></body></opml>"
    )
}

fn import(account: &Account, feeds: &[(&str, &str)]) -> String {
    let file = account.dir.path().join("import.opml");
    std::fs::write(&file, opml(feeds)).unwrap();
    let (ok, out, err) = account.run(&["import", file.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    out
}

fn unsubscribe(account: &Account, url: &str) {
    let config = tidings::config::Config::load(&account.config).unwrap();
    let mut store = tidings::library::store::Store::open(&account.db).unwrap();
    let report = tidings::sync::unsubscribe(
        &mut store,
        config.sync.as_ref().unwrap(),
        account.dir.path(),
        url,
    )
    .unwrap();
    assert_eq!(report.error, None);
}

#[test]
fn import_subscribes_on_the_server_for_both_kinds() {
    let feeds = TestServer::start();
    for name in ["a", "b", "c", "d", "e"] {
        feeds.route(
            &format!("/{name}.xml"),
            Route::ok("application/rss+xml", rss(name, 1, 5)),
        );
    }
    let Some(miniflux) = Miniflux::start() else {
        println!("skipped: no Miniflux");
        return;
    };
    miniflux.enable_google_reader("admin", READER_PASSWORD);
    let (a, b, c, d) = (
        feeds.url("/a.xml"),
        feeds.url("/b.xml"),
        feeds.url("/c.xml"),
        feeds.url("/d.xml"),
    );

    // Miniflux's REST API: two new feeds, in the OPML's folder.
    let rest = Account::new(
        "miniflux",
        &miniflux.url(),
        "admin",
        common::miniflux::ADMIN_PASSWORD,
    );
    let out = import(&rest, &[("A", &a), ("B", &b)]);
    assert!(out.contains("2 added, 0 already present"), "{out}");
    assert!(out.contains("sync: 10 pulled"), "{out}");
    assert_eq!(
        server_feeds(&miniflux),
        [
            (a.clone(), "Tech".to_owned()),
            (b.clone(), "Tech".to_owned())
        ]
    );
    assert_eq!(rest.articles().len(), 10);
    let config = std::fs::read_to_string(&rest.config).unwrap();
    assert!(
        !config.contains("[[feed]]"),
        "the config was changed: {config}"
    );

    // The Google Reader API: one already there, two new.
    let greader = Account::new("greader", &miniflux.url(), "admin", READER_PASSWORD);
    let out = import(&greader, &[("A", &a), ("C", &c), ("D", &d)]);
    assert!(out.contains("2 added, 1 already present"), "{out}");
    assert_eq!(server_feeds(&miniflux).len(), 4);
    assert!(
        server_feeds(&miniflux)
            .iter()
            .all(|(_, folder)| folder == "Tech")
    );
    assert_eq!(greader.articles().len(), 20);

    // `tidings add` goes to the server as well, its tag the folder.
    let e = feeds.url("/e.xml");
    let (ok, out, err) = rest.run(&["add", &e, "--tag", "News"]);
    assert!(ok, "{out}{err}");
    assert!(
        server_feeds(&miniflux).contains(&(e.clone(), "News".to_owned())),
        "{:?}",
        server_feeds(&miniflux)
    );
    assert!(
        !std::fs::read_to_string(&rest.config)
            .unwrap()
            .contains("[[feed]]")
    );

    // Unsubscribing: gone from the server, hidden here.
    unsubscribe(&greader, &d);
    unsubscribe(&rest, &b);
    let left: Vec<String> = server_feeds(&miniflux).into_iter().map(|f| f.0).collect();
    assert_eq!(left, [a.clone(), c.clone(), e.clone()]);
    let (_, listed, _) = greader.run(&["feeds", "--json"]);
    assert!(!listed.contains(&d) && listed.contains(&c), "{listed}");
}
