//! Quick quality check of the topic index on the story-labelled headlines
//! (../shared/corpora/topics), straight from the JSONL, titles only, no
//! dates: P@5 and capped R@10 as score_topics.py computes them.
//! The real-pipeline test (tests/topics_corpus.rs) is the gate; this is for
//! tuning: cargo run --release --example topics_eval [-- key=value ...]

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Instant;

use tidings::topics::{Analyzer, ArticleText, Lang, TopicIndex, Weights, extract};

fn main() {
    let path = std::env::var("TIDINGS_CORPORA").unwrap_or_else(|_| "../shared/corpora".to_owned())
        + "/topics/uci_news_aggregator_subset.jsonl";
    let text = std::fs::read_to_string(&path).expect("corpus");
    let mut weights = Weights::default();
    for arg in std::env::args().skip(1) {
        let Some((k, v)) = arg.split_once('=') else {
            continue;
        };
        let v: f32 = v.parse().expect("number");
        match k {
            "word" => weights.word = v,
            "pair" => weights.pair = v,
            "name" => weights.name = v,
            "category" => weights.category = v,
            "proper" => weights.proper = v,
            "body" => weights.body = v,
            "feedback" => weights.feedback = v,
            "docs" => weights.feedback_docs = v as usize,
            _ => panic!("unknown {k}"),
        }
    }
    let analyzer = Analyzer::new(Lang::English);
    let mut index = TopicIndex::with_weights(weights);
    let mut story: HashMap<i64, String> = HashMap::new();
    let mut titles: HashMap<i64, String> = HashMap::new();
    let show = std::env::var("SHOW")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let started = Instant::now();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let id: i64 = v["id"].as_str().unwrap().parse().unwrap();
        let title = v["title"].as_str().unwrap_or("");
        let features = extract(
            &ArticleText {
                title,
                body: "",
                categories: &[],
            },
            &analyzer,
        );
        index.add(id, 1, None, &features);
        story.insert(id, v["story_id"].as_str().unwrap().to_owned());
        titles.insert(id, title.to_owned());
    }
    index.prepare();
    let built = started.elapsed();
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for s in story.values() {
        *sizes.entry(s.as_str()).or_default() += 1;
    }
    let (mut p5, mut r10, mut n) = (0.0, 0.0, 0.0);
    let started = Instant::now();
    let mut ids: Vec<i64> = story.keys().copied().collect();
    ids.sort();
    for &id in &ids {
        let related = index.related_prepared(id, 10);
        let s = &story[&id];
        let rel = sizes[s.as_str()] - 1;
        let hits = |k: usize| {
            related
                .iter()
                .take(k)
                .filter(|r| story[&r.article] == *s)
                .count() as f64
        };
        p5 += hits(5) / 5.0;
        if show > 0 && hits(5) <= 2.0 && (id as usize).is_multiple_of(show) {
            println!("\nQ {} [{}]", titles[&id], &s[..6]);
            for r in related.iter().take(5) {
                let ok = if story[&r.article] == *s { "+" } else { "-" };
                println!(
                    "  {ok} {:.3} {} [{}] {:?}",
                    r.score,
                    titles[&r.article],
                    &story[&r.article][..6],
                    r.shared
                );
            }
        }
        r10 += hits(10) / (rel.min(10) as f64);
        n += 1.0;
    }
    println!(
        "P@5 {:.4}  R@10cap {:.4}  (built {:?}, queries {:?} for {})",
        p5 / n,
        r10 / n,
        built,
        started.elapsed(),
        n
    );
}
