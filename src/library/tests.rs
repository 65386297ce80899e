//! The use cases both front ends share, on an in-memory database.

use super::*;
use crate::config::{FeedConfig, FeedSource};
use crate::model::{Filter, NewArticle, ParsedFeed, Validators};
use crate::topics::index::RELATED_MIN;

fn article(key: &str, title: &str, body: &str, published: i64) -> NewArticle {
    NewArticle {
        key: format!("guid:{key}"),
        guid: Some(key.to_owned()),
        link: Some(format!("https://example.org/{key}")),
        title: title.to_owned(),
        published: Some(published),
        content: Some(format!("<p>{body}</p>")),
        ..Default::default()
    }
}

/// Two outlets covering a harbour fire, and unrelated articles that share
/// a word or two with it.
fn library() -> Library {
    let mut store = Store::open_in_memory().unwrap();
    let feeds = ["a", "b"].map(|name| FeedConfig {
        name: Some(name.to_owned()),
        source: FeedSource::Http(url::Url::parse(&format!("https://{name}.example/rss")).unwrap()),
        tags: Vec::new(),
        options: Default::default(),
    });
    let ids = store.sync_feeds(&feeds).unwrap();
    let fire = "Fire crews fought a blaze at the Kessel harbour warehouse overnight, \
                and the port chief, Anna Lindqvist, closed the docks across the region.";
    let first = vec![
        article(
            "fire-a",
            "Kessel harbour warehouse fire closes docks",
            fire,
            100,
        ),
        article(
            "bread",
            "Bakery wins prize for rye bread",
            "The bakery said the crews were proud.",
            110,
        ),
        article(
            "match",
            "Late goal settles derby",
            "The warehouse district cheered the late goal.",
            120,
        ),
    ];
    let mut second = vec![
        article(
            "fire-b",
            "Docks shut after Kessel harbour warehouse blaze",
            fire,
            130,
        ),
        article(
            "rain",
            "Rain expected all week",
            "Forecasters expect rain across the region.",
            140,
        ),
    ];
    // "region" is in nearly every article: sharing it links next to nothing.
    let subjects = [
        "tram", "library", "school", "museum", "bridge", "market", "choir", "ferry",
    ];
    for (i, subject) in subjects.iter().enumerate() {
        let body = format!("A new {subject} opens for the region this {i}th week.");
        second.push(article(
            subject,
            &format!("{subject} news"),
            &body,
            150 + i as i64,
        ));
    }
    for (feed, articles) in [(ids[0], first), (ids[1], second)] {
        let parsed = ParsedFeed {
            title: None,
            site_link: None,
            articles,
        };
        store
            .store_feed(feed, &parsed, &Validators::default(), 1)
            .unwrap();
    }
    indexer::index_pending(&mut store, |_, _| {}).unwrap();
    Library::new(store)
}

fn id_of(library: &Library, key: &str) -> ArticleId {
    library
        .store()
        .find_article(&format!("https://example.org/{key}"))
        .unwrap()
        .unwrap()
}

#[test]
fn related_has_one_cut_off_for_the_reader_and_the_command_line() {
    let mut library = library();
    let fire = id_of(&library, "fire-a");
    let related = library.related(fire, 20).unwrap();
    assert_eq!(
        related.first().map(|r| r.article),
        Some(id_of(&library, "fire-b"))
    );
    assert!(
        related.iter().all(|r| r.score >= RELATED_MIN),
        "{related:?}"
    );
    // The index itself ranks weak matches too (a shared word): they go.
    let store = &library.store;
    let raw = library.topics.index(store).unwrap().related(fire, 20);
    assert!(raw.iter().any(|r| r.score < RELATED_MIN), "{raw:?}");
    assert_eq!(
        raw.iter().filter(|r| r.score >= RELATED_MIN).count(),
        related.len()
    );
    // The ranking for scorers (`related --all`) keeps them.
    let ranking = library.rankings(20).unwrap();
    let all = ranking.iter().find(|r| r.id == fire).unwrap();
    assert_eq!(all.related.len(), raw.len());
    // The reader's related list is the same articles, in the same order.
    let filter = Filter {
        related_to: Some(fire),
        ..Default::default()
    };
    let listed: Vec<ArticleId> = library
        .articles(&filter, None)
        .unwrap()
        .articles
        .iter()
        .map(|a| a.id)
        .collect();
    let ranked: Vec<ArticleId> = related.iter().map(|r| r.article).collect();
    assert_eq!(listed, ranked);
}

#[test]
fn a_topic_filter_lists_its_articles_and_says_when_no_article_has_it() {
    let mut library = library();
    let filter = Filter {
        topic: Some("Anna Lindqvist".to_owned()),
        ..Default::default()
    };
    let listing = library.articles(&filter, None).unwrap();
    let mut ids: Vec<ArticleId> = listing.articles.iter().map(|a| a.id).collect();
    ids.sort();
    let mut fire = vec![id_of(&library, "fire-a"), id_of(&library, "fire-b")];
    fire.sort();
    assert_eq!((ids, listing.unknown_topic), (fire, false));
    let filter = Filter {
        topic: Some("no such topic".to_owned()),
        ..Default::default()
    };
    let listing = library.articles(&filter, None).unwrap();
    assert!(listing.articles.is_empty() && listing.unknown_topic);
}

#[test]
fn marks_and_topic_counts_follow_the_unread_state() {
    let mut library = library();
    let all = library.articles(&Filter::default(), None).unwrap().articles;
    let ids: Vec<ArticleId> = all.iter().map(|a| a.id).collect();
    library.set_read(&ids, true).unwrap();
    assert!(library.topic_counts(true).unwrap().is_empty());
    assert!(!library.topic_counts(false).unwrap().is_empty());
    let unread = Filter {
        unread_only: true,
        ..Default::default()
    };
    assert!(library.articles(&unread, None).unwrap().articles.is_empty());
    library.set_starred(ids[0], true).unwrap();
    assert!(
        library
            .store()
            .article(ids[0])
            .unwrap()
            .unwrap()
            .summary
            .starred
    );
}

#[test]
fn full_text_is_stored_once_built_from_the_extracted_page() {
    let mut library = library();
    let id = id_of(&library, "rain");
    let page = Extracted {
        title: None,
        byline: Some("A. Writer".to_owned()),
        published: None,
        site_name: Some("B".to_owned()),
        html: "<p>Rain all week.</p>".to_owned(),
        text: "Rain all week.".to_owned(),
        image: Some("https://b.example/rain.jpg".to_owned()),
        lang: Some("en".to_owned()),
    };
    let full = library.store_full_text(id, page).unwrap();
    let stored = library.store().article(id).unwrap().unwrap().full;
    assert_eq!(stored, Some(full));
}

#[test]
fn the_readers_rows_are_the_listing_with_one_name_per_feed() {
    let mut library = library();
    let topic = Filter {
        topic: Some("Anna Lindqvist".to_owned()),
        ..Default::default()
    };
    for (filter, limit) in [
        (Filter::default(), None),
        (Filter::default(), Some(2)),
        (topic, None),
    ] {
        let rows = library.list_rows(&filter, limit).unwrap();
        let listing = library.articles(&filter, limit).unwrap().articles;
        let expected: Vec<crate::model::ListRow> = listing.into_iter().map(Into::into).collect();
        assert_eq!(rows, expected);
    }
    let rows = library.list_rows(&Filter::default(), None).unwrap();
    let of_feed = |name: &str| rows.iter().filter(|r| &*r.feed == name).collect::<Vec<_>>();
    let b = of_feed("b");
    assert!(b.len() > 2);
    assert!(
        b.iter()
            .all(|r| std::sync::Arc::ptr_eq(&r.feed, &b[0].feed))
    );
}
