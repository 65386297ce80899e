//! Tests of subscriptions from inside: the add prompt, remove, rename and
//! tag in the feed list, and picking one of a page's feeds.

use super::super::*;
use super::*;
use crate::model::{FeedEdit, SubscriptionChange};

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, c);
    }
}

#[test]
fn a_opens_a_prompt_whose_text_is_the_feed_to_add() {
    let mut app = loaded();
    key(&mut app, 'a');
    assert_eq!(app.prompt, PromptKind::AddFeed);
    type_text(&mut app, "example.org/news");
    let effects = special(&mut app, Key::Enter);
    assert_eq!(
        effects,
        vec![Effect::Subscribe(SubscriptionChange::Add {
            input: "example.org/news".to_owned()
        })]
    );
    assert!(app.input.is_none());
    // The next prompt is a search again.
    key(&mut app, '/');
    type_text(&mut app, "storm");
    special(&mut app, Key::Enter);
    assert_eq!(app.filter.search.as_deref(), Some("storm"));
}

#[test]
fn feed_edits_need_the_feed_list_and_name_the_feed_by_its_url() {
    let mut app = loaded();
    key(&mut app, 'D');
    assert!(app.input.is_none());
    assert!(app.status.as_deref().unwrap().contains("feed list"));
    app.focus = Focus::Feeds;
    key(&mut app, 'j'); // feed "One"
    key(&mut app, 'c');
    assert_eq!(app.input.as_deref(), Some("One"));
    special(&mut app, Key::Backspace);
    special(&mut app, Key::Backspace);
    special(&mut app, Key::Backspace);
    type_text(&mut app, "Uno");
    let url = "https://example.org/1".to_owned();
    assert_eq!(
        special(&mut app, Key::Enter),
        vec![Effect::Subscribe(SubscriptionChange::Edit {
            key: url.clone(),
            edit: FeedEdit::Rename("Uno".to_owned())
        })]
    );
    key(&mut app, 'T');
    type_text(&mut app, "news, tech ,news");
    assert_eq!(
        special(&mut app, Key::Enter),
        vec![Effect::Subscribe(SubscriptionChange::Edit {
            key: url.clone(),
            edit: FeedEdit::Tags(vec!["news".to_owned(), "tech".to_owned()])
        })]
    );
    key(&mut app, 'D');
    assert!(key(&mut app, 'n').is_empty(), "n keeps the feed");
    key(&mut app, 'D');
    assert_eq!(
        key(&mut app, 'y'),
        vec![Effect::Subscribe(SubscriptionChange::Edit {
            key: url,
            edit: FeedEdit::Remove
        })]
    );
}

#[test]
fn a_removed_feed_that_narrowed_the_list_gives_way_to_all_feeds() {
    let mut app = loaded();
    app.focus = Focus::Feeds;
    key(&mut app, 'j');
    assert_eq!(app.filter.feed, Some(1));
    let effects = update(
        &mut app,
        Msg::Subscribed {
            message: "Feed removed".to_owned(),
            new: None,
        },
    );
    assert!(effects.contains(&Effect::LoadFeeds));
    let effects = update(&mut app, Msg::FeedsLoaded(vec![feed(2, "Two", 2)]));
    assert_eq!(app.filter.feed, None);
    assert!(effects.contains(&Effect::LoadArticles(Filter::default())));
}

#[test]
fn a_new_feed_is_refreshed_and_several_feeds_are_offered_to_pick() {
    let mut app = loaded();
    let effects = update(
        &mut app,
        Msg::Subscribed {
            message: "Added Gazette".to_owned(),
            new: Some(7),
        },
    );
    assert!(effects.contains(&Effect::Refresh {
        feeds: Some(vec![7])
    }));
    assert_eq!(app.status.as_deref(), Some("Added Gazette"));
    let choices = vec![
        ("https://e.org/rss".to_owned(), Some("News".to_owned())),
        ("https://e.org/comments".to_owned(), None),
    ];
    update(&mut app, Msg::FeedChoices(choices));
    assert_eq!(app.overlay, Overlay::Choices { cursor: 0 });
    key(&mut app, 'j');
    assert_eq!(
        special(&mut app, Key::Enter),
        vec![Effect::Subscribe(SubscriptionChange::Add {
            input: "https://e.org/comments".to_owned()
        })]
    );
    assert_eq!(app.overlay, Overlay::None);
}
