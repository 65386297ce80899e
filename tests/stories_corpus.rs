//! Related-article quality on full-text news stories
//! (../shared/corpora/stories: 383 articles from 89 outlets in 69 stories),
//! through the real pipeline: one feed per outlet with the body as
//! `content:encoded` and the lede as `description`, one date for every
//! item, items shuffled, opaque links; `tidings related --all` scored by the
//! corpus's score_stories.py beside its own TF-IDF title + text baseline.
//! Then `tidings stories` is checked against the labels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use common::TestServer;
use common::eval::{Item, Pipeline, metric, print_beside, python};

fn load(path: &std::path::Path) -> (Vec<Item>, HashMap<String, String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut items = Vec::new();
    let mut story = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let field = |k: &str| v[k].as_str().map(str::to_owned);
        let id = field("id").unwrap();
        story.insert(id.clone(), field("story_id").unwrap());
        items.push(Item {
            id,
            outlet: field("source").unwrap_or_else(|| "unknown".to_owned()),
            title: field("title").unwrap_or_default(),
            summary: field("summary"),
            text: field("text"),
        });
    }
    (items, story)
}

#[test]
fn related_full_text_articles_find_their_story_above_the_tfidf_baseline() {
    let Some(dir) = common::corpora("stories", "news_cluster.jsonl") else {
        eprintln!("skipped: corpora not found (set TIDINGS_CORPORA)");
        return;
    };
    let (items, labels) = load(&dir.join("news_cluster.jsonl"));
    let server = TestServer::start();
    let pipeline = Pipeline::serve(&server, &items);
    pipeline.refresh(items.len());
    let ids = pipeline.corpus_ids(&items);
    let predictions = pipeline.work.path().join("predictions.jsonl");
    std::fs::write(&predictions, pipeline.predictions(&ids, 10)).unwrap();
    let scorer = dir.join("score_stories.py");
    let ours: serde_json::Value = serde_json::from_slice(&python(
        &scorer,
        &[predictions.as_os_str(), "--json".as_ref()],
    ))
    .unwrap();
    let baseline_out = pipeline.work.path().join("tfidf.jsonl");
    python(
        &dir.join("tfidf_stories.py"),
        &[
            baseline_out.as_os_str(),
            "--fields".as_ref(),
            "title,text".as_ref(),
        ],
    );
    let baseline: serde_json::Value = serde_json::from_slice(&python(
        &scorer,
        &[baseline_out.as_os_str(), "--json".as_ref()],
    ))
    .unwrap();
    eprintln!("stories corpus, tidings:               {ours}");
    eprintln!("stories corpus, TF-IDF title + text:   {baseline}");
    print_beside(&ours, &baseline, &["P@5cap", "P@3cap", "R@10cap", "MRR"]);
    assert!(
        metric(&ours, "P@5cap") >= 0.95,
        "P@5cap {}",
        metric(&ours, "P@5cap")
    );
    assert!(
        metric(&ours, "R@10cap") >= 0.95,
        "R@10cap {}",
        metric(&ours, "R@10cap")
    );
    for name in ["P@5cap", "R@10cap"] {
        assert!(
            metric(&ours, name) >= metric(&baseline, name),
            "{name} below the TF-IDF baseline"
        );
    }
    stories_match_the_labels(&pipeline, &ids, &labels);
}

/// Pairs of articles put in one story by `tidings stories`, against the
/// pairs of the labels: how many are right (precision) and found (recall).
fn stories_match_the_labels(
    pipeline: &Pipeline,
    ids: &HashMap<i64, String>,
    labels: &HashMap<String, String>,
) {
    let stories = pipeline.json(&["stories", "--json"]);
    let (mut right, mut claimed) = (0usize, 0usize);
    for story in stories.as_array().unwrap() {
        let members: Vec<&String> = story["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &ids[&a.as_i64().unwrap()])
            .collect();
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                claimed += 1;
                right += usize::from(labels[*a] == labels[*b]);
            }
        }
    }
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for story in labels.values() {
        *sizes.entry(story).or_default() += 1;
    }
    let true_pairs: usize = sizes.values().map(|n| n * (n - 1) / 2).sum();
    let precision = right as f64 / claimed.max(1) as f64;
    let recall = right as f64 / true_pairs.max(1) as f64;
    eprintln!(
        "stories: {} stories, pairwise precision {precision:.3}, recall {recall:.3}",
        stories.as_array().unwrap().len()
    );
    assert!(precision >= 0.8, "story precision {precision}");
    assert!(recall >= 0.8, "story recall {recall}");
}
