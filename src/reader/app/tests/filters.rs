//! Tests of `app::update` for the feed, search and unread filters.

use super::super::*;
use super::{article, key, loaded, open_with_body, special};

#[test]
fn a_search_narrows_the_list_and_esc_clears_it() {
    let mut app = loaded();
    key(&mut app, '/');
    for c in "storm".chars() {
        key(&mut app, c);
    }
    assert_eq!(app.input.as_deref(), Some("storm"));
    let effects = special(&mut app, Key::Enter);
    let searching = Filter {
        search: Some("storm".to_owned()),
        ..Filter::default()
    };
    assert_eq!(effects, vec![Effect::LoadArticles(searching.clone())]);
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: searching,
            articles: vec![article(3, 1, "Storm")],
        },
    );
    assert_eq!(app.articles.len(), 1);
    let cleared = special(&mut app, Key::Esc);
    assert_eq!(cleared, vec![Effect::LoadArticles(Filter::default())]);
    assert_eq!(app.filter.search, None);
}

#[test]
fn typing_a_search_does_not_trigger_bindings() {
    let mut app = loaded();
    key(&mut app, '/');
    key(&mut app, 'q');
    assert!(!app.quit);
    assert_eq!(app.input.as_deref(), Some("q"));
    special(&mut app, Key::Esc);
    assert_eq!(app.input, None);
    assert_eq!(app.filter.search, None, "Esc cancels the prompt");
}

#[test]
fn answers_to_an_older_filter_are_ignored() {
    let mut app = loaded();
    key(&mut app, 'u');
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: vec![],
        },
    );
    assert!(!app.list.is_shown(), "still waiting for the unread list");
}

#[test]
fn n_goes_to_the_next_unread_without_a_search() {
    let mut app = loaded();
    app.articles[1].read = true;
    key(&mut app, 'n');
    assert_eq!(app.article_cursor, 2);
    key(&mut app, 'N');
    assert_eq!(app.article_cursor, 0);
}

#[test]
fn n_in_the_reader_opens_the_next_match() {
    let mut app = loaded();
    app.filter.search = Some("article".to_owned());
    open_with_body(&mut app, 3, &[]);
    let effects = key(&mut app, 'n');
    assert_eq!(app.reader.as_ref().unwrap().id, 2);
    assert!(effects.contains(&Effect::LoadArticle {
        id: 2,
        width: app.reader_width()
    }));
}

#[test]
fn choosing_a_feed_filters_the_list() {
    let mut app = loaded();
    special(&mut app, Key::Tab); // articles -> feeds (no reader yet)
    assert_eq!(app.focus, Focus::Feeds);
    let effects = key(&mut app, 'j');
    let expected = Filter {
        feed: Some(1),
        ..Filter::default()
    };
    assert_eq!(effects, vec![Effect::LoadArticles(expected.clone())]);
    assert_eq!(app.filter, expected);
}
