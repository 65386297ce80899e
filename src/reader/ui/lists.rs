//! The feeds pane and the article list. Only the visible rows are built,
//! so a list of 50,000 articles costs what a screenful costs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, is_focused, pane_block};
use crate::model::ArticleSummary;
use crate::reader::app::{App, Focus, layout};
use crate::text::sanitize::clean_line;
use crate::text::width::{fit, width};

pub(super) fn draw_feeds(frame: &mut Frame<'_>, app: &App, theme: &Theme, rect: Rect) {
    let focused = is_focused(app, Focus::Feeds);
    let inner = layout::inner(rect);
    let columns = inner.width as usize;
    let unread: u64 = app.feeds.iter().map(|f| f.unread).sum();
    let mut lines = Vec::new();
    let rows = std::iter::once((None, "All feeds".to_owned(), unread, false)).chain(
        app.feeds.iter().map(|f| {
            let failed = f.last_status == Some(crate::model::RefreshStatus::Error);
            (Some(f.id), clean_line(&f.name), f.unread, failed)
        }),
    );
    for (index, (_, name, unread, failed)) in rows
        .enumerate()
        .skip(app.feed_offset)
        .take(inner.height as usize)
    {
        let count = if unread > 0 {
            format!(" {unread}")
        } else {
            String::new()
        };
        let marker = if failed { "!" } else { " " };
        let room = columns.saturating_sub(width(&count) + 1);
        let text = format!("{marker}{}{count}", fit(&name, room));
        let style = if index == app.feed_cursor {
            if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            }
        } else if failed {
            theme.error
        } else if unread > 0 {
            theme.unread
        } else {
            theme.read
        };
        lines.push(Line::from(Span::styled(fit(&text, columns), style)));
    }
    let title = format!(" Feeds ({}) ", app.feeds.len());
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, focused, theme)),
        rect,
    );
}

/// What an empty list says: still loading, nothing matches, or nothing yet.
fn empty_hint(app: &App) -> Option<&'static str> {
    if !app.list.is_shown() {
        Some("Loading…")
    } else if !app.articles.is_empty() {
        None
    } else if app.filter.search.is_some() || app.filter.unread_only {
        Some("No articles match (Esc clears the filter)")
    } else if app.refresh.running {
        Some("No articles yet: refreshing…")
    } else {
        Some("No articles yet (R refreshes all feeds)")
    }
}

/// One row of the list, before it is cut to the pane: marks, outlets
/// covering the story, date, story fold, feed, title (and a story lead's
/// other outlets).
fn article_row(app: &App, article: &ArticleSummary, show_feed: bool) -> String {
    let flags = format!(
        "{}{}",
        if article.read { ' ' } else { '•' },
        if article.starred { '*' } else { ' ' }
    );
    let date = article
        .published
        .map(crate::text::timefmt::list_date)
        .unwrap_or_else(|| "      ".to_owned());
    let sources = match app.stories.known.get(&article.id) {
        Some(story) if story.sources > 1 => format!("{:>2}", story.sources.min(99)),
        _ => "  ".to_owned(),
    };
    let mut text = format!("{flags}{sources} {date} ");
    let row = app.stories.rows.get(&article.id);
    match row {
        Some(r) if r.lead => text.push_str(&format!("+{:<2} ", r.others)),
        Some(_) => text.push_str("  \u{21b3} "),
        None if app.stories.view => text.push_str("    "),
        None => {}
    }
    if show_feed {
        text.push_str(&fit(&clean_line(&article.feed), 14));
        text.push(' ');
    }
    text.push_str(&clean_line(&article.title));
    if let Some(row) = row.filter(|r| r.lead) {
        let feeds: Vec<String> = row.feeds.iter().skip(1).map(|f| clean_line(f)).collect();
        text.push_str(&format!("  \u{b7} {}", feeds.join(", ")));
    }
    text
}

pub(super) fn draw_articles(frame: &mut Frame<'_>, app: &App, theme: &Theme, rect: Rect) {
    let focused = is_focused(app, Focus::Articles);
    let inner = layout::inner(rect);
    let columns = inner.width as usize;
    let show_feed = app.filter.feed.is_none() && columns >= 50;
    let mut lines: Vec<Line<'_>> = empty_hint(app)
        .map(|hint| Line::from(Span::styled(hint, theme.read)))
        .into_iter()
        .collect();
    let visible = app
        .articles
        .iter()
        .enumerate()
        .skip(app.article_offset)
        .take(if app.list.is_shown() {
            inner.height as usize
        } else {
            0
        });
    for (index, article) in visible {
        let text = article_row(app, article, show_feed);
        let style = if index == app.article_cursor {
            if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            }
        } else if article.read {
            theme.read
        } else {
            theme.unread
        };
        lines.push(Line::from(Span::styled(fit(&text, columns), style)));
    }
    let position = if app.articles.is_empty() {
        String::new()
    } else {
        format!(" {}/{}", app.article_cursor + 1, app.articles.len())
    };
    let title = if app.stories.view {
        format!(" Stories{position} ")
    } else {
        format!(" Articles{position} ")
    };
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, focused, theme)),
        rect,
    );
}
