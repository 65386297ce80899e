//! What keys and mouse events do to the state. Part of `app`: pure.

use super::layout::Focus;
use super::prompts;
use super::{Action, App, Effect, Filter, Key, KeyChord, Overlay, Reader};
use crate::model::ArticleId;

pub(super) fn on_key(app: &mut App, chord: KeyChord) -> Vec<Effect> {
    if app.input.is_some() {
        return prompts::on_search_key(app, chord);
    }
    if let Overlay::Topics { .. } = app.overlay {
        return prompts::on_topics_key(app, chord);
    }
    if app.overlay != Overlay::None {
        prompts::on_overlay_key(app, chord);
        return Vec::new();
    }
    if let Key::Char(c @ '0'..='9') = chord.key
        && !chord.ctrl
        && !chord.alt
    {
        let digit = c as usize - '0' as usize;
        app.count = Some(
            app.count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(digit),
        );
        return Vec::new();
    }
    let count = app.count.take();
    match app.keymap.action(&chord) {
        Some(action) => {
            app.status = None;
            on_action(app, action, count)
        }
        None => Vec::new(),
    }
}

fn on_action(app: &mut App, action: Action, count: Option<usize>) -> Vec<Effect> {
    match action {
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        Action::Help => {
            app.overlay = Overlay::Help { scroll: 0 };
            Vec::new()
        }
        Action::ShowErrors => {
            app.overlay = Overlay::Errors { scroll: 0 };
            Vec::new()
        }
        Action::Suspend => vec![Effect::Suspend],
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::PageDown => {
            let page = page_size(app);
            move_by(app, page)
        }
        Action::PageUp => {
            let page = page_size(app);
            move_by(app, -page)
        }
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::Open => match app.focus {
            Focus::Feeds => {
                app.focus = Focus::Articles;
                Vec::new()
            }
            Focus::Articles => open_selected(app),
            Focus::Reader => Vec::new(),
        },
        Action::Back => {
            back(app);
            Vec::new()
        }
        Action::ClearOrBack => {
            if app.focus != Focus::Reader && app.filter.is_narrowed() {
                app.filter = Filter {
                    feed: app.filter.feed,
                    ..Filter::default()
                };
                app.related_title = None;
                return filter_changed(app);
            }
            back(app);
            Vec::new()
        }
        Action::NextPane => {
            app.focus = match app.focus {
                Focus::Feeds => Focus::Articles,
                Focus::Articles if app.reader.is_some() => Focus::Reader,
                Focus::Articles | Focus::Reader => Focus::Feeds,
            };
            Vec::new()
        }
        Action::PreviousPane => {
            app.focus = match app.focus {
                Focus::Feeds if app.reader.is_some() => Focus::Reader,
                Focus::Feeds | Focus::Reader => Focus::Articles,
                Focus::Articles => Focus::Feeds,
            };
            Vec::new()
        }
        Action::RefreshAll => vec![Effect::Refresh { feeds: None }],
        Action::RefreshFeed => {
            let feed = app
                .selected_feed()
                .map(|f| f.id)
                .or_else(|| target_article(app).map(|(_, feed)| feed));
            match feed {
                Some(feed) => vec![Effect::Refresh {
                    feeds: Some(vec![feed]),
                }],
                None => vec![Effect::Refresh { feeds: None }],
            }
        }
        Action::OpenInBrowser => open_in_browser(app, count),
        Action::ToggleRead => {
            let Some((id, _)) = target_article(app) else {
                return Vec::new();
            };
            let read = !app
                .articles
                .iter()
                .find(|a| a.id == id)
                .is_some_and(|a| a.read);
            set_read_locally(app, &[id], read);
            vec![Effect::SetRead {
                ids: vec![id],
                read,
            }]
        }
        Action::ToggleStar => {
            let Some((id, _)) = target_article(app) else {
                return Vec::new();
            };
            let Some(article) = app.articles.iter_mut().find(|a| a.id == id) else {
                return Vec::new();
            };
            article.starred = !article.starred;
            vec![Effect::SetStarred {
                id,
                starred: article.starred,
            }]
        }
        Action::MarkAllRead => {
            let ids: Vec<ArticleId> = app
                .articles
                .iter()
                .filter(|a| !a.read)
                .map(|a| a.id)
                .collect();
            if ids.is_empty() {
                return Vec::new();
            }
            set_read_locally(app, &ids, true);
            app.status = Some(format!("Marked {} articles read", ids.len()));
            vec![Effect::SetRead { ids, read: true }, Effect::LoadFeeds]
        }
        Action::ToggleUnreadOnly => {
            app.filter.unread_only = !app.filter.unread_only;
            filter_changed(app)
        }
        Action::Search => {
            app.input = Some(app.filter.search.clone().unwrap_or_default());
            Vec::new()
        }
        Action::NextMatch => jump(app, 1),
        Action::PreviousMatch => jump(app, -1),
        Action::Related => {
            let Some((id, _)) = target_article(app) else {
                return Vec::new();
            };
            app.related_title = app
                .articles
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.title.clone())
                .or_else(|| {
                    app.reader
                        .as_ref()
                        .and_then(|r| r.article.as_ref())
                        .map(|a| a.summary.title.clone())
                });
            app.filter.related_to = Some(id);
            app.focus = Focus::Articles;
            filter_changed(app)
        }
        Action::FetchFull => {
            let Some((id, _)) = target_article(app) else {
                return Vec::new();
            };
            let link = app
                .articles
                .iter()
                .find(|a| a.id == id)
                .and_then(|a| a.link.clone())
                .or_else(|| {
                    app.reader
                        .as_ref()
                        .and_then(|r| r.article.as_ref())
                        .and_then(|a| a.summary.link.clone())
                });
            match link {
                Some(link) => {
                    app.status = Some("Fetching the full article…".to_owned());
                    let mut effects = vec![Effect::FetchFull { id, link }];
                    if app.reader.as_ref().is_none_or(|r| r.id != id) {
                        effects.extend(open_selected(app));
                    }
                    effects
                }
                None => {
                    app.status = Some("This article has no link".to_owned());
                    Vec::new()
                }
            }
        }
        Action::TopicList => {
            app.overlay = Overlay::Topics {
                cursor: 0,
                all: false,
            };
            app.topics_loaded = false;
            vec![Effect::LoadTopics { all: false }]
        }
        Action::MarkStoryRead => {
            let Some((id, _)) = target_article(app) else {
                return Vec::new();
            };
            let mut ids = vec![id];
            match app.stories.get(&id) {
                Some(story) => ids.extend(story.members.iter().copied()),
                None => {
                    app.status =
                        Some("The story of this article is still being worked out".to_owned());
                    return Vec::new();
                }
            }
            set_read_locally(app, &ids, true);
            app.status = Some(format!("Marked {} articles of this story read", ids.len()));
            vec![Effect::SetRead { ids, read: true }, Effect::LoadFeeds]
        }
        Action::ToggleStoryView => {
            super::stories::toggle_view(app);
            keep_cursors_visible(app);
            visible_story_requests(app)
        }
        Action::ExpandStory => {
            super::stories::toggle_expanded(app);
            keep_cursors_visible(app);
            visible_story_requests(app)
        }
    }
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
        .filter(|id| !app.stories_requested.contains(id))
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    app.stories_requested.extend(ids.iter().copied());
    vec![Effect::LoadStories(ids)]
}

fn back(app: &mut App) {
    app.focus = match app.focus {
        Focus::Reader => Focus::Articles,
        Focus::Articles | Focus::Feeds => Focus::Feeds,
    };
}

fn page_size(app: &App) -> isize {
    let height = match app.focus {
        Focus::Feeds => app.feeds_height(),
        Focus::Articles => app.list_height(),
        Focus::Reader => app.reader_height(),
    };
    height.saturating_sub(1).max(1) as isize
}

pub(super) fn step(position: usize, delta: isize, len: usize) -> usize {
    let max = len.saturating_sub(1) as isize;
    (position as isize)
        .saturating_add(delta)
        .clamp(0, max.max(0)) as usize
}

pub(super) fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
    match app.focus {
        Focus::Feeds => {
            let before = app.feed_cursor;
            app.feed_cursor = step(app.feed_cursor, delta, app.feeds.len() + 1);
            keep_cursors_visible(app);
            if app.feed_cursor != before {
                app.filter.feed = app.selected_feed().map(|f| f.id);
                return filter_changed(app);
            }
            Vec::new()
        }
        Focus::Articles => {
            app.list_touched = true;
            app.article_cursor = step(app.article_cursor, delta, app.articles.len());
            keep_cursors_visible(app);
            visible_story_requests(app)
        }
        Focus::Reader => {
            let height = app.reader_height();
            if let Some(reader) = app.reader.as_mut() {
                let lines = reader.body.as_ref().map_or(0, |b| b.lines.len());
                let max_scroll = lines.saturating_sub(height);
                reader.scroll = step(reader.scroll, delta, max_scroll + 1);
            }
            Vec::new()
        }
    }
}

/// n/N: the next search match, or the next unread article without a search.
fn jump(app: &mut App, direction: isize) -> Vec<Effect> {
    let len = app.articles.len();
    if len == 0 {
        return Vec::new();
    }
    let wants_unread = app.filter.search.is_none();
    let mut index = app.article_cursor as isize;
    loop {
        index += direction;
        if index < 0 || index >= len as isize {
            app.status = Some(
                if wants_unread {
                    "No more unread articles"
                } else {
                    "No more matches"
                }
                .to_owned(),
            );
            return Vec::new();
        }
        if !wants_unread || !app.articles[index as usize].read {
            break;
        }
    }
    app.article_cursor = index as usize;
    app.list_touched = true;
    keep_cursors_visible(app);
    let mut effects = visible_story_requests(app);
    if app.focus == Focus::Reader {
        effects.extend(open_selected(app));
    }
    effects
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(article) = app.selected_article() else {
        return Vec::new();
    };
    let (id, was_read) = (article.id, article.read);
    app.list_touched = true;
    let width = app.reader_width();
    app.reader = Some(Reader {
        id,
        article: None,
        body: None,
        width,
        scroll: 0,
    });
    app.focus = Focus::Reader;
    let mut effects = vec![Effect::LoadArticle { id, width }];
    if !was_read {
        set_read_locally(app, &[id], true);
        effects.push(Effect::SetRead {
            ids: vec![id],
            read: true,
        });
    }
    effects
}

/// The article a toggle applies to: the open one in the reader, else the
/// selected one. Returns (article, feed).
fn target_article(app: &App) -> Option<(ArticleId, i64)> {
    if app.focus == Focus::Reader
        && let Some(reader) = &app.reader
    {
        let feed = app
            .articles
            .iter()
            .find(|a| a.id == reader.id)
            .map(|a| a.feed_id)
            .or_else(|| reader.article.as_ref().map(|a| a.summary.feed_id))?;
        return Some((reader.id, feed));
    }
    app.selected_article().map(|a| (a.id, a.feed_id))
}

fn open_in_browser(app: &mut App, count: Option<usize>) -> Vec<Effect> {
    if let Some(n) = count {
        let link = app
            .reader
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .and_then(|b| b.links.get(n.wrapping_sub(1)))
            .cloned();
        return match link {
            Some(url) => vec![Effect::OpenUrl(url)],
            None => {
                app.status = Some(format!("No link [{n}] in the open article"));
                Vec::new()
            }
        };
    }
    let link = match (app.focus, &app.reader) {
        (Focus::Reader, Some(reader)) => {
            reader.article.as_ref().and_then(|a| a.summary.link.clone())
        }
        _ => app.selected_article().and_then(|a| a.link.clone()),
    };
    match link {
        Some(url) => vec![Effect::OpenUrl(url)],
        None => {
            app.status = Some("This article has no link".to_owned());
            Vec::new()
        }
    }
}

fn set_read_locally(app: &mut App, ids: &[ArticleId], read: bool) {
    let mut changed_per_feed: Vec<(i64, i64)> = Vec::new();
    for article in app.articles.iter_mut().filter(|a| ids.contains(&a.id)) {
        if article.read != read {
            article.read = read;
            let delta = if read { -1 } else { 1 };
            match changed_per_feed
                .iter_mut()
                .find(|(f, _)| *f == article.feed_id)
            {
                Some((_, d)) => *d += delta,
                None => changed_per_feed.push((article.feed_id, delta)),
            }
        }
    }
    for (feed, delta) in changed_per_feed {
        if let Some(summary) = app.feeds.iter_mut().find(|f| f.id == feed) {
            summary.unread = (summary.unread as i64 + delta).max(0) as u64;
        }
    }
}

/// The filter changed: reload the list from the top.
pub(super) fn filter_changed(app: &mut App) -> Vec<Effect> {
    app.article_cursor = 0;
    app.article_offset = 0;
    app.articles_loaded = false;
    app.keep_selection = false;
    app.list_touched = false;
    app.reload_in_flight = true;
    vec![Effect::LoadArticles(app.filter.clone())]
}

/// New data may be in the database: reload, at most one load at a time.
pub(super) fn request_reload(app: &mut App) -> Vec<Effect> {
    if app.reload_in_flight {
        app.reload_again = true;
        return Vec::new();
    }
    reload(app)
}

pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    app.reload_in_flight = true;
    vec![Effect::LoadFeeds, Effect::LoadArticles(app.filter.clone())]
}

pub(super) fn keep_cursors_visible(app: &mut App) {
    let list = app.list_height();
    app.article_offset = visible_offset(app.article_cursor, app.article_offset, list);
    let feeds = app.feeds_height();
    app.feed_offset = visible_offset(app.feed_cursor, app.feed_offset, feeds);
}

fn visible_offset(cursor: usize, offset: usize, height: usize) -> usize {
    if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}
