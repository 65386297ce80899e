//! The reader under load, for the end-to-end benchmark: the reader
//! refreshing every feed of an empty database itself and indexing what
//! came (its peak memory, CPU, and when each finished), and its first
//! screen while another process refreshes the same database or while its
//! own indexer works through a store a `tidings refresh` left queued.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::measure::Pane;

/// What one reader did under load.
#[derive(Debug, Clone, Copy, Default)]
pub struct Loaded {
    /// Launch to "Refreshed N feeds" (the reader's own refresh).
    pub refreshed: Option<Duration>,
    /// Launch to the index caught up (queue empty, no progress shown).
    pub indexed: Option<Duration>,
    /// The reader's peak RSS (KiB) over the whole run.
    pub rss: Option<u64>,
    /// Its peak RSS (KiB) when its own refresh had finished.
    pub rss_refreshed: Option<u64>,
    /// The reader's CPU time over the whole run.
    pub cpu: Option<Duration>,
    /// Launch to the first full screen.
    pub screen: Option<Duration>,
}

/// Articles waiting for the indexer, read beside the reader (None while
/// the database cannot be read).
fn queued(db: &Path) -> Option<i64> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(db, flags).ok()?;
    conn.busy_timeout(Duration::from_secs(5)).ok()?;
    conn.query_row("SELECT COUNT(*) FROM index_queue", [], |r| r.get(0))
        .ok()
}

/// Waits (polling every 20 ms, at most `limit`) until the indexer is
/// done: nothing queued and no progress on the screen.
fn wait_indexed(pane: &Pane, db: &Path, since: Instant, limit: Duration) -> Option<Duration> {
    while since.elapsed() < limit {
        let screen = pane.screen();
        if !screen.contains("indexing") && queued(db) == Some(0) {
            // The queue empties before the stories are assigned: the
            // progress stays on screen until then, so look once more.
            if !pane.screen().contains("indexing") {
                return Some(since.elapsed());
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// The reader (`command`, whose config refreshes on start) on an empty
/// database `db` with `feeds` feeds: until its refresh and its indexer
/// are both done.
pub fn reader_refreshing(command: &str, socket: &str, db: &Path, feeds: usize) -> Loaded {
    let started = Instant::now();
    let Some(pane) = Pane::start(command, socket) else {
        return Loaded::default();
    };
    let limit = Duration::from_secs(600);
    let done = format!("Refreshed {feeds} feeds");
    let refreshed = pane.wait_for(started, limit, |s| s.contains(&done));
    let rss_refreshed = pane.peak_rss();
    let indexed = refreshed.and_then(|_| wait_indexed(&pane, db, started, limit));
    Loaded {
        refreshed,
        indexed,
        rss: pane.peak_rss(),
        rss_refreshed,
        cpu: pane.cpu(),
        screen: None,
    }
}

/// The reader's first screen on `db` while its own indexer works through
/// what a `tidings refresh` left queued, and its peak memory until the
/// index has caught up.
pub fn reader_indexing(command: &str, socket: &str, db: &Path) -> Loaded {
    let started = Instant::now();
    let Some(pane) = Pane::start(command, socket) else {
        return Loaded::default();
    };
    let limit = Duration::from_secs(600);
    let screen = pane.wait_for(started, limit, ready);
    let indexed = wait_indexed(&pane, db, started, limit);
    Loaded {
        screen,
        indexed,
        rss: pane.peak_rss(),
        cpu: pane.cpu(),
        ..Loaded::default()
    }
}

/// The first full screen: the list and the key hints.
pub fn ready(screen: &str) -> bool {
    screen.contains("Articles 1/") && screen.contains("help")
}

/// Forgets every feed's validators, so that the next refresh fetches and
/// parses every body again (the server answers 200, not 304).
pub fn forget_validators(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.execute(
        "UPDATE feeds SET etag = NULL, last_modified = NULL, max_age = NULL",
        [],
    )
    .unwrap();
}

/// Starts `tidings refresh` (`args`) in the background.
pub fn start_refresh(bin: &str, args: &[String]) -> Child {
    Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The reader's first screen on `db` while `refresh` (started `lead`
/// before) fetches and parses every feed again in another process.
pub fn screen_during_refresh(
    command: &str,
    socket: &str,
    mut refresh: Child,
    lead: Duration,
) -> Loaded {
    std::thread::sleep(lead);
    let started = Instant::now();
    let mut loaded = Loaded::default();
    if let Some(pane) = Pane::start(command, socket) {
        loaded.screen = pane.wait_for(started, Duration::from_secs(60), ready);
        loaded.rss = pane.peak_rss();
    }
    // Still running then? Said by `refreshed`: when it ended, from launch.
    let _ = refresh.wait();
    loaded.refreshed = Some(started.elapsed());
    loaded
}

/// Copies a database (and its write-ahead log, if any) to `to`.
pub fn copy_db(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    for suffix in ["-wal", "-shm"] {
        let wal = format!("{}{suffix}", from.display());
        if Path::new(&wal).exists() {
            std::fs::copy(&wal, format!("{}{suffix}", to.display())).unwrap();
        }
    }
}

/// The reader-under-load figures of one program over the runs.
#[derive(Default)]
pub struct LoadRuns {
    /// The reader refreshing an empty database itself, then indexing.
    pub refreshing: Vec<Loaded>,
    /// The reader on a full store while another process refreshes it.
    pub busy: Vec<Loaded>,
    /// The reader on a full store its indexer has still to index.
    pub indexing: Vec<Loaded>,
}

pub const LOAD_HEADER: [&str; 10] = [
    "feeds x items",
    "program",
    "refreshed",
    "indexed",
    "reader CPU",
    "peak@refreshed",
    "reader peak",
    "screen+refresh",
    "screen+index",
    "peak+index",
];

fn median_of(values: impl Iterator<Item = Option<Duration>>) -> String {
    let mut all: Vec<Duration> = values.flatten().collect();
    all.sort();
    all.get(all.len() / 2).map_or("-".to_owned(), |d| {
        if *d >= Duration::from_secs(1) {
            format!("{:.2}s", d.as_secs_f64())
        } else {
            format!("{:.0}ms", d.as_secs_f64() * 1000.0)
        }
    })
}

fn peak_of(values: impl Iterator<Item = Option<u64>>) -> String {
    values.flatten().max().map_or("-".to_owned(), |kib| {
        format!("{:.0}MB", kib as f64 / 1024.0)
    })
}

impl LoadRuns {
    /// The cells of one row under [`LOAD_HEADER`]: medians of times, the
    /// highest peak.
    pub fn cells(&self, size: &str, name: &str) -> Vec<String> {
        vec![
            size.to_owned(),
            name.to_owned(),
            median_of(self.refreshing.iter().map(|l| l.refreshed)),
            median_of(self.refreshing.iter().map(|l| l.indexed)),
            median_of(self.refreshing.iter().map(|l| l.cpu)),
            peak_of(self.refreshing.iter().map(|l| l.rss_refreshed)),
            peak_of(self.refreshing.iter().map(|l| l.rss)),
            median_of(self.busy.iter().map(|l| l.screen)),
            median_of(self.indexing.iter().map(|l| l.screen)),
            peak_of(self.indexing.iter().map(|l| l.rss)),
        ]
    }
}

/// Prints cells right-aligned in columns of `widths`.
pub fn print_row(cells: &[String], widths: &[usize]) {
    let mut line = String::new();
    for (cell, width) in cells.iter().zip(widths) {
        line.push_str(&format!("{cell:>width$} "));
    }
    println!("{}", line.trim_end());
}
