//! Drawing only: turns the app state into widgets on a frame. Never changes
//! state and never does I/O; the layout comes from `app::layout`.

mod lists;
mod overlay;
mod pictures;
mod reader;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::reader::app::{App, Focus, Overlay};
pub use pictures::Pictures;
pub use theme::Theme;

/// Draws the whole screen; pictures show as a line of text.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    draw_with(frame, app, theme, None);
}

/// Draws the whole screen, pictures with `pictures` when given.
pub fn draw_with(frame: &mut Frame<'_>, app: &App, theme: &Theme, pictures: Option<&mut Pictures>) {
    let panes = app.panes();
    frame.render_widget(
        header(app, theme, panes.header.width as usize),
        panes.header,
    );
    if let Some(rect) = panes.feeds {
        lists::draw_feeds(frame, app, theme, rect);
    }
    if let Some(rect) = panes.articles {
        lists::draw_articles(frame, app, theme, rect);
    }
    if let Some(rect) = panes.reader {
        reader::draw_reader(frame, app, theme, rect, pictures);
    }
    status::draw_status(frame, app, theme, panes.status);
    match app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => overlay::draw_help(frame, app, theme, scroll),
        Overlay::Errors { scroll } => overlay::draw_errors(frame, app, theme, scroll),
        Overlay::Topics { cursor, all } => overlay::draw_topics(frame, app, theme, cursor, all),
        Overlay::Choices { cursor } => overlay::draw_choices(frame, app, theme, cursor),
    }
}

/// The top line: what the list shows (feed, unread, search) and counts.
fn header<'a>(app: &App, theme: &Theme, width: usize) -> Paragraph<'a> {
    let mut parts = vec![match app.selected_feed() {
        Some(feed) => crate::text::sanitize::clean_line(&feed.name),
        None => "All feeds".to_owned(),
    }];
    if app.filter.unread_only {
        parts.push("unread only".to_owned());
    }
    if let Some(search) = &app.filter.search {
        parts.push(format!("search: {search}"));
    }
    if let Some(topic) = &app.filter.topic {
        parts.push(format!(
            "topic: {}",
            crate::text::sanitize::clean_line(topic)
        ));
    }
    if app.filter.related_to.is_some() {
        let title = app.related_title.as_deref().unwrap_or("this article");
        parts.push(format!(
            "related to: {}",
            crate::text::sanitize::clean_line(title)
        ));
    }
    let filters = parts.join(" · ");
    let unread: u64 = app.feeds.iter().map(|f| f.unread).sum();
    let total: u64 = app.feeds.iter().map(|f| f.total).sum();
    let counts = format!("{unread} unread of {total} ");
    let left = format!(" tidings  {filters}");
    let room = width.saturating_sub(crate::text::width::width(&counts));
    Paragraph::new(Line::from(vec![
        Span::styled(crate::text::width::fit(&left, room), theme.accent),
        Span::styled(counts, theme.read),
    ]))
}

/// A bordered pane, highlighted when focused.
fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let style: Style = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    Block::bordered().border_style(style).title(Span::styled(
        title,
        if focused { theme.accent } else { theme.read },
    ))
}

fn is_focused(app: &App, pane: Focus) -> bool {
    app.focus == pane && app.overlay == Overlay::None
}

#[cfg(test)]
mod tests;
