//! Subscriptions from inside the reader: `a` adds a feed by its URL or its
//! page's (a list to pick from when the page names several), and in the
//! feed list `D` removes, `c` renames and `T` tags the selected feed. The
//! edges write the config file and refresh a new feed. Part of `app`: pure.

use super::layout::Focus;
use super::lists::filter_changed;
use super::movement::step;
use super::{Action, App, Effect, Key, KeyChord, Overlay};
use crate::model::{FeedEdit, FeedId, SubscriptionChange};

/// What the open prompt is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PromptKind {
    #[default]
    Search,
    AddFeed,
    RenameFeed(FeedId),
    TagFeed(FeedId),
    /// "Remove …? (y/n)": one key answers.
    RemoveFeed(FeedId),
}

fn open_prompt(app: &mut App, kind: PromptKind, text: String) -> Vec<Effect> {
    app.prompt = kind;
    app.input = Some(text);
    Vec::new()
}

pub(super) fn add_feed(app: &mut App) -> Vec<Effect> {
    open_prompt(app, PromptKind::AddFeed, String::new())
}

/// Opens the prompt for a change to the feed selected in the feed list.
pub(super) fn edit_feed(app: &mut App, action: Action) -> Vec<Effect> {
    let feed = app.selected_feed().filter(|_| app.focus == Focus::Feeds);
    let Some(feed) = feed.cloned() else {
        app.status = Some("Select a feed in the feed list first (Tab)".to_owned());
        return Vec::new();
    };
    match action {
        Action::RemoveFeed => open_prompt(app, PromptKind::RemoveFeed(feed.id), String::new()),
        Action::RenameFeed => open_prompt(app, PromptKind::RenameFeed(feed.id), feed.name),
        _ => open_prompt(app, PromptKind::TagFeed(feed.id), feed.tags.join(", ")),
    }
}

/// Enter in a subscription prompt: the change for the edges.
pub(super) fn submit(app: &mut App, kind: PromptKind, text: &str) -> Vec<Effect> {
    let text = text.trim();
    let key_of = |id: FeedId| app.feeds.iter().find(|f| f.id == id).map(|f| f.url.clone());
    let change = match kind {
        PromptKind::Search | PromptKind::RemoveFeed(_) => None,
        PromptKind::AddFeed if text.is_empty() => None,
        PromptKind::AddFeed => Some(SubscriptionChange::Add {
            input: text.to_owned(),
        }),
        PromptKind::RenameFeed(_) if text.is_empty() => None,
        PromptKind::RenameFeed(id) => key_of(id).map(|key| SubscriptionChange::Edit {
            key,
            edit: FeedEdit::Rename(text.to_owned()),
        }),
        PromptKind::TagFeed(id) => key_of(id).map(|key| SubscriptionChange::Edit {
            key,
            edit: FeedEdit::Tags(split_tags(text)),
        }),
    };
    change.map_or_else(Vec::new, |change| started(app, change))
}

fn started(app: &mut App, change: SubscriptionChange) -> Vec<Effect> {
    app.status = Some(match &change {
        SubscriptionChange::Add { input } => format!("Looking for the feed of {input}…"),
        SubscriptionChange::Edit { .. } => "Saving the feed list…".to_owned(),
    });
    vec![Effect::Subscribe(change)]
}

/// `y` removes the feed; any other key keeps it.
pub(super) fn answer_remove(app: &mut App, id: FeedId, chord: KeyChord) -> Vec<Effect> {
    app.input = None;
    app.prompt = PromptKind::Search;
    let key = app.feeds.iter().find(|f| f.id == id).map(|f| f.url.clone());
    match (chord.key, key) {
        (Key::Char('y' | 'Y'), Some(key)) => started(
            app,
            SubscriptionChange::Edit {
                key,
                edit: FeedEdit::Remove,
            },
        ),
        _ => {
            app.status = Some("Kept".to_owned());
            Vec::new()
        }
    }
}

fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

/// The list changed on disk: say so, reload, and refresh a new feed.
pub(super) fn subscribed(app: &mut App, message: String, new: Option<FeedId>) -> Vec<Effect> {
    app.status = Some(message);
    let mut effects = vec![Effect::LoadFeeds];
    effects.extend(filter_changed(app));
    if let Some(id) = new {
        effects.push(Effect::Refresh {
            feeds: Some(vec![id]),
        });
    }
    effects
}

/// A page names several feeds: the user picks one.
pub(super) fn choices_found(app: &mut App, choices: Vec<(String, Option<String>)>) -> Vec<Effect> {
    app.status = Some(format!("{} feeds found: pick one", choices.len()));
    app.choices = choices;
    app.overlay = Overlay::Choices { cursor: 0 };
    Vec::new()
}

pub(super) fn on_choices_key(app: &mut App, chord: KeyChord) -> Vec<Effect> {
    let action = app.keymap.action(&chord);
    let Overlay::Choices { cursor } = &mut app.overlay else {
        return Vec::new();
    };
    let len = app.choices.len();
    match (chord.key, action) {
        (Key::Enter, _) | (_, Some(Action::Open)) => {
            let chosen = app.choices.get(*cursor).map(|(url, _)| url.clone());
            app.overlay = Overlay::None;
            chosen.map_or_else(Vec::new, |input| {
                started(app, SubscriptionChange::Add { input })
            })
        }
        (_, Some(Action::Down)) => {
            *cursor = step(*cursor, 1, len);
            Vec::new()
        }
        (_, Some(Action::Up)) => {
            *cursor = step(*cursor, -1, len);
            Vec::new()
        }
        _ => {
            app.overlay = Overlay::None;
            app.status = Some("No feed added".to_owned());
            Vec::new()
        }
    }
}
