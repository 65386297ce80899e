//! Tests of the storage layer on an in-memory database.

use super::*;
use crate::config::{FeedConfig, FeedSource};
use crate::model::{ArticleQuery, NewArticle, RefreshStatus};

fn feed_config(url: &str, name: &str) -> FeedConfig {
    FeedConfig {
        name: Some(name.to_owned()),
        source: FeedSource::Http(url::Url::parse(url).unwrap()),
        tags: vec!["news".to_owned()],
        options: Default::default(),
    }
}

fn article(key: &str, title: &str, published: i64) -> NewArticle {
    NewArticle {
        key: format!("guid:{key}"),
        guid: Some(key.to_owned()),
        link: Some(format!("https://example.org/{key}")),
        title: title.to_owned(),
        published: Some(published),
        content: Some(format!("<p>{title} body</p>")),
        ..Default::default()
    }
}

/// Stores `articles` as the feed's refresh at time `now`; how many were new.
fn put(store: &mut Store, feed: FeedId, articles: Vec<NewArticle>, now: i64) -> u64 {
    store
        .store_feed(feed, &parsed(articles), &Validators::default(), now)
        .unwrap()
}

/// Brings the search and topic index up to date, as the reader and the
/// commands do before reading it.
fn index(store: &mut Store) -> u64 {
    crate::library::indexer::index_pending(store, |_, _| {}).unwrap()
}

/// Titles of the articles a search finds (shared with the indexer's tests).
pub(crate) fn search(store: &Store, q: &str) -> Vec<String> {
    store
        .articles(&ArticleQuery {
            search: Some(q.to_owned()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect()
}

fn parsed(articles: Vec<NewArticle>) -> ParsedFeed {
    ParsedFeed {
        title: Some("Feed title".to_owned()),
        site_link: None,
        articles,
    }
}

fn store_with_feed() -> (Store, FeedId) {
    let mut store = Store::open_in_memory().unwrap();
    let ids = store
        .sync_feeds(&[feed_config("https://example.org/rss", "Example")])
        .unwrap();
    (store, ids[0])
}

#[test]
fn storing_twice_adds_nothing_the_second_time() {
    let (mut store, feed) = store_with_feed();
    let batch = parsed(vec![article("a", "Alpha", 10), article("b", "Beta", 20)]);
    assert_eq!(
        store
            .store_feed(feed, &batch, &Validators::default(), 1)
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .store_feed(feed, &batch, &Validators::default(), 2)
            .unwrap(),
        0
    );
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 2);
}

#[test]
fn duplicate_items_in_one_feed_are_stored_once() {
    let (mut store, feed) = store_with_feed();
    let batch = parsed(vec![article("a", "Alpha", 10), article("a", "Alpha", 10)]);
    assert_eq!(
        store
            .store_feed(feed, &batch, &Validators::default(), 1)
            .unwrap(),
        1
    );
}

#[test]
fn read_and_starred_survive_an_update_of_the_article() {
    let (mut store, feed) = store_with_feed();
    put(&mut store, feed, vec![article("a", "Alpha", 10)], 1);
    let id = store.find_article("a").unwrap().unwrap();
    store.set_read(id, true).unwrap();
    store.set_starred(id, true).unwrap();
    let changed = parsed(vec![article("a", "Alpha (updated)", 10)]);
    assert_eq!(
        store
            .store_feed(feed, &changed, &Validators::default(), 2)
            .unwrap(),
        0
    );
    let detail = store.article(id).unwrap().unwrap();
    assert_eq!(detail.summary.title, "Alpha (updated)");
    assert!(detail.summary.read && detail.summary.starred);
}

#[test]
fn articles_are_newest_first_and_filter_by_unread_and_limit() {
    let (mut store, feed) = store_with_feed();
    let batch = parsed(vec![
        article("a", "Old", 10),
        article("b", "New", 30),
        article("c", "Mid", 20),
    ]);
    store
        .store_feed(feed, &batch, &Validators::default(), 1)
        .unwrap();
    let titles: Vec<String> = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, ["New", "Mid", "Old"]);
    let id = store.find_article("b").unwrap().unwrap();
    store.set_read(id, true).unwrap();
    let unread = store
        .articles(&ArticleQuery {
            unread_only: true,
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].title, "Mid");
}

#[test]
fn search_matches_words_stems_and_prefixes() {
    let (mut store, feed) = store_with_feed();
    let mut storm = article("a", "Storm hits the coast", 10);
    storm.content = Some("<p>Wind farms were <b>damaged</b> overnight</p>".to_owned());
    let batch = parsed(vec![storm, article("b", "Markets rally", 20)]);
    store
        .store_feed(feed, &batch, &Validators::default(), 1)
        .unwrap();
    assert_eq!(index(&mut store), 2);
    let search = |q: &str| search(&store, q).len();
    assert_eq!(search("storm"), 1);
    assert_eq!(search("damage"), 1, "porter stemming");
    assert_eq!(search("wind fa"), 1, "last word is a prefix");
    assert_eq!(search("storm markets"), 0, "all words must match");
    assert_eq!(search("\"unbalanced OR ("), 0, "syntax is taken literally");
}

#[test]
fn updated_article_is_reindexed() {
    let (mut store, feed) = store_with_feed();
    put(&mut store, feed, vec![article("a", "Alpha", 10)], 1);
    index(&mut store);
    put(&mut store, feed, vec![article("a", "Gamma", 10)], 2);
    assert_eq!(store.pending_count().unwrap(), 1, "the change is queued");
    assert_eq!(index(&mut store), 1);
    assert!(search(&store, "alpha").is_empty());
    assert_eq!(search(&store, "gamma"), ["Gamma"]);
    assert_eq!(store.pending_count().unwrap(), 0);
}

#[test]
fn stored_articles_wait_in_the_queue_until_indexed() {
    let (mut store, feed) = store_with_feed();
    let batch = parsed(vec![article("a", "Alpha", 10), article("b", "Beta", 20)]);
    store
        .store_feed(feed, &batch, &Validators::default(), 1)
        .unwrap();
    assert_eq!(store.pending_count().unwrap(), 2);
    assert!(search(&store, "alpha").is_empty(), "not indexed yet");
    assert_eq!(store.load_topic_index().unwrap().len(), 0);
    let mut progress = Vec::new();
    crate::library::indexer::index_pending(&mut store, |done, total| progress.push((done, total)))
        .unwrap();
    assert_eq!(progress, [(0, 2), (2, 2)]);
    assert_eq!(search(&store, "alpha"), ["Alpha"]);
    assert_eq!(store.load_topic_index().unwrap().len(), 2);
    // Storing the same items again queues nothing.
    store
        .store_feed(feed, &batch, &Validators::default(), 2)
        .unwrap();
    assert_eq!(store.pending_count().unwrap(), 0);
}

#[test]
fn an_article_changed_while_being_indexed_stays_queued() {
    let (mut store, feed) = store_with_feed();
    let store_title = |store: &mut Store, title: &str, now| {
        put(store, feed, vec![article("a", title, 10)], now);
    };
    store_title(&mut store, "Alpha", 1);
    // The indexer reads the article, then a refresh changes it.
    let read = store.pending_after(0, 10).unwrap();
    store_title(&mut store, "Gamma", 2);
    let analyzer = crate::topics::Analyzer::new(crate::topics::Lang::English);
    let entries: Vec<_> = read
        .into_iter()
        .map(|a| crate::library::indexer::entry_for(a, &analyzer))
        .collect();
    store.write_index(&entries).unwrap();
    assert_eq!(search(&store, "alpha"), ["Gamma"], "old entry, for now");
    let again = store.pending_after(0, 10).unwrap();
    assert_eq!(again.len(), 1, "still queued");
    assert!(again[0].replace, "and its old entry must go");
    index(&mut store);
    assert!(search(&store, "alpha").is_empty());
    assert_eq!(search(&store, "gamma"), ["Gamma"]);
}

#[test]
fn topic_index_extends_with_what_was_written_after_it() {
    let (mut store, feed) = store_with_feed();
    let store_titles = |store: &mut Store, titles: &[(&str, &str)], now| {
        let articles = titles
            .iter()
            .map(|(key, title)| article(key, title, now))
            .collect();
        store
            .store_feed(feed, &parsed(articles), &Validators::default(), now)
            .unwrap();
    };
    store_titles(&mut store, &[("a", "Storm floods Dover harbour")], 1);
    index(&mut store);
    let seq = store.topic_seq().unwrap();
    let mut topics = store.load_topic_index().unwrap();
    store_titles(
        &mut store,
        &[("b", "Dover harbour storm damage counted")],
        2,
    );
    index(&mut store);
    assert!(store.topic_seq().unwrap() > seq);
    assert_eq!(store.extend_topic_index(&mut topics, seq).unwrap(), 1);
    assert_eq!(topics.len(), 2);
    let related = topics.related(1, 5);
    assert_eq!(related.first().map(|r| r.article), Some(2), "{related:?}");
}

#[test]
fn feeds_report_counts_status_and_validators() {
    let (mut store, feed) = store_with_feed();
    let validators = Validators {
        etag: Some("\"v1\"".to_owned()),
        last_modified: Some("Mon, 16 Nov 2026 10:00:00 GMT".to_owned()),
        max_age: None,
    };
    store
        .store_feed(
            feed,
            &parsed(vec![article("a", "A", 1), article("b", "B", 2)]),
            &validators,
            1,
        )
        .unwrap();
    store
        .set_read(store.find_article("a").unwrap().unwrap(), true)
        .unwrap();
    assert_eq!(store.validators(feed).unwrap(), validators);
    let feeds = store.feeds().unwrap();
    assert_eq!((feeds[0].total, feeds[0].unread), (2, 1));
    assert_eq!(feeds[0].name, "Example");
    assert_eq!(feeds[0].last_status, Some(RefreshStatus::Updated));
    let failure = super::Failure {
        message: "HTTP 500",
        detail: Some("HTTP 500 from the origin: upstream timed out"),
    };
    store.record_error(feed, &failure, 2, None).unwrap();
    let feeds = store.feeds().unwrap();
    assert_eq!(feeds[0].last_error.as_deref(), Some("HTTP 500"));
    assert_eq!(
        feeds[0].last_error_detail.as_deref(),
        Some("HTTP 500 from the origin: upstream timed out")
    );
    assert_eq!(feeds[0].total, 2, "an error keeps stored articles");
}

#[test]
fn feeds_removed_from_config_are_hidden_but_kept() {
    let (mut store, feed) = store_with_feed();
    put(&mut store, feed, vec![article("a", "A", 1)], 1);
    store
        .sync_feeds(&[feed_config("https://other.org/rss", "Other")])
        .unwrap();
    assert_eq!(store.feeds().unwrap().len(), 1);
    assert!(store.articles(&ArticleQuery::default()).unwrap().is_empty());
    let again = store
        .sync_feeds(&[feed_config("https://example.org/rss", "Example")])
        .unwrap();
    assert_eq!(again[0], feed, "same id when the feed comes back");
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 1);
}

#[test]
fn find_article_by_id_link_or_guid() {
    let (mut store, feed) = store_with_feed();
    put(&mut store, feed, vec![article("g-7", "A", 1)], 1);
    let id = store.find_article("g-7").unwrap().unwrap();
    assert_eq!(store.find_article(&id.to_string()).unwrap(), Some(id));
    assert_eq!(
        store.find_article("https://example.org/g-7").unwrap(),
        Some(id)
    );
    assert_eq!(store.find_article("nope").unwrap(), None);
}

#[test]
fn reopening_a_database_keeps_its_schema_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/t.db");
    {
        let mut store = Store::open(&path).unwrap();
        let ids = store
            .sync_feeds(&[feed_config("https://e.org/f", "E")])
            .unwrap();
        store
            .store_feed(
                ids[0],
                &parsed(vec![article("a", "A", 1)]),
                &Validators::default(),
                1,
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 1);
}

#[test]
fn mark_all_read_counts_changes() {
    let (mut store, feed) = store_with_feed();
    put(
        &mut store,
        feed,
        vec![article("a", "A", 1), article("b", "B", 2)],
        1,
    );
    assert_eq!(store.mark_all_read(Some(feed)).unwrap(), 2);
    assert_eq!(store.mark_all_read(None).unwrap(), 0);
}

#[test]
fn a_full_disk_fails_the_write_and_keeps_what_was_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let feed = store
        .sync_feeds(&[feed_config("https://example.org/rss", "Example")])
        .unwrap()[0];
    put(&mut store, feed, vec![article("a", "Alpha", 10)], 1);
    // The database may not grow any more: what a full disk looks like to
    // SQLite (SQLITE_FULL).
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let big: Vec<NewArticle> = (0..200)
        .map(|i| {
            let mut a = article(&format!("big{i}"), &format!("Big {i}"), 20);
            a.content = Some(format!("<p>{}</p>", "words ".repeat(2000)));
            a
        })
        .collect();
    let failed = store.store_feed(feed, &parsed(big), &Validators::default(), 2);
    assert!(failed.is_err(), "the write fails");
    let check: String = store
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let titles: Vec<String> = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, ["Alpha"], "the feed keeps its old articles");
}
