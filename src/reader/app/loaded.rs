//! Answers from the background worker: the feed and article lists, one
//! article laid out, topics, stories, full text. Part of `app`: pure.

use super::{App, Effect, Filter, ListState, Overlay, lists, stories};
use crate::model::{ArticleDetail, ArticleId, FeedSummary, ListRow, Story};
use crate::text::render::RenderedBody;

/// The feed list came: the selected feed stays selected.
pub(super) fn feeds_loaded(app: &mut App, feeds: Vec<FeedSummary>) -> Vec<Effect> {
    let selected = app.selected_feed().map(|f| f.id);
    app.feeds = feeds;
    app.feed_cursor = selected
        .and_then(|id| app.feeds.iter().position(|f| f.id == id))
        .map_or(0, |i| i + 1);
    app.keep_cursors_visible();
    // The feed the list was narrowed to is gone (removed): show all.
    if let Some(feed) = app.filter.feed
        && !app.feeds.iter().any(|f| f.id == feed)
    {
        app.filter.feed = None;
        return super::lists::filter_changed(app);
    }
    Vec::new()
}

/// A list came: shown if it answers the current filter.
pub(super) fn articles_loaded(
    app: &mut App,
    filter: Filter,
    articles: Vec<ListRow>,
) -> Vec<Effect> {
    if filter != app.filter {
        return Vec::new(); // an answer to an older question
    }
    // A new filter's list starts at the top; a reload keeps the
    // article the user chose.
    let keep = app.list.is_shown() && app.list_touched;
    let again = app.list.again();
    app.list = ListState::Shown;
    let selected = app.selected_article().map(|a| a.id).filter(|_| keep);
    stories::show_list(app, articles);
    app.article_cursor = selected
        .and_then(|id| app.articles.iter().position(|a| a.id == id))
        .unwrap_or(if selected.is_some() {
            app.article_cursor
        } else {
            0
        })
        .min(app.articles.len().saturating_sub(1));
    app.keep_cursors_visible();
    let mut effects = lists::visible_story_requests(app);
    if again {
        effects.extend(lists::reload(app));
    }
    effects
}

/// An article came, laid out: shown if it is still the open one.
pub(super) fn article_loaded(
    app: &mut App,
    id: ArticleId,
    width: u16,
    article: Option<Box<ArticleDetail>>,
    body: RenderedBody,
) -> Vec<Effect> {
    if let Some(reader) = app.reader.as_mut().filter(|r| r.id == id) {
        reader.article = article.map(|a| *a);
        reader.body = Some(body);
        reader.width = width;
        let max = reader.body.as_ref().map_or(0, |b| b.lines.len());
        reader.scroll = reader.scroll.min(max.saturating_sub(1));
    }
    super::images::article_images(app, id)
}

/// The topic list came: shown if the topic overlay still asks for it.
pub(super) fn topics_loaded(app: &mut App, all: bool, topics: Vec<(String, u32)>) -> Vec<Effect> {
    if let Overlay::Topics {
        all: showing,
        cursor,
    } = &mut app.overlay
        && *showing == all
    {
        *cursor = (*cursor).min(topics.len().saturating_sub(1));
        app.topics = topics;
        app.topics_loaded = true;
    }
    Vec::new()
}

/// An article's full text is stored: the open article shows it.
pub(super) fn full_text_ready(app: &mut App, id: ArticleId) -> Vec<Effect> {
    match &app.reader {
        Some(reader) if reader.id == id => {
            app.status = Some("Full text loaded".to_owned());
            vec![Effect::LoadArticle {
                id,
                width: reader.width,
            }]
        }
        _ => Vec::new(),
    }
}

/// Stories of list rows came.
pub(super) fn stories_loaded(app: &mut App, stories: Vec<(ArticleId, Story)>) -> Vec<Effect> {
    app.stories.known.extend(stories);
    Vec::new()
}
