//! Related articles, topics and stories on a realistic multi-outlet story
//! (tests/fixtures/stories/multi_outlet.jsonl, written for these tests):
//! six outlets cover North Korean rail freight to Russia after a Kim–Putin
//! summit, beside other North Korea, Russia, rail and Putin stories. Two
//! outlets carry summaries only; their full text is fetched with
//! `show --full` from pages served on 127.0.0.1, as a user would with `f`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, HashMap};

use common::eval::{Pipeline, escape, opaque, paragraphs};
use common::multi_outlet::{Item, items};
use common::{Route, TestServer};

const SUMMARY_ONLY: &[&str] = &["Asia Monitor", "Eastern Herald"];

/// An article page with ordinary chrome around the text.
fn page(item: &Item) -> String {
    format!(
        "<html><head><title>{title} | {outlet}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/asia\">Asia</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <footer>Copyright {outlet}. All rights reserved.</footer></body></html>",
        title = escape(&item.title),
        outlet = escape(&item.outlet),
        body = paragraphs(&item.text)
    )
}

/// Serves one feed per outlet and the article pages; returns the config.
fn serve(server: &TestServer, items: &[Item]) -> String {
    let mut by_outlet: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in items {
        by_outlet.entry(&item.outlet).or_default().push(item);
    }
    let mut config = String::from("[settings]\nrefresh_on_start = false\n");
    for (n, (outlet, items)) in by_outlet.iter().enumerate() {
        let summary_only = SUMMARY_ONLY.contains(outlet);
        let mut rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>{}</title>\
             <category>North Korea</category>",
            escape(outlet)
        );
        for item in items {
            let path = format!("/story/{}", opaque(&item.id));
            server.route(&path, Route::ok("text/html; charset=utf-8", page(item)));
            let lede = item.text.split("\n\n").next().unwrap_or_default();
            let summary = item.summary.as_deref().unwrap_or(lede);
            rss.push_str(&format!(
                "<item><title>{}</title><link>{}</link><guid isPermaLink=\"false\">{}</guid>\
                 <category>World</category><pubDate>Tue, 11 Mar 2025 12:00:00 GMT</pubDate>\
                 <description>{}</description>",
                escape(&item.title),
                server.url(&path),
                opaque(&item.id),
                escape(summary),
            ));
            if !summary_only {
                rss.push_str(&format!(
                    "<content:encoded>{}</content:encoded>",
                    escape(&paragraphs(&item.text))
                ));
            }
            rss.push_str("</item>");
        }
        rss.push_str("</channel></rss>");
        let feed = format!("/feed/{n}");
        server.route(&feed, Route::ok("application/rss+xml", rss));
        config.push_str(&format!(
            "\n[[feed]]\nname = \"{outlet}\"\nurl = \"{}\"\n",
            server.url(&feed)
        ));
    }
    config
}

/// The fixture refreshed, the summary-only outlets' text fetched, and the
/// corpus id of each database id.
fn prepared() -> (TestServer, Pipeline, Vec<Item>, HashMap<i64, usize>) {
    let items = items();
    let server = TestServer::start();
    let run = Pipeline::with_config(&serve(&server, &items));
    run.json(&["refresh", "--json"]);
    let articles = run.json(&["articles", "--json"]);
    let mut index = HashMap::new();
    for article in articles.as_array().unwrap() {
        let link = article["link"].as_str().unwrap();
        let at = items
            .iter()
            .position(|i| link.ends_with(&opaque(&i.id)))
            .unwrap();
        let id = article["id"].as_i64().unwrap();
        index.insert(id, at);
        if SUMMARY_ONLY.contains(&items[at].outlet.as_str()) {
            run.run(&["show", &id.to_string(), "--full"]);
        }
    }
    assert_eq!(index.len(), items.len());
    (server, run, items, index)
}

#[test]
fn the_story_leads_related_for_each_of_its_articles() {
    let (_server, run, items, index) = prepared();
    let rail: Vec<i64> = index
        .iter()
        .filter(|(_, at)| items[**at].story == "rail")
        .map(|(&id, _)| id)
        .collect();
    assert_eq!(rail.len(), 6);
    let mut found = 0;
    for &query in &rail {
        let related = run.json(&["related", &query.to_string(), "--json", "--limit", "10"]);
        let stories: Vec<&str> = related
            .as_array()
            .unwrap()
            .iter()
            .map(|r| items[index[&r["id"].as_i64().unwrap()]].story.as_str())
            .collect();
        eprintln!("{}: {stories:?}", items[index[&query]].id);
        if std::env::var("DEBUG_RELATED").is_ok() {
            for r in related.as_array().unwrap().iter().take(5) {
                eprintln!("    {} {} {}", r["score"], r["title"], r["shared_topics"]);
            }
        }
        let companions = stories[..5].iter().filter(|s| **s == "rail").count();
        found += companions;
        // The closest is a companion, and most of the first five are.
        // (Which distractor comes fifth can change from run to run: the
        // refresh stores feeds in the order they arrive, and that orders
        // ties.)
        assert_eq!(stories[0], "rail", "{stories:?}");
        assert!(companions >= 3, "{stories:?}");
    }
    // The goal is all five companions first for every article; the
    // note of the session that wrote this says how far it is.
    let precision = found as f64 / 30.0;
    eprintln!("rail story: {found} of 30 top-5 places are companions (P@5 {precision:.3})");
    assert!(precision >= 0.8, "P@5 {precision}");
}

#[test]
fn names_are_topics_with_one_label_each() {
    let (_server, run, items, index) = prepared();
    let topics = run.json(&["topics", "--json", "--limit", "30"]);
    let labels: Vec<&str> = topics
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["topic"].as_str().unwrap())
        .collect();
    for wanted in ["Vladimir Putin", "North Korea", "Russia"] {
        assert!(labels.contains(&wanted), "{wanted} in {labels:?}");
    }
    assert!(
        labels.iter().any(|l| l.starts_with("Kim Jong")),
        "{labels:?}"
    );
    for unwanted in [
        "North Korean",
        "Russian",
        "President Vladimir Putin",
        "Mr Putin",
    ] {
        assert!(!labels.contains(&unwanted), "{unwanted} in {labels:?}");
    }
    // A Title Case headline's names come out whole.
    let articles = run.json(&["articles", "--json"]);
    let title_case = articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| items[index[&a["id"].as_i64().unwrap()]].id == "a01")
        .unwrap();
    let topics: Vec<&str> = title_case["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(topics.contains(&"North Korea"), "{topics:?}");
    for single in ["jong", "kim", "north", "vladimir"] {
        assert!(
            !topics.iter().any(|t| t.eq_ignore_ascii_case(single)),
            "{topics:?}"
        );
    }
}

#[test]
fn the_story_is_one_row_with_its_outlets_and_nothing_else() {
    let (_server, run, items, index) = prepared();
    let stories = run.json(&["stories", "--json"]);
    let rail_story = stories
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| items[index[&a.as_i64().unwrap()]].id == "a01")
        })
        .expect("the rail story");
    let members: Vec<&str> = rail_story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| items[index[&a.as_i64().unwrap()]].story.as_str())
        .collect();
    for story in stories.as_array().unwrap() {
        let labels: Vec<&str> = story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| items[index[&a.as_i64().unwrap()]].story.as_str())
            .collect();
        eprintln!("story {}: {labels:?}", story["id"]);
    }
    assert!(members.iter().all(|s| *s == "rail"), "{members:?}");
    eprintln!("the rail story: {members:?}");
    assert!(members.len() >= 3, "{members:?}");
    assert_eq!(rail_story["sources"], members.len());
    assert_eq!(stories[0]["id"], rail_story["id"], "biggest first");
    // `articles --json` names the story of each of its articles.
    let articles = run.json(&["articles", "--json"]);
    for article in articles.as_array().unwrap() {
        let id = article["id"].as_i64().unwrap();
        let listed = rail_story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_i64() == Some(id));
        if listed {
            assert_eq!(article["story"], rail_story["id"]);
        }
    }
}
