//! End-to-end benchmark: generates N feeds x M items (RSS, Atom, JSON Feed
//! with realistic HTML bodies), serves them on 127.0.0.1 with ETag and
//! Last-Modified (and optional latency), and times the real binary.
//!
//! cargo bench --bench e2e -- [--sizes 50x20,200x50,500x100] [--runs 5] [--latency-ms 0]
//!
//! Prints the median of the runs for: cold refresh (empty database),
//! refresh where every feed answers 304, `articles --json`, launch to the
//! first full screen (in tmux), and the peak memory of those commands
//! (/usr/bin/time). When newsboat is installed, it runs on the same corpus
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

/// Launches a reader in a tmux pane and returns the time until `ready`
/// holds for the screen (polled every 2 ms).
fn first_screen(command: &str, socket: &str, ready: impl Fn(&str) -> bool) -> Option<Duration> {
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
    tmux(&["kill-server"]);
    elapsed
}

#[derive(Default)]
struct Figures {
    cold: Vec<Duration>,
    warm: Vec<Duration>,
    listing: Vec<Duration>,
    screen: Vec<Duration>,
    rss: u64,
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
        .filter(|o| o.status.success());
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
    println!(
        "{:<13} {:<9} {:>13} {:>10} {:>16} {:>13} {:>9}",
        "feeds x items",
        "reader",
        "cold refresh",
        "all 304",
        "articles --json",
        "first screen",
        "peak RSS"
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
            let (t, rss) = timed(bin, &with(&["refresh"]));
            ours.warm.push(t);
            ours.add_rss(rss);
            let (t, rss) = timed(bin, &with(&["articles", "--json"]));
            ours.listing.push(t);
            ours.add_rss(rss);
            let command = format!("{bin} {}", base.join(" "));
            let socket = format!("tidings-bench-{}-{r}", std::process::id());
            if let Some(t) = first_screen(&command, &socket, |s| {
                s.contains("Articles 1/") && s.contains("help")
            }) {
                ours.screen.push(t);
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
                if let Some(t) = first_screen(&command, &socket, |s| s.contains("Your feeds")) {
                    theirs.screen.push(t);
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
        println!(
            "{:<13} {:<9} {:>13} {:>10} {:>16} {:>13} {:>9}",
            size,
            "tidings",
            ms(&ours.cold),
            ms(&ours.warm),
            ms(&ours.listing),
            ms(&ours.screen),
            mb(ours.rss)
        );
        if newsboat.is_some() {
            println!(
                "{:<13} {:<9} {:>13} {:>10} {:>16} {:>13} {:>9}",
                "",
                "newsboat",
                ms(&theirs.cold),
                ms(&theirs.warm),
                "-",
                ms(&theirs.screen),
                mb(theirs.rss)
            );
            println!(
                "{:<13} {:<9} {:>13} {:>10} {:>16} {:>13} {:>9}",
                "",
                "ratio",
                ratio(&ours.cold, &theirs.cold),
                ratio(&ours.warm, &theirs.warm),
                "-",
                ratio(&ours.screen, &theirs.screen),
                "-"
            );
        }
    }
}
