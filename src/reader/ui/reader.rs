//! The reader pane: the open article's styled lines from its scroll
//! position, and only as many as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Pictures, Theme, is_focused, pane_block};
use crate::reader::app::images::Picture;
use crate::reader::app::{App, Focus, Reader, layout};
use crate::text::render::TextStyle;
use crate::text::sanitize::clean_line;

pub(super) fn draw_reader(
    frame: &mut Frame<'_>,
    app: &App,
    theme: &Theme,
    rect: Rect,
    pictures: Option<&mut Pictures>,
) {
    let focused = is_focused(app, Focus::Reader);
    let mut inner = layout::inner(rect);
    let mut title = " Reader ".to_owned();
    let mut lines: Vec<Line<'_>> = Vec::new();
    // At the top of the article, its picture (or a word on it) comes first.
    let top = app
        .reader
        .as_ref()
        .filter(|r| r.scroll == 0 && r.body.is_some())
        .map_or(Top::Nothing, |r| top_of(r, inner, pictures.is_some()));
    let picture_area = Rect::new(inner.x, inner.y, inner.width, 0);
    let picture_area = match &top {
        Top::Nothing => picture_area,
        Top::Word(word) => {
            lines.push(Line::from(Span::styled(word.clone(), theme.read)));
            inner.height = inner.height.saturating_sub(1);
            picture_area
        }
        Top::Drawn(_, rows) => {
            lines.extend((0..*rows).map(|_| Line::from("")));
            inner.height = inner.height.saturating_sub(*rows);
            Rect {
                height: *rows,
                ..picture_area
            }
        }
    };
    let text: Vec<Line<'_>> = match &app.reader {
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
    lines.extend(text);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, focused, theme)),
        rect,
    );
    // Over the blank rows left for it, after the text.
    if let (Top::Drawn(image, _), Some(pictures), Some(reader)) = (&top, pictures, &app.reader) {
        pictures.draw(frame, (reader.id, reader.image), image, picture_area);
    }
}

/// What the top of the article shows of its picture.
enum Top<'a> {
    Nothing,
    /// A line saying where the picture is.
    Word(String),
    /// The picture itself, over this many rows.
    Drawn(&'a image::DynamicImage, u16),
}

/// The shown picture of the open article: drawn when it is ready and
/// there is something to draw it with, else a line saying where it is.
fn top_of(reader: &Reader, inner: Rect, can_draw: bool) -> Top<'_> {
    let Some(slots) = reader.images.as_ref().filter(|s| !s.is_empty()) else {
        return Top::Nothing;
    };
    let Some(slot) = slots.get(reader.image) else {
        return Top::Nothing;
    };
    let label = format!("picture {}/{}", reader.image + 1, slots.len());
    let more = if slots.len() > 1 { ", i: next" } else { "" };
    Top::Word(match &slot.picture {
        Picture::Ready(image) if can_draw => {
            return Top::Drawn(image, (inner.height / 2).clamp(3, 16));
        }
        Picture::Ready(image) => {
            format!("[{label}: {} x {}{more}]", image.width(), image.height())
        }
        Picture::Failed(error) => format!("[{label}: {}{more}]", clean_line(error)),
        Picture::Waiting | Picture::Asked => format!("[{label}: loading…{more}]"),
    })
}

fn style_for(text: TextStyle, theme: &Theme) -> Style {
    let mut style = Style::default();
    if text.heading {
        style = style.patch(theme.heading).add_modifier(Modifier::BOLD);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_bold_in_the_heading_colour() {
        let theme = Theme::monochrome();
        let heading = TextStyle {
            heading: true,
            ..TextStyle::default()
        };
        let style = style_for(heading, &theme);
        assert!(style.add_modifier.contains(Modifier::BOLD));
        assert!(
            !style_for(TextStyle::default(), &theme)
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }
}
