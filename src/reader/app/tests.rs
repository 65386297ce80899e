//! Tests of `app::update`: one behaviour each.

use super::*;
use crate::model::{ArticleDetail, FeedReport, FeedSummary, ListRow};
use crate::text::render::{RenderedBody, StyledLine};

pub(super) fn feed(id: i64, name: &str, unread: u64) -> FeedSummary {
    FeedSummary {
        id,
        name: name.to_owned(),
        url: format!("https://example.org/{id}"),
        tags: vec![],
        total: unread,
        unread,
        last_status: None,
        last_error: None,
        last_error_detail: None,
        synced: false,
    }
}

pub(super) fn article(id: i64, feed_id: i64, title: &str) -> ListRow {
    ListRow {
        id,
        feed_id,
        feed: format!("Feed {feed_id}").into(),
        title: title.into(),
        link: Some(format!("https://example.org/a/{id}").into()),
        published: Some(1_794_823_200 - id),
        read: false,
        starred: false,
        story: None,
    }
}

/// An app at 80x24 with two feeds and five articles loaded.
pub(super) fn loaded() -> App {
    let (mut app, _) = App::new(Keymap::builtin(), 80, 24, false);
    update(
        &mut app,
        Msg::FeedsLoaded(vec![feed(1, "One", 3), feed(2, "Two", 2)]),
    );
    let articles = (1..=5)
        .map(|i| article(i, if i <= 3 { 1 } else { 2 }, &format!("Article {i}")))
        .collect();
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    app
}

pub(super) fn key(app: &mut App, c: char) -> Vec<Effect> {
    update(app, Msg::Key(KeyChord::ch(c)))
}

pub(super) fn special(app: &mut App, k: Key) -> Vec<Effect> {
    update(app, Msg::Key(KeyChord::plain(k)))
}

pub(super) fn body(lines: usize, links: &[&str]) -> RenderedBody {
    RenderedBody {
        lines: (0..lines)
            .map(|i| StyledLine::plain(&format!("line {i}")))
            .collect(),
        links: links.iter().map(|l| (*l).to_owned()).collect(),
    }
}

pub(super) fn open_with_body(app: &mut App, lines: usize, links: &[&str]) -> ArticleId {
    open_with(app, None, lines, links).0
}

/// Opens the selected article as loaded with `content` (its feed HTML);
/// returns its id and the effects of its arrival.
pub(super) fn open_with(
    app: &mut App,
    content: Option<&str>,
    lines: usize,
    links: &[&str],
) -> (ArticleId, Vec<Effect>) {
    special(app, Key::Enter);
    let id = app.reader.as_ref().unwrap().id;
    let summary = app.articles.iter().find(|a| a.id == id).unwrap().summary();
    let effects = update(
        app,
        Msg::ArticleLoaded {
            id,
            width: app.reader_width(),
            article: Some(Box::new(ArticleDetail {
                summary,
                guid: None,
                author: None,
                content: content.map(str::to_owned),
                full: None,
                enclosures: Vec::new(),
            })),
            body: body(lines, links),
        },
    );
    (id, effects)
}

#[test]
fn starting_loads_feeds_and_articles_and_refreshes_when_asked() {
    let (_, effects) = App::new(Keymap::builtin(), 80, 24, true);
    assert_eq!(
        effects,
        vec![
            Effect::LoadFeeds,
            Effect::LoadArticles(Filter::default()),
            Effect::Refresh { feeds: None }
        ]
    );
    let (_, quiet) = App::new(Keymap::builtin(), 80, 24, false);
    assert!(!quiet.contains(&Effect::Refresh { feeds: None }));
}

#[test]
fn moving_down_past_the_end_stays_on_the_last_article() {
    let mut app = loaded();
    for _ in 0..10 {
        key(&mut app, 'j');
    }
    assert_eq!(app.article_cursor, 4);
    key(&mut app, 'k');
    assert_eq!(app.article_cursor, 3);
}

#[test]
fn moving_up_at_the_top_stays_put() {
    let mut app = loaded();
    special(&mut app, Key::Up);
    assert_eq!(app.article_cursor, 0);
}

#[test]
fn g_and_capital_g_jump_to_the_ends() {
    let mut app = loaded();
    key(&mut app, 'G');
    assert_eq!(app.article_cursor, 4);
    key(&mut app, 'g');
    assert_eq!(app.article_cursor, 0);
}

#[test]
fn opening_an_article_marks_it_read_and_loads_it_at_the_reader_width() {
    let mut app = loaded();
    key(&mut app, 'j');
    let effects = special(&mut app, Key::Enter);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(
        effects,
        vec![
            Effect::LoadArticle {
                id: 2,
                width: app.reader_width()
            },
            Effect::SetRead {
                ids: vec![2],
                read: true
            }
        ]
    );
    assert!(app.articles[1].read);
    assert_eq!(app.feeds[0].unread, 2, "the feed's unread count follows");
}

#[test]
fn opening_a_read_article_writes_nothing() {
    let mut app = loaded();
    app.articles[0].read = true;
    let effects = special(&mut app, Key::Enter);
    assert_eq!(effects.len(), 1);
}

#[test]
fn back_from_the_reader_returns_to_the_list() {
    let mut app = loaded();
    open_with_body(&mut app, 5, &[]);
    key(&mut app, 'h');
    assert_eq!(app.focus, Focus::Articles);
    assert!(app.reader.is_some(), "the article stays loaded");
}

#[test]
fn reader_scrolls_and_space_pages_but_not_past_the_end() {
    let mut app = loaded();
    open_with_body(&mut app, 100, &[]);
    key(&mut app, 'j');
    assert_eq!(app.reader.as_ref().unwrap().scroll, 1);
    key(&mut app, ' ');
    let page = app.reader_height() - 1;
    assert_eq!(app.reader.as_ref().unwrap().scroll, 1 + page);
    key(&mut app, 'G');
    assert_eq!(
        app.reader.as_ref().unwrap().scroll,
        100 - app.reader_height()
    );
}

#[test]
fn m_toggles_read_and_s_toggles_star() {
    let mut app = loaded();
    assert_eq!(
        key(&mut app, 'm'),
        vec![Effect::SetRead {
            ids: vec![1],
            read: true
        }]
    );
    assert_eq!(
        key(&mut app, 'm'),
        vec![Effect::SetRead {
            ids: vec![1],
            read: false
        }]
    );
    assert_eq!(
        key(&mut app, 's'),
        vec![Effect::SetStarred {
            id: 1,
            starred: true
        }]
    );
    assert!(app.articles[0].starred);
}

#[test]
fn capital_a_marks_every_shown_article_read() {
    let mut app = loaded();
    let effects = key(&mut app, 'A');
    assert_eq!(
        effects[0],
        Effect::SetRead {
            ids: vec![1, 2, 3, 4, 5],
            read: true
        }
    );
    assert!(app.articles.iter().all(|a| a.read));
    assert_eq!(app.feeds[0].unread + app.feeds[1].unread, 0);
}

#[test]
fn o_opens_the_article_link_and_a_number_picks_a_body_link() {
    let mut app = loaded();
    assert_eq!(
        key(&mut app, 'o'),
        vec![Effect::OpenUrl("https://example.org/a/1".to_owned())]
    );
    open_with_body(&mut app, 3, &["https://x.org/1", "https://x.org/2"]);
    key(&mut app, '2');
    assert_eq!(
        key(&mut app, 'o'),
        vec![Effect::OpenUrl("https://x.org/2".to_owned())]
    );
    key(&mut app, '9');
    assert!(key(&mut app, 'o').is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some("No link [9] in the open article")
    );
}

#[test]
fn resize_re_renders_the_open_article_at_the_new_width() {
    let mut app = loaded();
    let id = open_with_body(&mut app, 3, &[]);
    let effects = update(&mut app, Msg::Resize(160, 40));
    assert_eq!(
        effects,
        vec![Effect::LoadArticle {
            id,
            width: app.reader_width()
        }]
    );
    assert!(
        update(&mut app, Msg::Resize(160, 40)).is_empty()
            || app.reader.as_ref().unwrap().width != app.reader_width()
    );
}

#[test]
fn help_opens_and_any_other_key_closes_it() {
    let mut app = loaded();
    key(&mut app, '?');
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
    key(&mut app, 'j');
    assert_eq!(app.overlay, Overlay::Help { scroll: 1 });
    key(&mut app, 'x');
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn q_quits_and_ctrl_c_quits() {
    let mut app = loaded();
    key(&mut app, 'q');
    assert!(app.quit);
    let mut app = loaded();
    update(&mut app, Msg::Key(KeyChord::ctrl('c')));
    assert!(app.quit);
}

#[test]
fn wheel_scrolls_the_pane_under_the_pointer_and_click_selects() {
    let mut app = loaded();
    let articles = app.panes().articles.unwrap();
    update(
        &mut app,
        Msg::Mouse(MouseInput::Click {
            column: articles.x + 3,
            // Border, column header, then rows 0, 1, 2.
            row: articles.y + 4,
        }),
    );
    assert_eq!(app.article_cursor, 2);
    let feeds = app.panes().feeds.unwrap();
    let effects = update(
        &mut app,
        Msg::Mouse(MouseInput::ScrollDown {
            column: feeds.x + 1,
            row: feeds.y + 1,
        }),
    );
    assert_eq!(
        app.feed_cursor, 2,
        "three rows down, clamped to the last feed"
    );
    assert_eq!(
        effects,
        vec![Effect::LoadArticles(Filter {
            feed: Some(2),
            ..Filter::default()
        })]
    );
}

#[test]
fn r_refreshes_the_selected_articles_feed_and_capital_r_all() {
    let mut app = loaded();
    key(&mut app, 'G'); // article 5, feed 2
    assert_eq!(
        key(&mut app, 'r'),
        vec![Effect::Refresh {
            feeds: Some(vec![2])
        }]
    );
    assert_eq!(key(&mut app, 'R'), vec![Effect::Refresh { feeds: None }]);
}

mod filters;
mod images;
mod layout;
mod progress;
mod subscriptions;
mod topics;
