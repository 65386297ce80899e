//! The reader's keys at scale, in process: 50,000 articles in the list
//! (default; `-- --articles N`), a 140 x 40 screen, and for each key the
//! time from the key's message to the drawn frame (`app::update`, then
//! `ui::draw` into a test backend). Loads the keys ask for (a new filter,
//! an article) run on the database worker and arrive as later frames; their
//! cost is the store's (see `articles --limit 50` in the e2e bench).
//! cargo bench --bench reader
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::model::{ArticleSummary, Filter, ListRow};
use tidings::reader::app::{self, App, Key, KeyChord, Keymap, Msg};
use tidings::reader::ui::{Theme, draw};

fn articles(n: usize) -> Vec<ListRow> {
    (0..n)
        .map(|i| ArticleSummary {
            id: i as i64 + 1,
            feed_id: (i % 500) as i64 + 1,
            feed: format!("Outlet {}", i % 500),
            title: format!("Headline number {i} about a story that runs on for a while"),
            link: Some(format!("https://example.org/{i}")),
            published: Some(1_794_823_200 - i as i64 * 60),
            read: i % 3 == 0,
            starred: i % 50 == 0,
            categories: Vec::new(),
            story: None,
        })
        .map(ListRow::from)
        .collect()
}

fn main() {
    let n = std::env::args()
        .skip_while(|a| a != "--articles")
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let theme = Theme::monochrome();
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    let started = Instant::now();
    let (mut app, _) = App::new(Keymap::builtin(), 140, 40, false);
    let list = articles(n);
    app::update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: list,
        },
    );
    terminal.draw(|frame| draw(frame, &app, &theme)).unwrap();
    println!(
        "{n} articles: list taken in and first frame drawn in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let keys: &[(&str, KeyChord)] = &[
        ("j (down)", KeyChord::ch('j')),
        ("k (up)", KeyChord::ch('k')),
        ("Space (page)", KeyChord::plain(Key::Char(' '))),
        ("G (bottom)", KeyChord::ch('G')),
        ("g (top)", KeyChord::ch('g')),
        ("S (story view)", KeyChord::ch('S')),
        ("L (layout)", KeyChord::ch('L')),
        ("Enter (open)", KeyChord::plain(Key::Enter)),
        ("Esc (close)", KeyChord::plain(Key::Esc)),
        ("/ (search prompt)", KeyChord::ch('/')),
        // Last: the list then waits for the worker's load.
        ("u (unread only)", KeyChord::ch('u')),
    ];
    println!("{:<20} {:>10} {:>10}", "key", "median", "max");
    for (name, chord) in keys {
        let mut times: Vec<Duration> = (0..50)
            .map(|_| {
                let t = Instant::now();
                app::update(&mut app, Msg::Key(*chord));
                terminal.draw(|frame| draw(frame, &app, &theme)).unwrap();
                let took = t.elapsed();
                // Back to where it was, so every run measures the same key.
                app.input = None;
                took
            })
            .collect();
        times.sort();
        println!(
            "{:<20} {:>8.3} ms {:>7.3} ms",
            name,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    }
}
