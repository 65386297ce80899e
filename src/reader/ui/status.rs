//! The status bar: the search prompt, refresh progress, messages, hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::reader::app::{Action, App, first_key};
use crate::text::width::{fit, width};

pub(super) fn draw_status(frame: &mut Frame<'_>, app: &App, theme: &Theme, rect: Rect) {
    let columns = rect.width as usize;
    let hint = format!(
        " {} help  {} quit ",
        first_key(app, Action::Help),
        first_key(app, Action::Quit)
    );
    let (left, style) = if let Some(input) = &app.input {
        (
            format!("Search: {input}▏  (Enter to search, Esc to cancel)"),
            theme.accent,
        )
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
