//! Related-article quality on the story-labelled headlines of
//! ../shared/corpora/topics, through the real pipeline: one feed per
//! publisher served on 127.0.0.1, `tidings refresh`, `tidings related --all`,
//! scored by the corpus's own score_topics.py.
//!
//! The corpus gives the answer away through time and order, so every item
//! gets one fixed date, items are shuffled within each feed, and links and
//! guids are opaque tokens: only the text can be scored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::Command;

use common::eval::{escape, opaque, shuffle};
use common::{Route, TestServer};

fn corpus() -> Option<PathBuf> {
    common::corpora("topics", "uci_news_aggregator_subset.jsonl")
}

#[test]
fn related_articles_find_the_same_story_from_text_alone() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: corpora not found (set TIDINGS_CORPORA)");
        return;
    };
    let text = std::fs::read_to_string(dir.join("uci_news_aggregator_subset.jsonl")).unwrap();
    let mut by_source: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut corpus_id_by_link: HashMap<String, String> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let item: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = item["id"].as_str().unwrap().to_owned();
        let title = item["title"].as_str().unwrap_or("").to_owned();
        let source = item["source"].as_str().unwrap_or("unknown").to_owned();
        let link = format!("https://eval.invalid/item/{}", opaque(&id));
        corpus_id_by_link.insert(link.clone(), id.clone());
        by_source.entry(source).or_default().push((link, title));
    }
    let server = TestServer::start();
    let mut config =
        String::from("[settings]\nconcurrency = 64\nper_host = 64\ntimeout_secs = 20\n");
    for (n, (source, items)) in by_source.iter_mut().enumerate() {
        shuffle(items, n as u64 + 7);
        let mut rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{}</title>",
            escape(source)
        );
        for (link, title) in items.iter() {
            rss.push_str(&format!(
                "<item><title>{}</title><link>{link}</link><guid isPermaLink=\"false\">{}</guid>\
                 <pubDate>Tue, 11 Mar 2014 12:00:00 GMT</pubDate></item>",
                escape(title),
                link.rsplit('/').next().unwrap()
            ));
        }
        rss.push_str("</channel></rss>");
        let path = format!("/feed/{n}");
        server.route(&path, Route::ok("application/rss+xml", rss));
        config.push_str(&format!("\n[[feed]]\nurl = \"{}\"\n", server.url(&path)));
    }
    let work = tempfile::tempdir().unwrap();
    let config_path = work.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    let db = work.path().join("eval.db");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args([
                "--config",
                config_path.to_str().unwrap(),
                "--db",
                db.to_str().unwrap(),
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let refreshed: serde_json::Value =
        serde_json::from_slice(&run(&["refresh", "--json"])).unwrap();
    let stored: u64 = refreshed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["new"].as_u64().unwrap())
        .sum();
    assert_eq!(
        stored as usize,
        corpus_id_by_link.len(),
        "every headline stored"
    );

    let related = run(&["related", "--all", "--limit", "10"]);
    let db_to_corpus: HashMap<i64, String> = String::from_utf8_lossy(&related)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let link = v["link"].as_str().unwrap();
            (v["id"].as_i64().unwrap(), corpus_id_by_link[link].clone())
        })
        .collect();
    let mut predictions = String::new();
    for line in String::from_utf8_lossy(&related).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let ids: Vec<&String> = v["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &db_to_corpus[&r.as_i64().unwrap()])
            .collect();
        let query = &db_to_corpus[&v["id"].as_i64().unwrap()];
        predictions.push_str(&serde_json::json!({"id": query, "related": ids}).to_string());
        predictions.push('\n');
    }
    let predictions_path = work.path().join("predictions.jsonl");
    std::fs::write(&predictions_path, predictions).unwrap();
    let scored = Command::new("python3")
        .arg(dir.join("score_topics.py"))
        .arg(&predictions_path)
        .arg("--json")
        .output()
        .expect("python3 runs the scorer");
    assert!(
        scored.status.success(),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    let scores: serde_json::Value = serde_json::from_slice(&scored.stdout).unwrap();
    eprintln!("topics corpus: {scores}");
    // The corpus's own TF-IDF cosine of the titles, scored the same way.
    let baseline_path = work.path().join("tfidf.jsonl");
    common::eval::python(&dir.join("tfidf_baseline.py"), &[baseline_path.as_os_str()]);
    let baseline: serde_json::Value = serde_json::from_slice(&common::eval::python(
        &dir.join("score_topics.py"),
        &[baseline_path.as_os_str(), "--json".as_ref()],
    ))
    .unwrap();
    let metric = |scores: &serde_json::Value, name: &str| {
        scores[name]
            .as_f64()
            .unwrap_or_else(|| panic!("{name} in {scores}"))
    };
    for name in ["P@5", "R@10cap", "MRR"] {
        eprintln!(
            "  {name:<8} tidings {:.4}   TF-IDF {:.4}",
            metric(&scores, name),
            metric(&baseline, name)
        );
    }
    assert!(
        metric(&scores, "P@5") >= 0.85,
        "P@5 {}",
        metric(&scores, "P@5")
    );
    assert!(
        metric(&scores, "R@10cap") >= 0.84,
        "R@10cap {}",
        metric(&scores, "R@10cap")
    );
    assert!(metric(&scores, "P@5") > metric(&baseline, "P@5"));
}
