//! The indexer on an in-memory store: every queued article indexed once,
//! the same index whatever the number of computing threads, and an
//! article whose features fail still found by search.

use super::*;
use crate::config::{FeedConfig, FeedSource};
use crate::library::store::tests::search;
use crate::model::{ArticleQuery, NewArticle, ParsedFeed, Validators};

const CITIES: &[&str] = &["Oslo", "Lagos", "Quito", "Hanoi", "Dakar", "Riga", "Perth"];
const WORDS: &[&str] = &[
    "storm", "election", "harbour", "vaccine", "railway", "drought",
];

/// A store with `feeds` feeds of `per_feed` articles each, all queued.
fn queued_store(feeds: usize, per_feed: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let configs: Vec<FeedConfig> = (0..feeds)
        .map(|f| FeedConfig {
            name: None,
            source: FeedSource::Http(url::Url::parse(&format!("https://example.org/{f}")).unwrap()),
            tags: vec![],
            options: Default::default(),
        })
        .collect();
    let ids = store.sync_feeds(&configs).unwrap();
    for (f, feed) in ids.into_iter().enumerate() {
        let articles = (0..per_feed)
            .map(|i| {
                let n = f * per_feed + i;
                let (city, word) = (CITIES[n % CITIES.len()], WORDS[n % WORDS.len()]);
                NewArticle {
                    key: format!("guid:{n}"),
                    title: format!("{city} {word} report number{n}"),
                    published: Some(1_700_000_000 + n as i64),
                    content: Some(format!(
                        "<p>In {city} the {word} went on; marker{n}x said so.</p>"
                    )),
                    ..Default::default()
                }
            })
            .collect();
        let parsed = ParsedFeed {
            title: Some(format!("Feed {f}")),
            site_link: None,
            articles,
        };
        store
            .store_feed(feed, &parsed, &Validators::default(), 1)
            .unwrap();
    }
    store
}

/// Every topic term in the order its id was handed out (the order the
/// features were written in), and each article's topics.
fn written_topics(store: &Store) -> (Vec<String>, Vec<Vec<String>>) {
    let mut index = store.load_topic_index().unwrap();
    let terms = (0..index.term_count() as u32)
        .map(|t| index.label(t))
        .collect();
    let ids: Vec<ArticleId> = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    let topics = ids.iter().map(|&id| index.topics_of(id, 20)).collect();
    (terms, topics)
}

#[test]
fn every_queued_article_is_indexed_once_across_batches_and_workers() {
    let mut store = queued_store(5, 13);
    let plan = Plan {
        batch: 4,
        workers: 2,
    };
    let mut progress = Vec::new();
    let indexed = index_pending_by(&mut store, plan, |done, total| progress.push((done, total)));
    assert_eq!(indexed.unwrap(), 65);
    assert_eq!(store.pending_count().unwrap(), 0);
    assert_eq!(store.load_topic_index().unwrap().len(), 65);
    for n in 0..65 {
        let hits = search(&store, &format!("marker{n}x"));
        assert_eq!(hits.len(), 1, "marker{n}x: {hits:?}");
        assert!(hits[0].ends_with(&format!("number{n}")), "{hits:?}");
    }
    // Progress after each batch of 4, in order, up to all 65.
    assert_eq!(progress.len(), 1 + 65usize.div_ceil(4));
    assert!(progress.windows(2).all(|w| w[0].0 < w[1].0), "{progress:?}");
    assert_eq!(progress.last(), Some(&(65, 65)));
}

#[test]
fn the_index_is_the_same_whatever_the_number_of_workers() {
    let index_with = |workers| {
        let mut store = queued_store(4, 9);
        let plan = Plan { batch: 5, workers };
        index_pending_by(&mut store, plan, |_, _| {}).unwrap();
        written_topics(&store)
    };
    let one = index_with(1);
    assert!(one.0.len() > 20, "{:?}", one.0);
    assert_eq!(index_with(2), one);
    assert_eq!(index_with(3), one);
}

#[test]
fn an_article_whose_features_panic_is_still_indexed_for_search() {
    let mut store = queued_store(1, 2);
    let articles = store.pending_after(0, 10).unwrap();
    let entries: Vec<IndexEntry> = articles
        .into_iter()
        .enumerate()
        .map(|(i, article)| {
            compute::entry_with(article, |text| {
                if i == 0 {
                    panic!("a bug in the features");
                }
                crate::topics::extract(text, &crate::topics::Analyzer::new(Lang::English))
            })
        })
        .collect();
    assert!(entries[0].features.is_empty());
    assert!(!entries[1].features.is_empty());
    assert!(entries[0].text.contains("marker0"), "{}", entries[0].text);
    store.write_index(&entries).unwrap();
    assert_eq!(search(&store, "marker0"), ["Oslo storm report number0"]);
    assert_eq!(search(&store, "marker1"), ["Lagos election report number1"]);
    assert_eq!(store.pending_count().unwrap(), 0);
}
