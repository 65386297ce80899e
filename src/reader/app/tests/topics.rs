//! Tests of `app::update` for related stories, topics and story counts.

use super::super::*;
use super::{article, key, loaded, special};
use crate::model::ListRow;

#[test]
fn equals_lists_the_related_articles_and_esc_clears_it() {
    let mut app = loaded();
    key(&mut app, 'j');
    let effects = key(&mut app, '=');
    let related = Filter {
        related_to: Some(2),
        ..Filter::default()
    };
    assert_eq!(effects, vec![Effect::LoadArticles(related.clone())]);
    assert_eq!(app.related_title.as_deref(), Some("Article 2"));
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: related,
            articles: vec![article(4, 2, "Same story")],
        },
    );
    assert_eq!(app.articles.len(), 1);
    let cleared = special(&mut app, Key::Esc);
    assert_eq!(cleared, vec![Effect::LoadArticles(Filter::default())]);
    assert_eq!(app.related_title, None);
}

#[test]
fn choosing_a_topic_filters_and_combines_with_unread() {
    let mut app = loaded();
    key(&mut app, 'u');
    assert_eq!(key(&mut app, 't'), vec![Effect::LoadTopics { all: false }]);
    update(
        &mut app,
        Msg::TopicsLoaded {
            all: false,
            topics: vec![("North Korea".to_owned(), 3), ("Riksbank".to_owned(), 2)],
        },
    );
    key(&mut app, 'j');
    let effects = special(&mut app, Key::Enter);
    let expected = Filter {
        unread_only: true,
        topic: Some("Riksbank".to_owned()),
        ..Filter::default()
    };
    assert_eq!(effects, vec![Effect::LoadArticles(expected)]);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn u_in_the_topic_list_switches_between_unread_and_all() {
    let mut app = loaded();
    key(&mut app, 't');
    assert_eq!(key(&mut app, 'u'), vec![Effect::LoadTopics { all: true }]);
    assert_eq!(
        app.overlay,
        Overlay::Topics {
            cursor: 0,
            all: true
        }
    );
}

#[test]
fn visible_rows_ask_for_their_stories_once() {
    let (mut app, _) = App::new(Keymap::builtin(), 80, 24, false);
    let articles: Vec<ListRow> = (1..=3).map(|i| article(i, 1, "x")).collect();
    let effects = update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: articles.clone(),
        },
    );
    assert_eq!(effects, vec![Effect::LoadStories(vec![1, 2, 3])]);
    let again = update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    assert!(again.is_empty());
}

#[test]
fn capital_m_marks_the_whole_story_read() {
    let mut app = loaded();
    update(
        &mut app,
        Msg::StoriesLoaded(vec![(
            1,
            Story {
                sources: 3,
                members: vec![4, 5],
            },
        )]),
    );
    let effects = key(&mut app, 'M');
    assert_eq!(
        effects[0],
        Effect::SetRead {
            ids: vec![1, 4, 5],
            read: true
        }
    );
    assert!(app.articles[0].read && app.articles[3].read && app.articles[4].read);
    assert!(!app.articles[1].read);
}

#[test]
fn arriving_articles_keep_an_untouched_list_at_the_top() {
    let (mut app, _) = App::new(Keymap::builtin(), 80, 24, true);
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: vec![article(7, 1, "First in")],
        },
    );
    let mut fuller: Vec<ListRow> = (1..=3).map(|i| article(i, 1, "newer")).collect();
    fuller.push(article(7, 1, "First in"));
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: fuller,
        },
    );
    assert_eq!(app.article_cursor, 0);
}

#[test]
fn indexing_progress_shows_and_its_end_reloads_the_view() {
    let mut app = loaded();
    assert!(update(&mut app, Msg::Indexing { done: 0, total: 50 }).is_empty());
    assert_eq!(app.indexing, Some((0, 50)));
    update(
        &mut app,
        Msg::Indexing {
            done: 20,
            total: 50,
        },
    );
    assert_eq!(app.indexing, Some((20, 50)));
    let effects = update(&mut app, Msg::Indexed { count: 50 });
    assert_eq!(app.indexing, None);
    assert_eq!(
        effects,
        vec![Effect::LoadFeeds, Effect::LoadArticles(Filter::default())],
        "topics, stories and search cover the new articles now"
    );
    assert!(
        update(&mut app, Msg::Indexed { count: 0 }).is_empty(),
        "nothing new, nothing to reload"
    );
}

#[test]
fn capital_s_folds_stories_and_x_unfolds_one_keeping_the_selection() {
    let mut app = loaded();
    let mut articles: Vec<ListRow> = (1..=5).map(|id| article(id, id, "A")).collect();
    for a in &mut articles[1..4] {
        a.story = Some(2);
    }
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    key(&mut app, 'j');
    key(&mut app, 'j'); // article 3, in story 2
    key(&mut app, 'S');
    assert!(app.stories.view);
    let ids: Vec<i64> = app.articles.iter().map(|a| a.id).collect();
    // Article 4 is the story's earliest: its row stands for the story.
    assert_eq!(ids, [1, 4, 5]);
    assert_eq!(app.selected_article().map(|a| a.id), Some(4));
    assert_eq!(app.stories.rows[&4].others, 2);
    key(&mut app, 'x');
    let ids: Vec<i64> = app.articles.iter().map(|a| a.id).collect();
    assert_eq!(ids, [1, 4, 2, 3, 5]);
    assert_eq!(app.selected_article().map(|a| a.id), Some(4));
    key(&mut app, 'S');
    assert!(!app.stories.view);
    assert_eq!(app.articles.len(), 5);
    assert_eq!(app.selected_article().map(|a| a.id), Some(4));
}
