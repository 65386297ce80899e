//! Quick quality check of related articles, straight from a story-labelled
//! JSONL (no feeds, no database), with a plain TF-IDF cosine of title +
//! text computed beside it, so a change never ships below the baseline
//! unknowingly. The real-pipeline tests (tests/topics_corpus.rs,
//! tests/stories_corpus.rs) are the gates; this is for tuning:
//!
//!   cargo run --release --example topics_eval -- [topics|stories|FILE.jsonl] [key=value ...]
//!
//! Every item gets the same date: only the text is scored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Instant;

use tidings::topics::{Analyzer, ArticleText, Lang, TopicIndex, Weights, extract};

struct Item {
    title: String,
    summary: String,
    text: String,
    story: String,
}

fn main() {
    let corpora =
        std::env::var("TIDINGS_CORPORA").unwrap_or_else(|_| "../shared/corpora".to_owned());
    let mut path = format!("{corpora}/topics/uci_news_aggregator_subset.jsonl");
    let mut weights = Weights::default();
    for arg in std::env::args().skip(1) {
        match arg.split_once('=') {
            None if arg == "topics" => {}
            None if arg == "stories" => path = format!("{corpora}/stories/news_cluster.jsonl"),
            None => path = arg,
            Some((k, v)) => set(&mut weights, k, v.parse().expect("number")),
        }
    }
    let items = load(&path);
    let started = Instant::now();
    let analyzer = Analyzer::new(Lang::English);
    let mut index = TopicIndex::with_weights(weights);
    for (id, item) in items.iter().enumerate() {
        let features = extract(
            &ArticleText {
                title: &item.title,
                summary: &item.summary,
                body: &item.text,
                categories: &[],
            },
            &analyzer,
        );
        index.add(id as i64, id as i64, None, &features);
    }
    index.prepare();
    let built = started.elapsed();
    let started = Instant::now();
    let ours: Vec<Vec<usize>> = (0..items.len())
        .map(|id| {
            index
                .related_prepared(id as i64, 10)
                .iter()
                .map(|r| r.article as usize)
                .collect()
        })
        .collect();
    let queried = started.elapsed();
    let baseline = tfidf(&items);
    println!("{path}: {} items", items.len());
    println!("{:<22} P@5cap  P@3cap  R@10cap  MRR", "");
    println!("{:<22} {}", "tidings", Scores::of(&items, &ours));
    println!(
        "{:<22} {}",
        "TF-IDF title + text",
        Scores::of(&items, &baseline)
    );
    println!(
        "(index built in {built:?}, {} queries in {queried:?})",
        items.len()
    );
    story_quality(&items, &index);
    if std::env::var("SIMILAR").is_ok() {
        print_similar(&items, &index);
    }
    if let Ok(every) = std::env::var("SHOW") {
        show(&items, &ours, every.parse().unwrap_or(1));
    }
}

fn set(w: &mut Weights, key: &str, v: f32) {
    match key {
        "word" => w.word = v,
        "pair" => w.pair = v,
        "name" => w.name = v,
        "category" => w.category = v,
        "proper" => w.proper = v,
        "body" => w.body = v,
        "feedback" => w.feedback = v,
        "docs" => w.feedback_docs = v as usize,
        "decay" => w.feedback_decay = v,
        "rerank" => w.rerank = v,
        "rerank_docs" => w.rerank_docs = v as usize,
        "body_proper" => w.body_proper = v,
        "prior" => w.proper_prior = v,
        _ => panic!("unknown weight {key}"),
    }
}

fn load(path: &str) -> Vec<Item> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let field = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or("").to_owned();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            let story = match v.get("story_id") {
                Some(s) => s.as_str().unwrap().to_owned(),
                None => field(&v, "story"),
            };
            Item {
                title: field(&v, "title"),
                summary: field(&v, "summary"),
                text: field(&v, "text"),
                story,
            }
        })
        .collect()
}

/// Capped precision and recall as score_stories.py computes them.
struct Scores {
    p5: f64,
    p3: f64,
    r10: f64,
    mrr: f64,
}

impl Scores {
    fn of(items: &[Item], ranked: &[Vec<usize>]) -> Scores {
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        for item in items {
            *sizes.entry(&item.story).or_default() += 1;
        }
        let (mut s, mut n) = (
            Scores {
                p5: 0.0,
                p3: 0.0,
                r10: 0.0,
                mrr: 0.0,
            },
            0.0,
        );
        for (q, list) in ranked.iter().enumerate() {
            let story = items[q].story.as_str();
            let rel = sizes[story] - 1;
            if rel == 0 {
                continue;
            }
            let hit = |j: &usize| items[*j].story == story;
            let hits = |k: usize| list.iter().take(k).filter(|j| hit(j)).count() as f64;
            s.p5 += hits(5) / rel.min(5) as f64;
            s.p3 += hits(3) / rel.min(3) as f64;
            s.r10 += hits(10) / rel.min(10) as f64;
            s.mrr += list
                .iter()
                .position(hit)
                .map_or(0.0, |p| 1.0 / (p + 1) as f64);
            n += 1.0;
        }
        Scores {
            p5: s.p5 / n,
            p3: s.p3 / n,
            r10: s.r10 / n,
            mrr: s.mrr / n,
        }
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.4}  {:.4}  {:.4}   {:.4}",
            self.p5, self.p3, self.r10, self.mrr
        )
    }
}

/// The corpus's own baseline (tfidf_stories.py): lower-cased \w+ runs of
/// two or more characters minus a short stop list, (1 + ln tf) * ln(N/df),
/// terms in one item or in more than half ignored, cosine.
fn tfidf(items: &[Item]) -> Vec<Vec<usize>> {
    const STOP: &str = "a an and are as at be by for from has have he her his i in is it its \
        of on or that the this to was were will with after over into not but new says say said \
        up out than more about can could may would should s t vs their they we you your our who \
        what when how why";
    let stop: std::collections::HashSet<&str> = STOP.split_whitespace().collect();
    let docs: Vec<HashMap<String, f64>> = items
        .iter()
        .map(|item| {
            let text = format!("{} {}", item.title, item.text).to_lowercase();
            let mut tf: HashMap<String, f64> = HashMap::new();
            for token in text.split(|c: char| !c.is_alphanumeric() && c != '_') {
                if token.chars().count() > 1 && !stop.contains(token) {
                    *tf.entry(token.to_owned()).or_default() += 1.0;
                }
            }
            tf
        })
        .collect();
    let n = docs.len() as f64;
    let mut df: HashMap<&str, f64> = HashMap::new();
    for doc in &docs {
        for term in doc.keys() {
            *df.entry(term).or_default() += 1.0;
        }
    }
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let vectors: Vec<Vec<(usize, f64)>> = docs
        .iter()
        .map(|doc| {
            let mut v: Vec<(usize, f64)> = doc
                .iter()
                .filter(|(t, _)| df[t.as_str()] > 1.0 && df[t.as_str()] <= n / 2.0)
                .map(|(t, tf)| {
                    let next = ids.len();
                    let id = *ids.entry(t.as_str()).or_insert(next);
                    (id, (1.0 + tf.ln()) * (n / df[t.as_str()]).ln())
                })
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt().max(1e-9);
            v.iter_mut().for_each(|(_, x)| *x /= norm);
            v
        })
        .collect();
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); ids.len()];
    for (j, v) in vectors.iter().enumerate() {
        for &(t, x) in v {
            postings[t].push((j, x));
        }
    }
    (0..vectors.len())
        .map(|q| {
            let mut acc = vec![0.0f64; vectors.len()];
            for &(t, x) in &vectors[q] {
                for &(j, y) in &postings[t] {
                    acc[j] += x * y;
                }
            }
            acc[q] = 0.0;
            let mut scores: Vec<(usize, f64)> = acc
                .into_iter()
                .enumerate()
                .filter(|&(_, s)| s > 0.0)
                .collect();
            scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scores.into_iter().take(10).map(|(j, _)| j).collect()
        })
        .collect()
}

/// Groups every item into stories as the indexer does, and prints how
/// many same-story pairs are right (precision) and found (recall).
fn story_quality(items: &[Item], index: &TopicIndex) {
    let started = Instant::now();
    let mut stories = tidings::topics::Stories::default();
    let ids: Vec<i64> = (0..items.len() as i64).collect();
    stories.assign_all(index, &ids);
    let elapsed = started.elapsed();
    let mut groups: HashMap<i64, Vec<usize>> = HashMap::new();
    for id in 0..items.len() {
        if let Some(story) = stories.story_of(id as i64) {
            groups.entry(story).or_default().push(id);
        }
    }
    let (mut right, mut claimed) = (0usize, 0usize);
    if std::env::var("STORY_GROUPS").is_ok() {
        for members in groups.values() {
            let labels: Vec<&str> = members.iter().map(|&m| items[m].story.as_str()).collect();
            println!("  group {labels:?}");
        }
    }
    for members in groups.values() {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                claimed += 1;
                right += usize::from(items[a].story == items[b].story);
            }
        }
    }
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for item in items {
        *sizes.entry(&item.story).or_default() += 1;
    }
    let pairs: usize = sizes.values().map(|n| n * (n - 1) / 2).sum();
    println!(
        "stories: {} groups, pairwise precision {:.3}, recall {:.3} ({elapsed:?})",
        groups.len(),
        right as f64 / claimed.max(1) as f64,
        right as f64 / pairs.max(1) as f64
    );
}

/// Prints the queries whose top 5 miss most, every `every`-th one.
fn show(items: &[Item], ranked: &[Vec<usize>], every: usize) {
    for (q, list) in ranked.iter().enumerate().step_by(every.max(1)) {
        let story = &items[q].story;
        let misses = list
            .iter()
            .take(3)
            .filter(|j| items[**j].story != *story)
            .count();
        if misses == 0 {
            continue;
        }
        println!("\nQ {} [{story}]", items[q].title);
        for &j in list.iter().take(5) {
            let mark = if items[j].story == *story { "+" } else { "-" };
            println!("  {mark} {} [{}]", items[j].title, items[j].story);
        }
    }
}

/// Prints each item's closest articles by the grouping's similarity.
#[allow(dead_code)]
fn print_similar(items: &[Item], index: &TopicIndex) {
    for (id, item) in items.iter().enumerate() {
        let near: Vec<String> = index
            .similar(id as i64, 6, 0.0)
            .iter()
            .map(|(a, s)| format!("{}:{s:.2}", items[*a as usize].story))
            .collect();
        println!("{} [{}] {}", item.story, id, near.join(" "));
    }
}
