//! End-to-end benchmark: generates N feeds x M items (RSS, Atom, JSON Feed
//! with realistic HTML bodies, summaries and categories), serves them from
//! memory, gzipped ahead of time, over several loopback hosts (127.0.0.1,
//! 127.0.0.2, ...) with ETags and a latency per request, and measures the
//! real binary in its own process: wall time, CPU time and peak RSS.
//!
//! cargo bench --bench e2e -- [--sizes 50x20,200x50,500x100] [--runs 5]
//!     [--latency-ms 100] [--hosts 50] [--settings "concurrency = 64"]
//!     [--baseline PATH] [--no-reader] [--no-load] [--no-newsboat]
//!     [--serve SECONDS]
//!
//! Prints the median of the runs for: cold refresh (empty database; wall
//! and CPU); `articles --limit 50` right after it; the first `related`,
//! which indexes what the refresh stored ("+index"); a refresh where every
//! feed answers 304 (wall and CPU); `articles --json`; `related` for one
//! article; launch to the first full screen (in tmux); the peak memory of
//! those commands and of the reader 3 s after launch. `--baseline` runs
//! another tidings binary (say, one built from main) in the same run,
//! turn about, and prints the ratios (baseline / this one); so does
//! newsboat when it is installed. `--settings` adds lines to the config's
//! [settings] (the defaults otherwise).
//!
//! Then the reader under load (`--no-load` leaves it out): launched on an
//! empty database with a config that refreshes on start, so the cold
//! refresh and the indexer run inside it (launch to "Refreshed", launch to
//! the index caught up, its CPU time and peak RSS, VmHWM); its first
//! screen on the full store while a `tidings refresh` in another process
//! fetches and parses every feed again (validators forgotten); its first
//! screen and peak RSS on the store a `tidings refresh` left unindexed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::Duration;

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/load.rs"]
mod load;
#[path = "support/measure.rs"]
mod measure;
#[path = "support/server.rs"]
mod server;
#[path = "support/table.rs"]
mod table;

use load::{LOAD_HEADER, print_row};
use measure::{first_screen, timed};
use server::{feed_path, serve_generated};
use table::{Figures, HEADER, figures_row, ratio_row, row};

/// What a run of tidings is given: the binary, the config (and the same
/// with `refresh_on_start`), the database, what to measure.
struct Setup<'a> {
    bin: &'a str,
    config: &'a str,
    refreshing: &'a str,
    db: String,
    reader: bool,
    load: bool,
    feeds: usize,
}

/// One run of every tidings measurement on a fresh database.
fn run_tidings(setup: &Setup, figures: &mut Figures) {
    let (bin, db) = (setup.bin, setup.db.as_str());
    let with = |extra: &[&str]| {
        let mut a = vec!["--config".to_owned(), setup.config.to_owned()];
        a.extend(["--db".to_owned(), db.to_owned()]);
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    figures.cold.push(timed(bin, &with(&["refresh"])));
    figures
        .page
        .push(timed(bin, &with(&["articles", "--limit", "50"])));
    let queued = format!("{db}-queued.db");
    if setup.load {
        load::copy_db(db.as_ref(), queued.as_ref());
    }
    let related = with(&["related", "1", "--limit", "10"]);
    figures.index.push(timed(bin, &related));
    figures.warm.push(timed(bin, &with(&["refresh"])));
    figures
        .listing
        .push(timed(bin, &with(&["articles", "--json"])));
    figures.related.push(timed(bin, &related));
    if !setup.reader {
        return;
    }
    let command = format!("{bin} --config {} --db {db}", setup.config);
    let socket = format!("tidings-bench-{}", std::process::id());
    // Settled: the whole list and the topic index are loaded.
    if let Some((t, rss)) = first_screen(&command, &socket, load::ready, Duration::from_secs(3)) {
        figures.screen.push(t);
        figures.reader_rss = figures.reader_rss.max(rss.unwrap_or(0));
    }
    if setup.load {
        run_load(setup, &queued, figures);
    }
}

/// The reader under load: on the store a refresh left queued (its
/// indexer at work), on the full store while another process refreshes
/// it, and on an empty store, refreshing and indexing itself.
fn run_load(setup: &Setup, queued: &str, figures: &mut Figures) {
    let (bin, db) = (setup.bin, setup.db.as_str());
    let socket = format!("tidings-load-{}", std::process::id());
    let reader = |config: &str, db: &str| format!("{bin} --config {config} --db {db}");
    let command = reader(setup.config, queued);
    let loaded = load::reader_indexing(&command, &socket, queued.as_ref());
    figures.load.indexing.push(loaded);
    load::forget_validators(db.as_ref());
    let args = ["--config", setup.config, "--db", db, "refresh"].map(str::to_owned);
    let refresh = load::start_refresh(bin, &args);
    let command = reader(setup.config, db);
    let busy = load::screen_during_refresh(&command, &socket, refresh, Duration::from_millis(300));
    figures.load.busy.push(busy);
    let empty = format!("{db}-empty.db");
    let command = reader(setup.refreshing, &empty);
    let refreshing = load::reader_refreshing(&command, &socket, empty.as_ref(), setup.feeds);
    figures.load.refreshing.push(refreshing);
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        eprintln!("  under load: {:?}", figures.load.refreshing.last());
    }
}

/// One newsboat run on the same feeds: cold reload, all-304 reload, and
/// the first screen.
fn run_newsboat(dir: &std::path::Path, urls: &[String], r: usize, figures: &mut Figures) {
    let list = dir.join("urls");
    std::fs::write(
        &list,
        urls.iter().map(|u| format!("{u}\n")).collect::<String>(),
    )
    .unwrap();
    let config = dir.join("newsboat.conf");
    std::fs::write(&config, "reload-threads 32\nshow-read-feeds yes\n").unwrap();
    let cache = dir.join(format!("newsboat{r}.db"));
    let base: Vec<String> = ["-u", &list.display().to_string(), "-c"]
        .iter()
        .map(|s| s.to_string())
        .chain([cache.display().to_string(), "-C".to_owned()])
        .chain([config.display().to_string()])
        .collect();
    let mut reload = base.clone();
    reload.extend(["-x".to_owned(), "reload".to_owned()]);
    figures.cold.push(timed("newsboat", &reload));
    figures.warm.push(timed("newsboat", &reload));
    let command = format!("newsboat {}", base.join(" "));
    let socket = format!("newsboat-bench-{}-{r}", std::process::id());
    let ready = |s: &str| s.contains("Your feeds");
    if let Some((t, rss)) = first_screen(&command, &socket, ready, Duration::from_millis(500)) {
        figures.screen.push(t);
        figures.reader_rss = figures.reader_rss.max(rss.unwrap_or(0));
    }
}

/// The corpus of one size, served; returns the feed URLs.
fn serve_corpus(feeds: usize, items: usize, hosts: usize, latency: Duration) -> Vec<String> {
    let server = serve_generated(feeds, items, hosts, latency);
    (0..feeds).map(|f| server.url(f, &feed_path(f))).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| measure::flag_value(&args, flag);
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let sizes = value("--sizes").unwrap_or_else(|| "50x20,200x50,500x100".to_owned());
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(5);
    let latency_ms: u64 = value("--latency-ms")
        .and_then(|l| l.parse().ok())
        .unwrap_or(100);
    let latency = Duration::from_millis(latency_ms);
    let hosts: usize = value("--hosts").and_then(|h| h.parse().ok()).unwrap_or(50);
    let settings = value("--settings").unwrap_or_default();
    let baseline = value("--baseline");
    let bin = env!("CARGO_BIN_EXE_tidings");
    let newsboat = Command::new("newsboat")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success() && !has("--no-newsboat"));
    println!(
        "tidings end-to-end benchmark: medians of {runs} runs, {latency_ms} ms per request, \
         {hosts} loopback hosts, settings: {}",
        if settings.is_empty() {
            "defaults"
        } else {
            &settings
        }
    );
    if let Some(path) = &baseline {
        println!("baseline: {path} (ratio = baseline / this one)");
    }
    if let Some(version) = &newsboat {
        let version = String::from_utf8_lossy(&version.stdout);
        let name = version.lines().next().unwrap_or("newsboat").to_owned();
        println!("compared with {name} (reload-threads 32)");
    }
    row(&HEADER.map(str::to_owned));
    let mut load_rows = Vec::new();
    for size in sizes.split(',') {
        let Some((feeds, items)) = size.split_once('x') else {
            continue;
        };
        let (feeds, items): (usize, usize) = (feeds.parse().unwrap(), items.parse().unwrap());
        let urls = serve_corpus(feeds, items, hosts, latency);
        let dir = tempfile::tempdir().unwrap();
        let (config, refreshing) = write_configs(dir.path(), &urls, &settings);
        if let Some(seconds) = value("--serve").and_then(|s| s.parse().ok()) {
            // For profiling by hand: serve the corpus and wait.
            println!("serving; config: {config}");
            std::thread::sleep(Duration::from_secs(seconds));
            return;
        }
        let (mut ours, mut base, mut theirs) = Default::default();
        for r in 0..runs {
            let db = |name: &str| {
                dir.path()
                    .join(format!("{name}{r}.db"))
                    .display()
                    .to_string()
            };
            let setup = |bin, db| Setup {
                bin,
                config: &config,
                refreshing: &refreshing,
                db,
                reader: !has("--no-reader"),
                load: !has("--no-reader") && !has("--no-load"),
                feeds,
            };
            if let Some(path) = &baseline {
                run_tidings(&setup(path, db("base")), &mut base);
            }
            run_tidings(&setup(bin, db("run")), &mut ours);
            if newsboat.is_some() {
                run_newsboat(dir.path(), &urls, r, &mut theirs);
            }
        }
        row(&figures_row(size, "tidings", &ours));
        for (name, other) in [("baseline", &base), ("newsboat", &theirs)] {
            if !other.cold.is_empty() {
                row(&figures_row("", name, other));
                row(&ratio_row(&ours, other));
            }
        }
        load_rows.push(ours.load.cells(size, "tidings"));
        if !base.load.refreshing.is_empty() {
            load_rows.push(base.load.cells("", "baseline"));
        }
    }
    if load_rows.iter().any(|r| r.iter().skip(2).any(|c| c != "-")) {
        println!(
            "\nthe reader under load: its own cold refresh from an empty database \
             (launch to refreshed, to indexed; its CPU; its peak RSS when refreshed and overall); its first screen on \
             the full store while `tidings refresh` fetches and parses every feed again; \
             its first screen and peak RSS on a store its indexer has still to index"
        );
        print_row(&LOAD_HEADER.map(str::to_owned), &LOAD_WIDTHS);
        for cells in &load_rows {
            print_row(cells, &LOAD_WIDTHS);
        }
    }
}

const LOAD_WIDTHS: [usize; 10] = [13, 10, 10, 8, 11, 14, 12, 15, 13, 11];

/// Writes the config (no refresh on start) and the same with
/// `refresh_on_start`; returns their paths.
fn write_configs(dir: &std::path::Path, urls: &[String], settings: &str) -> (String, String) {
    let mut feeds = String::new();
    for url in urls {
        feeds.push_str(&format!("\n[[feed]]\nname = \"Outlet\"\nurl = \"{url}\"\n"));
    }
    let write = |name: &str, on_start: bool| {
        let path = dir.join(name);
        let text = format!("[settings]\nrefresh_on_start = {on_start}\n{settings}\n{feeds}");
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    (
        write("config.toml", false),
        write("config-refresh.toml", true),
    )
}
