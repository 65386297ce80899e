//! The status bar: the open prompt, refresh progress, messages, hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::reader::app::{Action, App, PromptKind, first_key};
use crate::text::sanitize::clean_line;
use crate::text::width::{fit, width};

pub(super) fn draw_status(frame: &mut Frame<'_>, app: &App, theme: &Theme, rect: Rect) {
    let columns = rect.width as usize;
    let hint = format!(
        " {} help  {} quit ",
        first_key(app, Action::Help),
        first_key(app, Action::Quit)
    );
    let (left, style) = if let Some(input) = &app.input {
        (prompt_line(app, input), theme.accent)
    } else if let Some(syncing) = app.sync.status() {
        (syncing, theme.accent)
    } else if app.refresh.running {
        let p = &app.refresh;
        (
            format!("Refreshing {}/{}, {} errors", p.done, p.total, p.errors),
            theme.accent,
        )
    } else if let Some(message) = &app.status {
        (message.clone(), theme.accent)
    } else if let Some(count) = app.count {
        (format!("{count}"), theme.accent)
    } else {
        (String::new(), theme.read)
    };
    let left = match app.indexing {
        // Shown after whatever else is said: it runs alongside.
        Some((done, total)) if app.input.is_none() => {
            let sep = if left.is_empty() { "" } else { " · " };
            format!("{left}{sep}indexing {done}/{total}")
        }
        _ => left,
    };
    let room = columns.saturating_sub(width(&hint));
    let line = Line::from(vec![
        Span::styled(fit(&format!(" {left}"), room), style),
        Span::styled(fit(&hint, columns - room.min(columns)), theme.read),
    ]);
    frame.render_widget(Paragraph::new(line), rect);
}

/// The open prompt: what it asks, what was typed, how to answer.
fn prompt_line(app: &App, input: &str) -> String {
    let name = |id| {
        app.feeds
            .iter()
            .find(|f| f.id == id)
            .map_or_else(String::new, |f| clean_line(&f.name))
    };
    let input = clean_line(input);
    match app.prompt {
        PromptKind::Search => format!("Search: {input}▏  (Enter to search, Esc to cancel)"),
        PromptKind::AddFeed => {
            format!("Add feed (its URL or a page's): {input}▏  (Enter to add, Esc to cancel)")
        }
        PromptKind::RenameFeed(_) => format!("New name: {input}▏  (Enter to save, Esc to cancel)"),
        PromptKind::TagFeed(_) => {
            format!("Tags, comma-separated: {input}▏  (Enter to save, Esc to cancel)")
        }
        PromptKind::RemoveFeed(id) => format!("Remove the feed \"{}\"? (y/n)", name(id)),
    }
}
