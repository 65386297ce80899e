//! The reader pane: the open article's styled lines from its scroll
//! position, and only as many as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, is_focused, pane_block};
use crate::reader::app::{App, Focus, layout};
use crate::text::render::TextStyle;

pub(super) fn draw_reader(frame: &mut Frame<'_>, app: &App, theme: &Theme, rect: Rect) {
    let focused = is_focused(app, Focus::Reader);
    let inner = layout::inner(rect);
    let mut title = " Reader ".to_owned();
    let lines: Vec<Line<'_>> = match &app.reader {
        None => vec![Line::from(Span::styled(
            "Select an article and press Enter to read it.",
            theme.read,
        ))],
        Some(reader) => match &reader.body {
            None => vec![Line::from(Span::styled("Loading…", theme.read))],
            Some(body) => {
                let total = body.lines.len();
                let last = (reader.scroll + inner.height as usize).min(total);
                if total > inner.height as usize {
                    title = format!(" Reader {}% ", last * 100 / total.max(1));
                }
                body.lines
                    .iter()
                    .skip(reader.scroll)
                    .take(inner.height as usize)
                    .map(|line| {
                        Line::from(
                            line.spans
                                .iter()
                                .map(|span| {
                                    Span::styled(span.text.clone(), style_for(span.style, theme))
                                })
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect()
            }
        },
    };
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, focused, theme)),
        rect,
    );
}

fn style_for(text: TextStyle, theme: &Theme) -> Style {
    let mut style = Style::default();
    if text.heading {
        style = style.patch(theme.heading);
    }
    if text.quote {
        style = style.patch(theme.quote);
    }
    if text.code {
        style = style.patch(theme.code);
    }
    if text.link {
        style = style.patch(theme.link);
    }
    if text.bold {
        style = style.add_modifier(Modifier::BOLD);
    }
    if text.italic {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if text.strike {
        style = style.add_modifier(Modifier::CROSSED_OUT);
    }
    style
}
