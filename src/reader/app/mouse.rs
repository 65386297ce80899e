//! What the mouse does: the wheel scrolls the pane under the pointer, a
//! click selects. Part of `app`: pure.

use super::layout::{self, Focus};
use super::lists::visible_story_requests;
use super::movement::{move_by, step};
use super::{App, Effect, MouseInput};

pub(super) fn on_mouse(app: &mut App, mouse: MouseInput) -> Vec<Effect> {
    let panes = app.panes();
    let (column, row) = match mouse {
        MouseInput::ScrollUp { column, row }
        | MouseInput::ScrollDown { column, row }
        | MouseInput::Click { column, row } => (column, row),
    };
    let hit = |rect: Option<ratatui::layout::Rect>| {
        rect.filter(|r| r.contains(ratatui::layout::Position { x: column, y: row }))
    };
    let (pane, rect) = if let Some(r) = hit(panes.feeds) {
        (Focus::Feeds, r)
    } else if let Some(r) = hit(panes.articles) {
        (Focus::Articles, r)
    } else if let Some(r) = hit(panes.reader) {
        (Focus::Reader, r)
    } else {
        return Vec::new();
    };
    match mouse {
        MouseInput::ScrollUp { .. } | MouseInput::ScrollDown { .. } => {
            let delta = if matches!(mouse, MouseInput::ScrollUp { .. }) {
                -3
            } else {
                3
            };
            let focus = app.focus;
            app.focus = pane;
            let effects = if pane == Focus::Reader {
                move_by(app, delta)
            } else {
                scroll_list(app, pane, delta)
            };
            app.focus = focus;
            effects
        }
        MouseInput::Click { .. } => {
            app.focus = pane;
            let inner = layout::inner(rect);
            let Some(line) = row.checked_sub(inner.y).filter(|l| *l < inner.height) else {
                return Vec::new();
            };
            match pane {
                Focus::Feeds => {
                    let target = app.feed_offset + line as usize;
                    if target <= app.feeds.len() {
                        return move_by(app, target as isize - app.feed_cursor as isize);
                    }
                    Vec::new()
                }
                Focus::Articles => {
                    // The first line names the columns.
                    let Some(line) = line.checked_sub(1) else {
                        return Vec::new();
                    };
                    let target = app.article_offset + line as usize;
                    if target < app.articles.len() {
                        app.article_cursor = target;
                        app.list_touched = true;
                    }
                    Vec::new()
                }
                Focus::Reader => Vec::new(),
            }
        }
    }
}

/// The wheel scrolls a list's view, dragging the cursor along when needed.
fn scroll_list(app: &mut App, pane: Focus, delta: isize) -> Vec<Effect> {
    match pane {
        Focus::Articles => {
            let height = app.list_height();
            let max = app.articles.len().saturating_sub(height);
            app.article_offset = step(app.article_offset, delta, max + 1);
            app.article_cursor = app
                .article_cursor
                .clamp(app.article_offset, app.article_offset + height - 1)
                .min(app.articles.len().saturating_sub(1));
            visible_story_requests(app)
        }
        Focus::Feeds => move_by(app, delta),
        Focus::Reader => Vec::new(),
    }
}
