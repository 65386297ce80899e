//! Boxes drawn over the panes: the help screen (generated from the keymap)
//! and the list of feeds that failed with their errors.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, pane_block};
use crate::reader::app::App;
use crate::text::sanitize::clean_line;
use crate::text::width::fit;

fn centered(frame: &Frame<'_>, width: u16, height: u16) -> Rect {
    let area = frame.area();
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub(super) fn draw_help(frame: &mut Frame<'_>, app: &App, theme: &Theme, scroll: usize) {
    let rows = app.keymap.help_rows();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4)
        .min(24);
    let rect = centered(frame, 76, rows.len() as u16 + 2);
    let lines: Vec<Line<'_>> = rows
        .into_iter()
        .skip(scroll)
        .map(|(keys, help)| {
            Line::from(vec![
                Span::styled(fit(&keys, key_width), theme.accent),
                Span::raw("  "),
                Span::raw(help),
            ])
        })
        .collect();
    frame.render_widget(Clear, rect);
    let block = pane_block(" Keys (any other key closes) ".to_owned(), true, theme);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

pub(super) fn draw_errors(frame: &mut Frame<'_>, app: &App, theme: &Theme, scroll: usize) {
    let failed = app.failed_feeds();
    let sync = app.sync.error.as_deref();
    let count = failed.len() + usize::from(sync.is_some());
    let rect = centered(frame, 90, (count as u16 * 2 + 4).max(5));
    let mut lines: Vec<Line<'_>> = Vec::new();
    if count == 0 {
        lines.push(Line::from("No feed failed in the last refresh."));
    }
    if let Some(error) = sync {
        lines.push(Line::from(Span::styled("Sync server", theme.error)));
        lines.push(Line::from(format!("  {}", clean_line(error))));
    }
    for feed in failed {
        lines.push(Line::from(Span::styled(
            clean_line(&feed.name),
            theme.error,
        )));
        let error = feed
            .last_error
            .as_deref()
            .map(clean_line)
            .unwrap_or_default();
        lines.push(Line::from(format!("  {error}")));
    }
    frame.render_widget(Clear, rect);
    let block = pane_block(" Feeds that failed (Esc closes) ".to_owned(), true, theme);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        rect,
    );
}

pub(super) fn draw_topics(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    cursor: usize,
    all: bool,
) {
    let area = frame.area();
    let height = area.height.saturating_sub(4).clamp(3, 30);
    let rect = centered(frame, 60, height);
    let rows = rect.height.saturating_sub(2) as usize;
    let columns = rect.width.saturating_sub(2) as usize;
    let offset = cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines: Vec<Line<'_>> = Vec::new();
    if !app.topics_loaded {
        lines.push(Line::from(Span::styled("Working out topics…", theme.read)));
    } else if app.topics.is_empty() {
        lines.push(Line::from("No topics yet: they appear as articles arrive."));
    }
    for (index, (topic, count)) in app.topics.iter().enumerate().skip(offset).take(rows) {
        let count = format!("{count:>5} ");
        let text = fit(&format!("{count}{}", clean_line(topic)), columns);
        let style = if index == cursor {
            theme.selected
        } else {
            theme.unread
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    let (which, other) = if all {
        ("all", "unread")
    } else {
        ("unread", "all")
    };
    let title = format!(" Topics ({which}) · Enter: filter · u: {other} ");
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, true, theme)),
        rect,
    );
}

/// The feeds a page names, to pick the one to add.
pub(super) fn draw_choices(frame: &mut Frame<'_>, app: &App, theme: &Theme, cursor: usize) {
    let height = (app.choices.len() as u16 + 2).clamp(3, 20);
    let rect = centered(frame, 76, height);
    let columns = rect.width.saturating_sub(2) as usize;
    let rows = rect.height.saturating_sub(2) as usize;
    let offset = cursor.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line<'_>> = app
        .choices
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(index, (url, title))| {
            let title = clean_line(title.as_deref().unwrap_or("(untitled)"));
            let text = fit(&format!("{title}  {}", clean_line(url)), columns);
            let style = if index == cursor {
                theme.selected
            } else {
                theme.unread
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    let title = " Feeds on this page · Enter: add · Esc: none ".to_owned();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, true, theme)),
        rect,
    );
}
