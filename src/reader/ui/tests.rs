//! Snapshot tests of every screen on ratatui's TestBackend: the text a user
//! would see, state by state.

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, draw};
use crate::model::{ArticleDetail, FeedSummary, ListRow};
use crate::reader::app::{App, Filter, Key, KeyChord, Keymap, Msg, update};
use crate::text::render::{RenderedBody, StyledLine, render_rich};

/// Noon UTC on 16 Nov 2026: the same date in every time zone a CI uses.
const NOON: i64 = 1_794_830_400;

fn feed(id: i64, name: &str, unread: u64, error: Option<&str>) -> FeedSummary {
    FeedSummary {
        id,
        name: name.to_owned(),
        url: format!("https://example.org/{id}"),
        tags: vec![],
        total: unread + 2,
        unread,
        last_status: error.map(|_| crate::model::RefreshStatus::Error),
        last_error: error.map(str::to_owned),
        last_error_detail: None,
        synced: false,
    }
}

fn article(id: i64, feed_id: i64, feed: &str, title: &str) -> ListRow {
    ListRow {
        id,
        feed_id,
        feed: feed.into(),
        title: title.into(),
        link: Some(format!("https://example.org/a/{id}").into()),
        published: Some(NOON - id * 86_400),
        read: id % 3 == 0,
        starred: id == 2,
        story: None,
    }
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(frame, app, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

fn app_at(width: u16, height: u16) -> App {
    App::new(Keymap::builtin(), width, height, false).0
}

fn with_articles(width: u16, height: u16) -> App {
    let mut app = app_at(width, height);
    update(
        &mut app,
        Msg::FeedsLoaded(vec![
            feed(1, "World Wire", 3, None),
            feed(2, "Circuit Review", 2, None),
            feed(3, "Lab Notes", 0, None),
        ]),
    );
    let articles = vec![
        article(
            1,
            1,
            "World Wire",
            "Storm Halvard cripples North Sea wind farm off Norway",
        ),
        article(
            2,
            2,
            "Circuit Review",
            "Why terminal apps are having a renaissance",
        ),
        article(
            3,
            1,
            "World Wire",
            "Riksbank cuts rate to 1.5% as inflation cools",
        ),
        article(
            4,
            3,
            "Lab Notes",
            "Soil fungi can break down a common plastic",
        ),
    ];
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    app
}

fn key(app: &mut App, k: Key) {
    update(app, Msg::Key(KeyChord::plain(k)));
}

fn open_article(app: &mut App, html: &str) {
    key(app, Key::Enter);
    let id = app.reader.as_ref().unwrap().id;
    let summary = app.articles.iter().find(|a| a.id == id).unwrap().summary();
    let mut body = render_rich(html, app.reader_width() as usize);
    body.lines.insert(0, StyledLine::plain(&summary.title));
    update(
        app,
        Msg::ArticleLoaded {
            id,
            width: app.reader_width(),
            article: Some(Box::new(ArticleDetail {
                summary,
                guid: None,
                author: None,
                content: None,
                full: None,
                enclosures: Vec::new(),
            })),
            body,
        },
    );
}

#[test]
fn empty_database() {
    let mut app = app_at(80, 12);
    update(&mut app, Msg::FeedsLoaded(vec![]));
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: vec![],
        },
    );
    assert_snapshot!(screen(&app, 80, 12));
}

#[test]
fn loading() {
    let app = app_at(80, 10);
    assert_snapshot!(screen(&app, 80, 10));
}

#[test]
fn article_list_at_80x24() {
    let app = with_articles(80, 24);
    assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn three_panes_on_a_wide_terminal() {
    let mut app = with_articles(130, 16);
    open_article(
        &mut app,
        "<p>The <b>storm</b> hit overnight. See <a href=\"https://e.org/x\">the map</a>.</p>",
    );
    key(&mut app, Key::Tab);
    assert_snapshot!(screen(&app, 130, 16));
}

#[test]
fn refreshing_with_errors() {
    let mut app = with_articles(80, 12);
    update(&mut app, Msg::RefreshStarted { total: 120 });
    let mut feeds = vec![
        feed(1, "World Wire", 3, None),
        feed(2, "Broken Feed", 0, Some("HTTP 500 Internal Server Error")),
    ];
    feeds.push(feed(3, "Slow Feed", 0, Some("timed out after 30 s")));
    update(&mut app, Msg::FeedsLoaded(feeds));
    app.refresh.done = 37;
    app.refresh.errors = 2;
    assert_snapshot!(screen(&app, 80, 12));
}

#[test]
fn indexing_progress_joins_the_status_line() {
    let mut app = with_articles(100, 12);
    update(&mut app, Msg::RefreshStarted { total: 2 });
    update(&mut app, Msg::RefreshFinished);
    update(
        &mut app,
        Msg::Indexing {
            done: 1000,
            total: 5000,
        },
    );
    let text = screen(&app, 100, 12);
    let status = text.lines().last().unwrap_or_default();
    assert!(
        status.contains("Refreshed 2 feeds: 0 new articles · indexing 1000/5000"),
        "{status}"
    );
    update(&mut app, Msg::Indexed { count: 5000 });
    assert!(!screen(&app, 100, 12).contains("indexing"));
}

#[test]
fn errors_view() {
    let mut app = with_articles(80, 14);
    update(
        &mut app,
        Msg::FeedsLoaded(vec![
            feed(1, "World Wire", 3, None),
            feed(2, "Broken Feed", 0, Some("HTTP 500 Internal Server Error")),
            feed(
                3,
                "Page",
                0,
                Some("not a feed: got an HTML page (is the URL the site rather than its feed?)"),
            ),
        ]),
    );
    update(&mut app, Msg::Key(KeyChord::ch('E')));
    assert_snapshot!(screen(&app, 80, 14));
}

#[test]
fn sync_progress_in_the_status_line_and_its_error_in_the_errors_view() {
    let mut app = with_articles(80, 14);
    update(&mut app, Msg::RefreshStarted { total: 2 });
    let pulled = crate::sync::SyncProgress::Pulled {
        done: 1200,
        total: 10_000,
    };
    update(&mut app, Msg::Syncing(pulled));
    assert!(screen(&app, 80, 14).contains("Syncing: pulled 1200/10000"));
    let error = Some("the server refused the credentials (401)".to_owned());
    update(&mut app, Msg::Synced { pulled: 0, error });
    update(&mut app, Msg::Key(KeyChord::ch('E')));
    let shown = screen(&app, 80, 14);
    assert!(shown.contains("Sync server"), "{shown}");
    assert!(shown.contains("refused the credentials (401)"), "{shown}");
}

#[test]
fn long_article_scrolled() {
    let mut app = with_articles(80, 16);
    let html: String = (1..=40).map(|i| format!("<p>Paragraph {i} of a long article, with enough words to wrap around the reader width at eighty columns.</p>")).collect();
    open_article(&mut app, &html);
    for _ in 0..2 {
        update(&mut app, Msg::Key(KeyChord::ch(' ')));
    }
    assert_snapshot!(screen(&app, 80, 16));
}

#[test]
fn long_and_wide_unicode_titles_are_cut_by_display_width() {
    let mut app = with_articles(80, 10);
    let articles = vec![
        article(
            1,
            1,
            "Open Bulletin",
            "青森県東方沖で地震 M6.9 — Strong quake off Aomori, Japan: what we know so far about the damage",
        ),
        article(
            2,
            1,
            "Open Bulletin",
            "🐧 Schoolchildren name zoo's first penguin chick in a decade 🐧🐧🐧🐧🐧🐧🐧",
        ),
        article(
            3,
            1,
            "Northern Post",
            &"A very long title that goes on ".repeat(8),
        ),
        article(
            4,
            1,
            "Café Crème",
            "Combining marks: e\u{301}te\u{301} cafe\u{301} re\u{301}sume\u{301}",
        ),
    ];
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 10)).unwrap();
    terminal
        .draw(|frame| draw(frame, &app, &Theme::monochrome()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    // Line 2 names the columns; the rows follow.
    for y in 3..7 {
        assert_eq!(buffer[(79, y)].symbol(), "│", "row {y} overflows its pane");
        assert_eq!(
            buffer[(78, y)].symbol(),
            "…",
            "row {y} is cut with an ellipsis"
        );
    }
    assert_snapshot!(screen(&app, 80, 10));
}

#[test]
fn help_screen() {
    let mut app = with_articles(80, 30);
    update(&mut app, Msg::Key(KeyChord::ch('?')));
    assert_snapshot!(screen(&app, 80, 30));
}

#[test]
fn narrow_terminal_shows_one_pane() {
    let mut app = with_articles(50, 10);
    assert_snapshot!("narrow_list", screen(&app, 50, 10));
    open_article(&mut app, "<p>Short body.</p>");
    assert_snapshot!("narrow_reader", screen(&app, 50, 10));
}

#[test]
fn search_prompt_and_active_filter() {
    let mut app = with_articles(80, 8);
    update(&mut app, Msg::Key(KeyChord::ch('u')));
    update(&mut app, Msg::Key(KeyChord::ch('/')));
    for c in "storm".chars() {
        update(&mut app, Msg::Key(KeyChord::ch(c)));
    }
    assert_snapshot!(screen(&app, 80, 8));
}

#[test]
fn rendering_never_panics_on_tiny_terminals() {
    let mut app = with_articles(1, 1);
    open_article(&mut app, "<p>x</p>");
    for (w, h) in [(1, 1), (2, 3), (10, 2), (0, 0)] {
        update(&mut app, Msg::Resize(w, h));
        let _ = screen(&app, w.max(1), h.max(1));
    }
    let _ = RenderedBody::default();
}

#[test]
fn topic_list_and_story_source_counts() {
    let mut app = with_articles(80, 14);
    update(
        &mut app,
        Msg::StoriesLoaded(vec![(
            1,
            crate::reader::app::Story {
                sources: 4,
                members: vec![3],
            },
        )]),
    );
    update(&mut app, Msg::Key(KeyChord::ch('t')));
    update(
        &mut app,
        Msg::TopicsLoaded {
            all: false,
            topics: vec![
                ("Storm Halvard".to_owned(), 4),
                ("European Space Agency".to_owned(), 3),
                ("Riksbank".to_owned(), 2),
            ],
        },
    );
    update(&mut app, Msg::Key(KeyChord::ch('j')));
    assert_snapshot!(screen(&app, 80, 14));
}

#[test]
fn related_list_names_its_article() {
    let mut app = with_articles(80, 8);
    update(&mut app, Msg::Key(KeyChord::ch('=')));
    let filter = app.filter.clone();
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter,
            articles: vec![article(
                3,
                1,
                "World Wire",
                "Riksbank cuts rate to 1.5% as inflation cools",
            )],
        },
    );
    assert_snapshot!(screen(&app, 80, 8));
}
