//! Moving through the panes: cursors, pages, jumps to the next match or
//! unread article, and opening the selected article. Part of `app`: pure.

use super::layout::Focus;
use super::lists::{filter_changed, visible_story_requests};
use super::{App, Effect, Reader};

pub(super) fn back(app: &mut App) {
    app.focus = match app.focus {
        Focus::Reader => Focus::Articles,
        Focus::Articles | Focus::Feeds => Focus::Feeds,
    };
}

pub(super) fn page_size(app: &App) -> isize {
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
            app.keep_cursors_visible();
            if app.feed_cursor != before {
                app.filter.feed = app.selected_feed().map(|f| f.id);
                return filter_changed(app);
            }
            Vec::new()
        }
        Focus::Articles => {
            app.list_touched = true;
            app.article_cursor = step(app.article_cursor, delta, app.articles.len());
            app.keep_cursors_visible();
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
pub(super) fn jump(app: &mut App, direction: isize) -> Vec<Effect> {
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
    app.keep_cursors_visible();
    let mut effects = visible_story_requests(app);
    if app.focus == Focus::Reader {
        effects.extend(open_selected(app));
    }
    effects
}

pub(super) fn open_selected(app: &mut App) -> Vec<Effect> {
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
        images: None,
        image: 0,
    });
    app.focus = Focus::Reader;
    let mut effects = vec![Effect::LoadArticle { id, width }];
    if !was_read {
        app.set_read_locally(&[id], true);
        effects.push(Effect::SetRead {
            ids: vec![id],
            read: true,
        });
    }
    effects
}
