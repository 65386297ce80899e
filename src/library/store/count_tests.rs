//! Tests of the feeds' article and unread counts, which triggers keep:
//! after any mix of stores, marks, prunes and removals they equal a count
//! of the articles, and a database from before them is counted on opening.

use super::*;
use crate::config::{FeedConfig, FeedSource};
use crate::model::{NewArticle, ParsedFeed, Validators};

fn feed_config(n: usize) -> FeedConfig {
    let url = format!("https://example.org/{n}/rss");
    FeedConfig {
        name: Some(format!("Feed {n}")),
        source: FeedSource::Http(url::Url::parse(&url).unwrap()),
        tags: Vec::new(),
        options: Default::default(),
    }
}

/// A feed's refresh carrying items `from..to`, titled with `version`.
fn items(from: usize, to: usize, version: &str) -> ParsedFeed {
    ParsedFeed {
        title: Some("Feed".to_owned()),
        site_link: None,
        articles: (from..to)
            .map(|i| NewArticle {
                key: format!("guid:{i}"),
                guid: Some(i.to_string()),
                title: format!("Item {i} {version}"),
                published: Some(i as i64),
                content: Some(format!("<p>{i}</p>")),
                ..Default::default()
            })
            .collect(),
    }
}

/// (total, unread) of each active feed.
type Counts = Vec<(u64, u64)>;

/// The counts as kept, and as counted from the articles.
fn kept_and_counted(store: &Store) -> (Counts, Counts) {
    let kept = store
        .feeds()
        .unwrap()
        .iter()
        .map(|f| (f.total, f.unread))
        .collect();
    let counted = store
        .conn
        .prepare(
            "SELECT (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id),
                 (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0)
             FROM feeds f WHERE f.active = 1 ORDER BY f.position",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    (kept, counted)
}

fn assert_counts(store: &Store, expected: &[(u64, u64)]) {
    let (kept, counted) = kept_and_counted(store);
    assert_eq!(kept, counted, "kept counts differ from the articles");
    assert_eq!(kept, expected);
}

#[test]
fn counts_follow_stores_marks_prunes_and_removals() {
    let mut store = Store::open_in_memory().unwrap();
    let ids = store.sync_feeds(&[feed_config(0), feed_config(1)]).unwrap();
    let none = Validators::default();
    store
        .store_feed(ids[0], &items(0, 10, "a"), &none, 1)
        .unwrap();
    store
        .store_feed(ids[1], &items(0, 4, "a"), &none, 1)
        .unwrap();
    assert_counts(&store, &[(10, 10), (4, 4)]);
    // Changed items are updated in place, new ones added.
    store
        .store_feed(ids[0], &items(5, 12, "b"), &none, 2)
        .unwrap();
    assert_counts(&store, &[(12, 12), (4, 4)]);
    // The five oldest, so that pruning has read articles to drop.
    let first: Vec<i64> = store
        .articles(&Default::default())
        .unwrap()
        .iter()
        .rev()
        .filter(|a| a.feed_id == ids[0])
        .map(|a| a.id)
        .take(5)
        .collect();
    store.set_read_many(&first, true).unwrap();
    // Marking read twice counts once.
    store.set_read(first[0], true).unwrap();
    assert_counts(&store, &[(12, 7), (4, 4)]);
    store.set_read(first[0], false).unwrap();
    assert_counts(&store, &[(12, 8), (4, 4)]);
    store.mark_all_read(Some(ids[1])).unwrap();
    assert_counts(&store, &[(12, 8), (4, 0)]);
    // Pruning keeps the newest unread and drops read ones.
    store.prune_feed(ids[0], 9).unwrap();
    let (kept, counted) = kept_and_counted(&store);
    assert_eq!(kept, counted);
    assert_eq!(kept[0], (10, 8), "two of the three oldest were read");
    // A feed deleted takes its articles (and its counts) with it.
    store
        .conn
        .execute("DELETE FROM feeds WHERE id = ?1", [ids[1]])
        .unwrap();
    let (kept, counted) = kept_and_counted(&store);
    assert_eq!((kept.len(), kept), (1, counted));
    let orphans: i64 = store
        .conn
        .query_row(
            "SELECT COUNT(*) FROM articles WHERE feed_id = ?1",
            [ids[1]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}

#[test]
fn a_database_from_before_the_counts_is_counted_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut store = Store::open(&path).unwrap();
        let ids = store.sync_feeds(&[feed_config(0)]).unwrap();
        let none = Validators::default();
        store
            .store_feed(ids[0], &items(0, 6, "a"), &none, 1)
            .unwrap();
        let some = store.articles(&Default::default()).unwrap()[0].id;
        store.set_read(some, true).unwrap();
        // Back to the step before the counts: no triggers, no columns.
        store
            .conn
            .execute_batch(
                "DROP TRIGGER articles_count_delete;
                 DROP TRIGGER articles_count_update;
                 ALTER TABLE feeds DROP COLUMN total; ALTER TABLE feeds DROP COLUMN unread;",
            )
            .unwrap();
        let before = schema::MIGRATIONS.len() as i64 - 1;
        store
            .conn
            .pragma_update(None, "user_version", before)
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_counts(&store, &[(6, 5)]);
}
