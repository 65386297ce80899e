//! Related-article quality on the story-labelled headlines of
//! ../shared/corpora/topics, through the real pipeline: one feed per
//! publisher served on 127.0.0.1, `tidings refresh`, `tidings related --all`,
//! scored by the corpus's own score_topics.py beside its TF-IDF baseline.
//!
//! The corpus gives the answer away through time and order, so every item
//! gets one fixed date, items are shuffled within each feed, and links and
//! guids are opaque tokens: only the text can be scored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestServer;
use common::eval::{Item, Pipeline, metric, print_beside, python};

#[test]
fn related_articles_find_the_same_story_from_text_alone() {
    let Some(dir) = common::corpora("topics", "uci_news_aggregator_subset.jsonl") else {
        eprintln!("skipped: corpora not found (set TIDINGS_CORPORA)");
        return;
    };
    let text = std::fs::read_to_string(dir.join("uci_news_aggregator_subset.jsonl")).unwrap();
    let items: Vec<Item> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            Item {
                id: v["id"].as_str().unwrap().to_owned(),
                outlet: v["source"].as_str().unwrap_or("unknown").to_owned(),
                title: v["title"].as_str().unwrap_or("").to_owned(),
                summary: None,
                text: None,
            }
        })
        .collect();
    let server = TestServer::start();
    let pipeline = Pipeline::serve(&server, &items);
    pipeline.refresh(items.len());
    let ids = pipeline.corpus_ids(&items);
    let predictions = pipeline.work.path().join("predictions.jsonl");
    std::fs::write(&predictions, pipeline.predictions(&ids, 10)).unwrap();
    let scorer = dir.join("score_topics.py");
    let json = "--json".as_ref();
    let scores: serde_json::Value =
        serde_json::from_slice(&python(&scorer, &[predictions.as_os_str(), json])).unwrap();
    eprintln!("topics corpus: {scores}");
    // The corpus's own TF-IDF cosine of the titles, scored the same way.
    let baseline_path = pipeline.work.path().join("tfidf.jsonl");
    python(&dir.join("tfidf_baseline.py"), &[baseline_path.as_os_str()]);
    let baseline: serde_json::Value =
        serde_json::from_slice(&python(&scorer, &[baseline_path.as_os_str(), json])).unwrap();
    print_beside(&scores, &baseline, &["P@5", "R@10cap", "MRR"]);
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
