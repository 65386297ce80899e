//! Screen geometry: which panes show at a given terminal size and where.
//! Pure, shared by drawing (ui/) and by mouse handling (app/).

use ratatui::layout::Rect;

pub use crate::model::Layout;

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

/// What decides the panes besides the size and the focus: the layout the
/// user chose and whether an article is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    pub layout: Layout,
    pub open: bool,
}

pub fn panes(width: u16, height: u16, focus: Focus, shape: Shape) -> Panes {
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
    let reading = focus == Focus::Reader && shape.open;
    // Nothing open (or one pane at a time, away from the reader): the list
    // takes the width.
    let list_only = !shape.open || (shape.layout == Layout::Single && !reading);
    if width < NARROW || (shape.layout == Layout::Single && reading) {
        let only = Some(body);
        match focus {
            Focus::Feeds => panes.feeds = only,
            Focus::Reader if shape.open => panes.reader = only,
            Focus::Articles | Focus::Reader => panes.articles = only,
        }
    } else if list_only || (shape.layout == Layout::Three && width < WIDE && !reading) {
        let feeds = FEEDS_WIDTH.min(width / 3);
        panes.feeds = Some(Rect::new(0, body.y, feeds, body.height));
        panes.articles = Some(Rect::new(feeds, body.y, width - feeds, body.height));
    } else if shape.layout == Layout::Three && width >= WIDE {
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
    } else if shape.layout == Layout::Three {
        panes.reader = Some(body);
    } else {
        // Split: the list (or the feeds, when they have the focus) beside
        // the reader.
        let left = width * 2 / 5;
        let list = Some(Rect::new(0, body.y, left, body.height));
        if focus == Focus::Feeds {
            panes.feeds = list;
        } else {
            panes.articles = list;
        }
        panes.reader = Some(Rect::new(left, body.y, width - left, body.height));
    }
    panes
}

/// Where the article list's rows go: the pane's text area less its
/// column header.
pub fn list_rows(rect: Rect) -> Rect {
    let inner = inner(rect);
    Rect::new(
        inner.x,
        inner.y.saturating_add(1.min(inner.height)),
        inner.width,
        inner.height.saturating_sub(1),
    )
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

    const OPEN: Shape = Shape {
        layout: Layout::Three,
        open: true,
    };

    fn shape(layout: Layout, open: bool) -> Shape {
        Shape { layout, open }
    }

    #[test]
    fn wide_terminals_show_three_panes_once_an_article_is_open() {
        let p = panes(160, 40, Focus::Articles, OPEN);
        assert!(p.feeds.is_some() && p.articles.is_some() && p.reader.is_some());
        let total: u16 = [p.feeds, p.articles, p.reader]
            .iter()
            .map(|r| r.unwrap().width)
            .sum();
        assert_eq!(total, 160);
    }

    #[test]
    fn with_nothing_open_the_list_takes_the_width() {
        for layout in [Layout::Three, Layout::Split, Layout::Single] {
            let p = panes(140, 40, Focus::Articles, shape(layout, false));
            assert!(p.reader.is_none(), "{layout:?}");
            assert_eq!(p.articles.unwrap().width, 140 - FEEDS_WIDTH, "{layout:?}");
        }
    }

    #[test]
    fn split_puts_the_list_beside_the_reader_without_feeds() {
        let p = panes(140, 40, Focus::Reader, shape(Layout::Split, true));
        assert!(p.feeds.is_none());
        let (list, reader) = (p.articles.unwrap(), p.reader.unwrap());
        assert_eq!(list.width + reader.width, 140);
        assert!(reader.width > list.width);
    }

    #[test]
    fn single_gives_the_reader_the_screen_and_the_list_the_width() {
        let reading = panes(140, 40, Focus::Reader, shape(Layout::Single, true));
        assert_eq!(reading.reader.unwrap().width, 140);
        assert!(reading.articles.is_none() && reading.feeds.is_none());
        let listing = panes(140, 40, Focus::Articles, shape(Layout::Single, true));
        assert!(listing.reader.is_none());
        assert_eq!(listing.articles.unwrap().width, 140 - FEEDS_WIDTH);
    }

    #[test]
    fn at_80_columns_the_reader_takes_the_screen_when_focused() {
        let list = panes(80, 24, Focus::Articles, OPEN);
        assert!(list.feeds.is_some() && list.articles.is_some() && list.reader.is_none());
        let reading = panes(80, 24, Focus::Reader, OPEN);
        assert_eq!(reading.reader.unwrap().width, 80);
        assert!(reading.articles.is_none());
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        let p = panes(50, 20, Focus::Feeds, OPEN);
        assert!(p.feeds.is_some() && p.articles.is_none() && p.reader.is_none());
    }

    #[test]
    fn the_cycle_visits_every_layout() {
        let mut seen = vec![Layout::Three];
        while let next = seen[seen.len() - 1].next()
            && next != Layout::Three
        {
            seen.push(next);
        }
        assert_eq!(seen, [Layout::Three, Layout::Split, Layout::Single]);
    }

    #[test]
    fn tiny_terminals_do_not_underflow() {
        let p = panes(1, 1, Focus::Reader, OPEN);
        assert_eq!(inner(p.reader.unwrap()).height, 0);
        assert_eq!(list_rows(Rect::new(0, 0, 1, 1)).height, 0);
    }
}
