//! The feeds pane and the article list. Only the visible rows are built,
//! so a list of 50,000 articles costs what a screenful costs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, is_focused, pane_block};
use crate::model::ListRow;
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
            // A feed of the sync server is marked, the config's are not.
            let name = if f.synced {
                format!("\u{21c5} {}", clean_line(&f.name))
            } else {
                clean_line(&f.name)
            };
            (Some(f.id), name, f.unread, failed)
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

/// The list's columns: which show and how wide the feed column is.
struct Columns {
    /// Width of the feed column; 0 when it is hidden (a one-feed list or a
    /// narrow pane).
    feed: usize,
    story_view: bool,
}

impl Columns {
    fn of(app: &App, width: usize) -> Columns {
        let feed = if app.filter.feed.is_none() && width >= 50 {
            let longest = app.feeds.iter().map(|f| width_of(&f.name)).max();
            longest.unwrap_or(0).clamp(4, 20)
        } else {
            0
        };
        Columns {
            feed,
            story_view: app.stories.view,
        }
    }

    /// The line above the rows that names the columns.
    fn header(&self) -> String {
        let mut text = "  Src Date   ".to_owned();
        if self.story_view {
            text.push_str("    ");
        }
        if self.feed > 0 {
            text.push_str(&format!("{:<width$} ", "Feed", width = self.feed));
        }
        text.push_str("Title");
        text
    }
}

fn width_of(name: &str) -> usize {
    width(&clean_line(name))
}

/// One row of the list, before it is cut to the pane: marks, outlets
/// covering the story, date, story fold, feed, title (and a story lead's
/// other outlets).
fn article_row(app: &App, article: &ListRow, columns: &Columns) -> String {
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
        Some(story) if story.sources > 1 => format!("{:>3}", story.sources.min(999)),
        _ => "   ".to_owned(),
    };
    let mut text = format!("{flags}{sources} {date} ");
    let row = app.stories.rows.get(&article.id);
    match row {
        Some(r) if r.lead => text.push_str(&format!("+{:<2} ", r.others)),
        Some(_) => text.push_str("  \u{21b3} "),
        None if columns.story_view => text.push_str("    "),
        None => {}
    }
    if columns.feed > 0 {
        let feed = fit(&clean_line(&article.feed), columns.feed);
        let pad = columns.feed.saturating_sub(width(&feed));
        text.push_str(&feed);
        text.push_str(&" ".repeat(pad + 1));
    }
    text.push_str(&clean_line(&article.title));
    if let Some(row) = row.filter(|r| r.lead) {
        let feeds: Vec<String> = row.feeds.iter().skip(1).map(|f| clean_line(f)).collect();
        text.push_str(&format!("  \u{b7} {}", feeds.join(", ")));
    }
    text
}

/// What the marks and the Src column mean, on the list's bottom border:
/// the longest that fits.
fn legend(room: usize) -> &'static str {
    [
        " \u{2022} unread  * starred  Src: outlets on the story ",
        " Src: outlets on the story ",
        " Src: outlets ",
    ]
    .into_iter()
    .find(|l| width(l) <= room)
    .unwrap_or("")
}

pub(super) fn draw_articles(frame: &mut Frame<'_>, app: &App, theme: &Theme, rect: Rect) {
    let focused = is_focused(app, Focus::Articles);
    let inner = layout::inner(rect);
    let width = inner.width as usize;
    let columns = Columns::of(app, width);
    let mut lines: Vec<Line<'_>> = match empty_hint(app) {
        Some(hint) => vec![Line::from(Span::styled(hint, theme.read))],
        None => vec![Line::from(Span::styled(
            fit(&columns.header(), width),
            theme.read.add_modifier(Modifier::BOLD),
        ))],
    };
    let rows = layout::list_rows(rect).height as usize;
    let visible = app
        .articles
        .iter()
        .enumerate()
        .skip(app.article_offset)
        .take(if app.list.is_shown() { rows } else { 0 });
    for (index, article) in visible {
        let text = article_row(app, article, &columns);
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
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
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
    let mut block = pane_block(title, focused, theme);
    if !app.articles.is_empty() {
        block = block.title_bottom(Span::styled(legend(width), theme.read));
    }
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
