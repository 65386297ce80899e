//! How article lists are read: the plans SQLite makes for them, and
//! searches that match few articles or many.

use super::Store;
use crate::config::{FeedConfig, FeedSource};
use crate::model::{ArticleQuery, NewArticle, ParsedFeed};

/// How SQLite means to run [`Store::articles`] for `query`.
fn plan(store: &Store, query: &ArticleQuery) -> String {
    let (sql, args, _) = store.articles_sql(query).unwrap().unwrap();
    let mut stmt = store
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
}

#[test]
fn a_page_of_articles_walks_an_index_on_time_and_sorts_nothing() {
    let store = Store::open_in_memory().unwrap();
    for query in [
        ArticleQuery::default(),
        ArticleQuery {
            unread_only: true,
            ..Default::default()
        },
        ArticleQuery {
            feed: Some(1),
            unread_only: true,
            ..Default::default()
        },
    ] {
        let query = ArticleQuery {
            limit: Some(50),
            ..query
        };
        let plan = plan(&store, &query);
        assert!(!plan.contains("TEMP B-TREE"), "{query:?}: {plan}");
        assert!(
            plan.starts_with("SCAN a USING INDEX") || plan.starts_with("SEARCH a USING INDEX"),
            "{plan}"
        );
    }
    let unread = ArticleQuery {
        unread_only: true,
        limit: Some(50),
        ..Default::default()
    };
    assert!(plan(&store, &unread).contains("articles_unread_by_time"));
}
/// A store of one feed with 40 articles at shuffled times: every third
/// about a storm (more matches than are looked up one by one), four about
/// a quake (fewer), every fifth read.
fn store_of_storms() -> (Store, Vec<(i64, String, bool)>) {
    let mut store = Store::open_in_memory().unwrap();
    let config = FeedConfig {
        name: Some("Weather".to_owned()),
        source: FeedSource::Http(url::Url::parse("https://example.org/rss").unwrap()),
        tags: Vec::new(),
        options: Default::default(),
    };
    let feed = store.sync_feeds(&[config]).unwrap()[0];
    let mut all = Vec::new();
    let articles = (0..40)
        .map(|i| {
            let subject = match i {
                _ if i % 3 == 0 => "Storm",
                5 | 17 | 22 | 38 => "Quake",
                _ => "Budget",
            };
            let title = format!("{subject} report {i}");
            let published = (i * 7919) % 1000;
            all.push((published, title.clone(), i % 5 == 0));
            NewArticle {
                key: format!("guid:{i}"),
                title,
                published: Some(published),
                content: Some(format!("<p>{subject} news</p>")),
                ..Default::default()
            }
        })
        .collect();
    let parsed = ParsedFeed {
        title: Some("Weather".to_owned()),
        site_link: None,
        articles,
    };
    store
        .store_feed(feed, &parsed, &Default::default(), 1)
        .unwrap();
    crate::library::indexer::index_pending(&mut store, |_, _| {}).unwrap();
    for stored in store.articles(&ArticleQuery::default()).unwrap() {
        if all
            .iter()
            .any(|(_, title, read)| *read && *title == stored.title)
        {
            store.set_read(stored.id, true).unwrap();
        }
    }
    all.sort_by_key(|a| std::cmp::Reverse(a.0));
    (store, all)
}

#[test]
fn a_search_lists_its_matches_newest_first_whether_few_or_many() {
    let (store, all) = store_of_storms();
    for (word, unread_only, limit) in [
        ("storm", false, None),
        ("storm", true, None),
        ("storm", false, Some(4)),
        ("storm", true, Some(3)),
        ("quake", false, None),
        ("quake", true, Some(2)),
        ("budg", false, Some(5)),
    ] {
        let query = ArticleQuery {
            search: Some(word.to_owned()),
            unread_only,
            limit,
            ..Default::default()
        };
        let found: Vec<String> = store
            .articles(&query)
            .unwrap()
            .into_iter()
            .map(|a| a.title)
            .collect();
        let expected: Vec<String> = all
            .iter()
            .filter(|(_, title, read)| {
                title.to_lowercase().starts_with(word) && !(unread_only && *read)
            })
            .map(|(_, title, _)| title.clone())
            .take(limit.unwrap_or(u64::MAX) as usize)
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(found, expected, "{query:?}");
        let ids = store.article_ids(&query).unwrap();
        assert_eq!(ids.len(), expected.len(), "{query:?}");
    }
}

#[test]
fn a_search_looks_few_matches_up_and_tests_the_rows_walked_against_many() {
    let (store, _) = store_of_storms();
    let query = |word: &str| ArticleQuery {
        search: Some(word.to_owned()),
        limit: Some(50),
        ..Default::default()
    };
    let few = plan(&store, &query("quake"));
    assert!(few.contains("SEARCH a USING INTEGER PRIMARY KEY"), "{few}");
    let (_, _, only) = store.articles_sql(&query("quake")).unwrap().unwrap();
    assert!(only.is_none());
    // Many: no search in the statement, the time index walked unsorted.
    let many = plan(&store, &query("storm"));
    assert!(
        !many.contains("TEMP B-TREE") && !many.contains("fts"),
        "{many}"
    );
    assert!(many.contains("articles_by_time"), "{many}");
    let (_, _, only) = store.articles_sql(&query("storm")).unwrap().unwrap();
    assert!(only.is_some());
}
