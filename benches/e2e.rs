//! End-to-end benchmark: generates N feeds x M items (RSS, Atom, JSON Feed
//! with realistic HTML bodies), serves them on 127.0.0.1 with ETag and
//! Last-Modified (and optional latency), and times the real binary.
//!
//! cargo bench --bench e2e -- [--sizes 50x20,200x50,500x100] [--runs 5] [--latency-ms 0]
//!     [--no-newsboat] [--serve SECONDS (serve the first size's corpus only)]
//!
//! Prints the median of the runs for: cold refresh (empty database); the
//! first `related` after it, which indexes what the refresh stored
//! ("+index"); refresh where every feed answers 304; `articles --json`;
//! `related` for one article (a whole process, loading the topic index);
//! launch to the first full screen (in tmux); the peak memory of those
//! commands (/usr/bin/time) and of the reader 3 s after launch. When newsboat is installed, it runs on the same corpus
//! in the same run, and the ratios are printed (newsboat time / ours).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Route, TestServer};
use corpus::generate_feed;

#[path = "support/corpus.rs"]
mod corpus;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Runs a command under /usr/bin/time; returns (wall time, peak RSS in KiB).
fn timed(program: &str, args: &[String]) -> (Duration, Option<u64>) {
    let rss_file = tempfile::NamedTempFile::new().unwrap();
    let has_time = Path::new("/usr/bin/time").exists();
    let started = Instant::now();
    let out = if has_time {
        Command::new("/usr/bin/time")
            .args(["-f", "%M", "-o"])
            .arg(rss_file.path())
            .arg(program)
            .args(args)
            .output()
            .unwrap()
    } else {
        Command::new(program).args(args).output().unwrap()
    };
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rss: Option<u64> = std::fs::read_to_string(rss_file.path())
        .ok()
        .and_then(|t| t.trim().lines().last().and_then(|l| l.trim().parse().ok()));
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        let what: Vec<&String> = args.iter().filter(|a| !a.contains('/')).collect();
        eprintln!(
            "  {program} {what:?}: {:.0} ms, {} KiB",
            elapsed.as_secs_f64() * 1000.0,
            rss.unwrap_or(0)
        );
    }
    (elapsed, rss)
}

/// The peak RSS (KiB) of the process in a tmux pane, or of its only child
/// when the pane runs a shell.
fn pane_peak_rss(pane_pid: u32) -> Option<u64> {
    let children = std::fs::read_to_string(format!("/proc/{pane_pid}/task/{pane_pid}/children"))
        .unwrap_or_default();
    let pid = children
        .split_whitespace()
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or(pane_pid);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Launches a reader in a tmux pane and returns the time until `ready`
/// holds for the screen (polled every 2 ms), and the reader's peak memory
/// (KiB) once it has settled, `settle` later.
fn first_screen(
    command: &str,
    socket: &str,
    ready: impl Fn(&str) -> bool,
    settle: Duration,
) -> Option<(Duration, Option<u64>)> {
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .ok()
    };
    tmux(&["-V"])?;
    let started = Instant::now();
    tmux(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "120",
        "-y",
        "40",
        command,
    ])?;
    let mut elapsed = None;
    while started.elapsed() < Duration::from_secs(60) {
        let out = tmux(&["capture-pane", "-p", "-t", "b"])?;
        if ready(&String::from_utf8_lossy(&out.stdout)) {
            elapsed = Some(started.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(settle);
    let rss = tmux(&["list-panes", "-t", "b", "-F", "#{pane_pid}"])
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .and_then(pane_peak_rss);
    tmux(&["kill-server"]);
    elapsed.map(|e| (e, rss))
}

#[derive(Default)]
struct Figures {
    cold: Vec<Duration>,
    /// The first command after a cold refresh that reads the index: it
    /// indexes what the refresh stored (`related`).
    index: Vec<Duration>,
    warm: Vec<Duration>,
    listing: Vec<Duration>,
    related: Vec<Duration>,
    screen: Vec<Duration>,
    rss: u64,
    reader_rss: u64,
}

impl Figures {
    fn add_rss(&mut self, rss: Option<u64>) {
        self.rss = self.rss.max(rss.unwrap_or(0));
    }
}

fn ms(samples: &[Duration]) -> String {
    if samples.is_empty() {
        return "-".to_owned();
    }
    format!("{:.0}ms", median(samples.to_vec()).as_secs_f64() * 1000.0)
}

fn ratio(ours: &[Duration], theirs: &[Duration]) -> String {
    if ours.is_empty() || theirs.is_empty() {
        return "-".to_owned();
    }
    let (a, b) = (
        median(ours.to_vec()).as_secs_f64(),
        median(theirs.to_vec()).as_secs_f64(),
    );
    format!("{:.1}x", b / a.max(1e-9))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let sizes = value("--sizes").unwrap_or_else(|| "50x20,200x50,500x100".to_owned());
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(5);
    let latency = Duration::from_millis(
        value("--latency-ms")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0),
    );
    let bin = env!("CARGO_BIN_EXE_tidings");
    let newsboat = Command::new("newsboat")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success() && !args.iter().any(|a| a == "--no-newsboat"));
    println!(
        "tidings end-to-end benchmark: medians of {runs} runs, latency {latency:?} per request"
    );
    if let Some(version) = &newsboat {
        let version = String::from_utf8_lossy(&version.stdout);
        println!(
            "compared with {} (reload-threads 32)",
            version.lines().next().unwrap_or("newsboat")
        );
    }
    let row = |cells: [&str; 10]| {
        println!(
            "{:<13} {:<9} {:>12} {:>9} {:>9} {:>15} {:>9} {:>12} {:>9} {:>10}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            cells[6],
            cells[7],
            cells[8],
            cells[9]
        )
    };
    row([
        "feeds x items",
        "reader",
        "cold refresh",
        "+index",
        "all 304",
        "articles --json",
        "related",
        "first screen",
        "peak RSS",
        "reader RSS",
    ]);
    for size in sizes.split(',') {
        let Some((feeds, items)) = size.split_once('x') else {
            continue;
        };
        let (feeds, items): (usize, usize) = (feeds.parse().unwrap(), items.parse().unwrap());
        let server = TestServer::start();
        let dir = tempfile::tempdir().unwrap();
        let mut list = Vec::new();
        for f in 0..feeds {
            let (content_type, text) = generate_feed(f, items);
            let path = format!("/feed/{f}");
            server.route(
                &path,
                Route::ok(&content_type, text)
                    .with_validators(&format!("\"v{f}\""), "Sun, 22 Nov 2026 08:00:00 GMT")
                    .delayed(latency),
            );
            list.push(("Outlet", server.url(&path)));
        }
        let config = common::write_config(
            dir.path(),
            "concurrency = 64\nper_host = 64\nrefresh_on_start = false",
            &list,
        );
        if let Some(seconds) = value("--serve").and_then(|s| s.parse().ok()) {
            // For profiling by hand: serve the corpus and wait.
            println!("serving; config: {}", config.display());
            std::thread::sleep(Duration::from_secs(seconds));
            return;
        }
        let mut ours = Figures::default();
        for r in 0..runs {
            let db = dir.path().join(format!("run{r}.db"));
            let base = vec![
                "--config".to_owned(),
                config.display().to_string(),
                "--db".to_owned(),
                db.display().to_string(),
            ];
            let with = |extra: &[&str]| {
                let mut a = base.clone();
                a.extend(extra.iter().map(|s| s.to_string()));
                a
            };
            let (t, rss) = timed(bin, &with(&["refresh"]));
            ours.cold.push(t);
            ours.add_rss(rss);
            let related = with(&["related", "1", "--limit", "10"]);
            let (t, rss) = timed(bin, &related);
            ours.index.push(t);
            ours.add_rss(rss);
            let (t, rss) = timed(bin, &with(&["refresh"]));
            ours.warm.push(t);
            ours.add_rss(rss);
            let (t, rss) = timed(bin, &with(&["articles", "--json"]));
            ours.listing.push(t);
            ours.add_rss(rss);
            let (t, rss) = timed(bin, &related);
            ours.related.push(t);
            ours.add_rss(rss);
            let command = format!("{bin} {}", base.join(" "));
            let socket = format!("tidings-bench-{}-{r}", std::process::id());
            let ready = |s: &str| s.contains("Articles 1/") && s.contains("help");
            // Settled: the whole list and the topic index are loaded.
            if let Some((t, rss)) = first_screen(&command, &socket, ready, Duration::from_secs(3)) {
                ours.screen.push(t);
                ours.reader_rss = ours.reader_rss.max(rss.unwrap_or(0));
            }
        }
        let mut theirs = Figures::default();
        if newsboat.is_some() {
            let urls = dir.path().join("urls");
            std::fs::write(
                &urls,
                list.iter()
                    .map(|(_, u)| format!("{u}\n"))
                    .collect::<String>(),
            )
            .unwrap();
            let nb_config = dir.path().join("newsboat.conf");
            std::fs::write(&nb_config, "reload-threads 32\nshow-read-feeds yes\n").unwrap();
            for r in 0..runs {
                let cache = dir.path().join(format!("newsboat{r}.db"));
                let base = vec![
                    "-u".to_owned(),
                    urls.display().to_string(),
                    "-c".to_owned(),
                    cache.display().to_string(),
                    "-C".to_owned(),
                    nb_config.display().to_string(),
                ];
                let reload = {
                    let mut a = base.clone();
                    a.extend(["-x".to_owned(), "reload".to_owned()]);
                    a
                };
                let (t, rss) = timed("newsboat", &reload);
                theirs.cold.push(t);
                theirs.add_rss(rss);
                let (t, rss) = timed("newsboat", &reload);
                theirs.warm.push(t);
                theirs.add_rss(rss);
                let command = format!("newsboat {}", base.join(" "));
                let socket = format!("newsboat-bench-{}-{r}", std::process::id());
                let ready = |s: &str| s.contains("Your feeds");
                if let Some((t, rss)) =
                    first_screen(&command, &socket, ready, Duration::from_millis(500))
                {
                    theirs.screen.push(t);
                    theirs.reader_rss = theirs.reader_rss.max(rss.unwrap_or(0));
                }
            }
        }
        let mb = |kib: u64| {
            if kib == 0 {
                "-".to_owned()
            } else {
                format!("{:.0}MB", kib as f64 / 1024.0)
            }
        };
        row([
            size,
            "tidings",
            &ms(&ours.cold),
            &ms(&ours.index),
            &ms(&ours.warm),
            &ms(&ours.listing),
            &ms(&ours.related),
            &ms(&ours.screen),
            &mb(ours.rss),
            &mb(ours.reader_rss),
        ]);
        if newsboat.is_some() {
            row([
                "",
                "newsboat",
                &ms(&theirs.cold),
                "-",
                &ms(&theirs.warm),
                "-",
                "-",
                &ms(&theirs.screen),
                &mb(theirs.rss),
                &mb(theirs.reader_rss),
            ]);
            row([
                "",
                "ratio",
                &ratio(&ours.cold, &theirs.cold),
                "-",
                &ratio(&ours.warm, &theirs.warm),
                "-",
                "-",
                &ratio(&ours.screen, &theirs.screen),
                "-",
                "-",
            ]);
        }
    }
}
