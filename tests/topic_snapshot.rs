//! The topic index's snapshot beside the database: read back, it answers
//! exactly as an index built afresh from the database (related, similar,
//! topics, stories), and it follows the database: articles pruned, feeds
//! turned off, articles indexed again with their full text. A damaged
//! snapshot (random bytes, cut short, another version) is rebuilt.
//! Articles: tests/fixtures/stories/multi_outlet.jsonl, one feed an outlet.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use tidings::config::{FeedConfig, FeedSource};
use tidings::library::indexer;
use tidings::library::store::Store;
use tidings::model::{ArticleId, FullText, NewArticle, ParsedFeed, Validators};
use tidings::topics::TopicIndex;
use tidings::topics::stories::Stories;

use common::multi_outlet::items;

fn feed(outlet: &str) -> FeedConfig {
    let host = outlet.to_lowercase().replace(' ', "-");
    FeedConfig {
        name: Some(outlet.to_owned()),
        source: FeedSource::Http(url::Url::parse(&format!("https://{host}.example/rss")).unwrap()),
        tags: Vec::new(),
        options: Default::default(),
    }
}

/// A database of every item, indexed (which leaves a snapshot behind);
/// returns it with its feeds in outlet order.
fn indexed_store(path: &Path) -> (Store, Vec<FeedConfig>) {
    let (store, feeds, _) = indexed_in_two_rounds(path, usize::MAX);
    (store, feeds)
}

/// [`indexed_store`], the items past the `first` stored and indexed in a
/// second round (added to the saved index); also returns the topic
/// generation after each round.
fn indexed_in_two_rounds(path: &Path, first: usize) -> (Store, Vec<FeedConfig>, Vec<i64>) {
    let mut store = Store::open(path).unwrap();
    let mut by_outlet: BTreeMap<String, Vec<(usize, NewArticle)>> = BTreeMap::new();
    for (n, item) in items().into_iter().enumerate() {
        let key = format!("item-{n}");
        by_outlet.entry(item.outlet).or_default().push((
            n,
            NewArticle {
                key: format!("guid:{key}"),
                guid: Some(key.clone()),
                link: Some(format!("https://example.org/{key}")),
                title: item.title,
                published: Some(1_700_000_000 + n as i64 * 3_600),
                content: Some(format!("<p>{}</p>", item.text)),
                ..Default::default()
            },
        ));
    }
    let feeds: Vec<FeedConfig> = by_outlet.keys().map(|o| feed(o)).collect();
    let ids = store.sync_feeds(&feeds).unwrap();
    let mut generations = Vec::new();
    for round in [0..first, first..usize::MAX] {
        for (&id, articles) in ids.iter().zip(by_outlet.values()) {
            let parsed = ParsedFeed {
                title: None,
                site_link: None,
                articles: articles
                    .iter()
                    .filter(|(n, _)| round.contains(n))
                    .map(|(_, a)| a.clone())
                    .collect(),
            };
            store
                .store_feed(id, &parsed, &Validators::default(), 1)
                .unwrap();
        }
        indexer::index_pending(&mut store, |_, _| {}).unwrap();
        generations.push(store.topic_generation().unwrap().unwrap());
    }
    (store, feeds, generations)
}

fn all_ids(store: &Store) -> Vec<ArticleId> {
    store
        .article_links()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// Everything the index answers, written out (scores to the bit).
fn answers(index: &mut TopicIndex, ids: &[ArticleId]) -> String {
    let mut out = String::new();
    for &id in ids {
        for r in index.related(id, 10) {
            let score = r.score.to_bits();
            writeln!(out, "{id} related {} {score:x} {:?}", r.article, r.shared).unwrap();
        }
        for (other, score) in index.similar(id, 10, 0.0) {
            writeln!(out, "{id} similar {other} {:x}", score.to_bits()).unwrap();
        }
        writeln!(out, "{id} topics {:?}", index.topics_of(id, 6)).unwrap();
    }
    writeln!(out, "all {:?}", index.topic_counts(None)).unwrap();
    let half = &ids[..ids.len() / 2];
    writeln!(out, "half {:?}", index.topic_counts(Some(half))).unwrap();
    for (topic, _) in index.topic_counts(None).into_iter().take(8) {
        writeln!(out, "{topic}: {:?}", index.articles_with_topic(&topic)).unwrap();
    }
    let mut stories = Stories::from_rows(Vec::new());
    writeln!(out, "stories {:?}", stories.assign_all(index, ids)).unwrap();
    out
}

/// The index through the snapshot and one built afresh answer alike, and
/// only about the articles of active feeds.
fn assert_as_fresh(store: &Store) {
    let ids = all_ids(store);
    let (mut saved, _) = store.open_topic_index().unwrap();
    let mut fresh = store.load_topic_index().unwrap();
    fresh.prepare();
    assert_eq!(saved.len(), ids.len());
    let theirs = answers(&mut fresh, &ids);
    let ours = answers(&mut saved, &ids);
    for (line, (a, b)) in ours.lines().zip(theirs.lines()).enumerate() {
        assert_eq!(a, b, "line {line}");
    }
    assert_eq!(ours.lines().count(), theirs.lines().count());
    assert!(theirs.contains("related"), "{theirs}");
}

fn snapshot_of(store: &Store) -> std::path::PathBuf {
    store.topic_snapshot_path().unwrap()
}

#[test]
fn the_snapshot_answers_as_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = indexed_store(&dir.path().join("t.db"));
    let snapshot = snapshot_of(&store);
    let written = std::fs::metadata(&snapshot).unwrap().modified().unwrap();
    assert_as_fresh(&store);
    // Read, not rebuilt: nothing changed since the indexer saved it.
    assert_eq!(
        std::fs::metadata(&snapshot).unwrap().modified().unwrap(),
        written
    );
    let generation = store.topic_generation().unwrap().unwrap();
    let (_, stamp) = TopicIndex::read_snapshot(&snapshot, generation).unwrap();
    assert_eq!(stamp.seq, store.topic_seq().unwrap());
}

#[test]
fn new_articles_are_added_to_the_saved_index() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, generations) = indexed_in_two_rounds(&dir.path().join("t.db"), 10);
    // Nothing was taken away: the first round's snapshot stayed usable.
    assert_eq!(generations[0], generations[1]);
    let generation = store.topic_generation().unwrap().unwrap();
    let snapshot = snapshot_of(&store);
    let (saved, stamp) = TopicIndex::read_snapshot(&snapshot, generation).unwrap();
    // Saved after the second round, which added to the first's index.
    assert_eq!(stamp.seq, store.topic_seq().unwrap());
    assert_eq!(saved.len(), all_ids(&store).len());
    assert_eq!(saved.removed(), 0);
    assert_as_fresh(&store);
}

#[test]
fn the_snapshot_follows_pruning_feeds_turned_off_and_articles_indexed_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, feeds) = indexed_store(&dir.path().join("t.db"));
    let first = all_ids(&store)[0];
    let (mut before, _) = store.open_topic_index().unwrap();
    assert!(before.contains(first));
    let related_before = before.related(first, 10);

    // The first article indexed again with a full text about something else.
    let full = FullText {
        html: "<p>The orchestra rehearsed a new symphony by the lakeside pavilion, \
               and the violinists praised the acoustics of the pavilion.</p>"
            .to_owned(),
        byline: None,
        site: None,
        image: None,
        lang: None,
    };
    store.store_full_text(first, &full, 2_000_000_000).unwrap();
    indexer::index_pending(&mut store, |_, _| {}).unwrap();
    let (mut after, _) = store.open_topic_index().unwrap();
    assert_ne!(after.related(first, 10), related_before);
    assert_as_fresh(&store);

    // Read articles pruned away.
    let ids = all_ids(&store);
    store.set_read_many(&ids, true).unwrap();
    let feed_ids = store.sync_feeds(&feeds).unwrap();
    assert!(store.prune_feed(feed_ids[0], 1).unwrap() > 0);
    let left = all_ids(&store);
    let gone: Vec<ArticleId> = ids
        .iter()
        .copied()
        .filter(|id| !left.contains(id))
        .collect();
    let (mut pruned, _) = store.open_topic_index().unwrap();
    assert!(gone.iter().all(|&id| !pruned.contains(id)));
    let listed = left.iter().flat_map(|&id| pruned.related(id, 50));
    assert!(listed.into_iter().all(|r| !gone.contains(&r.article)));
    assert_as_fresh(&store);

    // A feed turned off (no longer in the config), then on again.
    store.sync_feeds(&feeds[1..]).unwrap();
    let (off, _) = store.open_topic_index().unwrap();
    assert!(off.len() < left.len());
    assert_as_fresh(&store);
    store.sync_feeds(&feeds).unwrap();
    let (on, _) = store.open_topic_index().unwrap();
    assert_eq!(on.len(), left.len());
    assert_as_fresh(&store);
}

#[test]
fn a_damaged_snapshot_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = indexed_store(&dir.path().join("t.db"));
    let snapshot = snapshot_of(&store);
    let good = std::fs::read(&snapshot).unwrap();
    let generation = store.topic_generation().unwrap().unwrap();
    let mut noise = 0x2545_F491_4F6C_DD1Du64;
    let garbage: Vec<u8> = (0..good.len())
        .map(|_| {
            noise ^= noise << 13;
            noise ^= noise >> 7;
            noise ^= noise << 17;
            noise as u8
        })
        .collect();
    let mut other_version = good.clone();
    other_version[8] ^= 1;
    // A byte of the term records, just past the header.
    let mut flipped = good.clone();
    flipped[200] ^= 0x40;
    let damaged = [
        garbage,
        good[..good.len() / 2].to_vec(),
        good[..100].to_vec(),
        Vec::new(),
        other_version,
        flipped,
    ];
    for bytes in damaged {
        std::fs::write(&snapshot, &bytes).unwrap();
        assert!(TopicIndex::read_snapshot(&snapshot, generation).is_err());
        assert_as_fresh(&store);
        // Rebuilt and saved again.
        assert!(TopicIndex::read_snapshot(&snapshot, generation).is_ok());
    }
    // Damage in the big arrays, read on demand, is not seen on opening
    // (it is when a whole array is read): it costs answers, never a panic.
    let ids = all_ids(&store);
    for at in (good.len() / 2..good.len()).step_by(good.len() / 7) {
        let mut bytes = good.clone();
        bytes[at..].iter_mut().take(64).for_each(|b| *b ^= 0xA5);
        std::fs::write(&snapshot, &bytes).unwrap();
        if let Ok((mut index, _)) = TopicIndex::read_snapshot(&snapshot, generation) {
            answers(&mut index, &ids);
        }
    }
}
