//! End-to-end benchmark: generates N feeds x M items (RSS, Atom, JSON Feed
//! with realistic HTML bodies), serves them on 127.0.0.1 with ETag and
//! Last-Modified (and optional latency), and times the real binary.
//!
//! cargo bench --bench e2e -- [--sizes 50x20,200x50,500x100] [--runs 5] [--latency-ms 0]
//!
//! Prints the median of the runs for: cold refresh (empty database),
//! refresh where every feed answers 304, and `articles --json`.
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

fn run(bin: &str, config: &Path, db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let out = Command::new(bin)
        .args([
            "--config",
            config.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .args(args)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

/// Launches the reader in a tmux pane and returns the time until the
/// article list is on screen (polled every few milliseconds).
fn first_screen(bin: &str, config: &Path, db: &Path, socket: &str) -> Option<Duration> {
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .ok()
    };
    tmux(&["-V"])?;
    let command = format!("{bin} --config {} --db {}", config.display(), db.display());
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
        &command,
    ])?;
    let mut elapsed = None;
    while started.elapsed() < Duration::from_secs(20) {
        let out = tmux(&["capture-pane", "-p", "-t", "b"])?;
        let screen = String::from_utf8_lossy(&out.stdout);
        if screen.contains("Articles 1/") && screen.contains("help") {
            elapsed = Some(started.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    tmux(&["kill-server"]);
    elapsed
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
    println!(
        "tidings end-to-end benchmark: medians of {runs} runs, latency {latency:?} per request"
    );
    println!(
        "{:<10} {:>14} {:>14} {:>16}",
        "feeds x items", "cold refresh", "all 304", "articles --json"
    );
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
        let (mut cold, mut warm, mut listing, mut screen) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for r in 0..runs {
            let db = dir.path().join(format!("run{r}.db"));
            cold.push(run(bin, &config, &db, &["refresh"]));
            warm.push(run(bin, &config, &db, &["refresh"]));
            listing.push(run(bin, &config, &db, &["articles", "--json"]));
            let socket = format!("tidings-bench-{}-{r}", std::process::id());
            if let Some(t) = first_screen(bin, &config, &db, &socket) {
                screen.push(t);
            }
        }
        let ms = |d: Duration| format!("{:.0}ms", d.as_secs_f64() * 1000.0);
        println!(
            "{:<13} {:>14} {:>14} {:>16} {:>14}",
            size,
            ms(median(cold)),
            ms(median(warm)),
            ms(median(listing)),
            if screen.is_empty() {
                "no tmux".to_owned()
            } else {
                ms(median(screen))
            }
        );
    }
}
