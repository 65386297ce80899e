//! What the article list holds: the filter and its changes (unread only,
//! search, related, topic), reloading at most one list at a time, and the
//! story requests for rows on screen. Part of `app`: pure.

use super::layout::Focus;
use super::{App, Effect, ListState, Overlay};
use crate::model::ArticleId;

/// The filter changed: reload the list from the top.
pub(super) fn filter_changed(app: &mut App) -> Vec<Effect> {
    app.article_cursor = 0;
    app.article_offset = 0;
    app.list = ListState::Waiting {
        again: app.list.again(),
    };
    app.list_touched = false;
    vec![Effect::LoadArticles(app.filter.clone())]
}

/// New data may be in the database: reload, at most one load at a time.
pub(super) fn request_reload(app: &mut App) -> Vec<Effect> {
    match app.list {
        ListState::Waiting { .. } => app.list = ListState::Waiting { again: true },
        ListState::Reloading { .. } => app.list = ListState::Reloading { again: true },
        ListState::Shown => return reload(app),
    }
    Vec::new()
}

pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    app.list = match app.list {
        ListState::Waiting { .. } => ListState::Waiting { again: false },
        _ => ListState::Reloading { again: false },
    };
    vec![Effect::LoadFeeds, Effect::LoadArticles(app.filter.clone())]
}

/// Asks for the story groups of list rows on screen that are not known yet.
pub(super) fn visible_story_requests(app: &mut App) -> Vec<Effect> {
    let height = app.list_height();
    let ids: Vec<ArticleId> = app
        .articles
        .iter()
        .skip(app.article_offset)
        .take(height)
        .map(|a| a.id)
        .filter(|id| !app.stories.requested.contains(id))
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    app.stories.requested.extend(ids.iter().copied());
    vec![Effect::LoadStories(ids)]
}

pub(super) fn toggle_unread_only(app: &mut App) -> Vec<Effect> {
    app.filter.unread_only = !app.filter.unread_only;
    filter_changed(app)
}

pub(super) fn start_search(app: &mut App) -> Vec<Effect> {
    app.prompt = super::PromptKind::Search;
    app.input = Some(app.filter.search.clone().unwrap_or_default());
    Vec::new()
}

/// Lists the articles related to the open or selected one.
pub(super) fn show_related(app: &mut App) -> Vec<Effect> {
    let Some((id, _)) = app.target_article() else {
        return Vec::new();
    };
    app.related_title = app.title_and_link(id).map(|(title, _)| title.to_owned());
    app.filter.related_to = Some(id);
    app.focus = Focus::Articles;
    filter_changed(app)
}

pub(super) fn open_topic_list(app: &mut App) -> Vec<Effect> {
    app.overlay = Overlay::Topics {
        cursor: 0,
        all: false,
    };
    app.topics_loaded = false;
    vec![Effect::LoadTopics { all: false }]
}

pub(super) fn toggle_story_view(app: &mut App) -> Vec<Effect> {
    super::stories::toggle_view(app);
    app.keep_cursors_visible();
    visible_story_requests(app)
}

pub(super) fn toggle_expanded_story(app: &mut App) -> Vec<Effect> {
    super::stories::toggle_expanded(app);
    app.keep_cursors_visible();
    visible_story_requests(app)
}
