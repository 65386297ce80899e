//! Screen geometry: which panes show at a given terminal size and where.
//! Pure, shared by drawing (ui/) and by mouse handling (app/).

use ratatui::layout::Rect;

/// The panes a user moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    Feeds,
    #[default]
    Articles,
    Reader,
}

/// Where each visible pane is; `None` when it does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub header: Rect,
    pub feeds: Option<Rect>,
    pub articles: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
}

/// Three columns from this width on.
pub const WIDE: u16 = 110;
/// Below this width only the focused pane shows.
pub const NARROW: u16 = 70;
const FEEDS_WIDTH: u16 = 24;

pub fn panes(width: u16, height: u16, focus: Focus) -> Panes {
    let header = Rect::new(0, 0, width, 1.min(height));
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    let body = Rect::new(0, 1, width, height.saturating_sub(2));
    let mut panes = Panes {
        header,
        feeds: None,
        articles: None,
        reader: None,
        status,
    };
    if width >= WIDE {
        let feeds = FEEDS_WIDTH;
        let articles = (width - feeds) * 2 / 5;
        panes.feeds = Some(Rect::new(0, body.y, feeds, body.height));
        panes.articles = Some(Rect::new(feeds, body.y, articles, body.height));
        panes.reader = Some(Rect::new(
            feeds + articles,
            body.y,
            width - feeds - articles,
            body.height,
        ));
    } else if width >= NARROW && focus != Focus::Reader {
        let feeds = FEEDS_WIDTH.min(width / 3);
        panes.feeds = Some(Rect::new(0, body.y, feeds, body.height));
        panes.articles = Some(Rect::new(feeds, body.y, width - feeds, body.height));
    } else {
        let only = Some(body);
        match focus {
            Focus::Feeds => panes.feeds = only,
            Focus::Articles => panes.articles = only,
            Focus::Reader => panes.reader = only,
        }
    }
    panes
}

/// The text area inside a pane's border.
pub fn inner(rect: Rect) -> Rect {
    Rect::new(
        rect.x.saturating_add(1),
        rect.y.saturating_add(1),
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_three_panes() {
        let p = panes(160, 40, Focus::Articles);
        assert!(p.feeds.is_some() && p.articles.is_some() && p.reader.is_some());
        let total: u16 = [p.feeds, p.articles, p.reader]
            .iter()
            .map(|r| r.unwrap().width)
            .sum();
        assert_eq!(total, 160);
    }

    #[test]
    fn at_80_columns_the_reader_takes_the_screen_when_focused() {
        let list = panes(80, 24, Focus::Articles);
        assert!(list.feeds.is_some() && list.articles.is_some() && list.reader.is_none());
        let reading = panes(80, 24, Focus::Reader);
        assert_eq!(reading.reader.unwrap().width, 80);
        assert!(reading.articles.is_none());
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let p = panes(50, 20, Focus::Feeds);
        assert!(p.feeds.is_some() && p.articles.is_none() && p.reader.is_none());
    }

    #[test]
    fn tiny_terminals_do_not_underflow() {
        let p = panes(1, 1, Focus::Reader);
        assert_eq!(inner(p.reader.unwrap()).height, 0);
    }
}
