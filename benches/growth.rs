//! How costs grow with the store: builds stores of (by default) 5,000,
//! 50,000 and 200,000 articles from the end-to-end benchmark's corpus
//! (500 feeds, 10, 100 and 400 items each: the feeds stay, the store
//! grows), and prints one table: the cost per article of a cold refresh
//! and of indexing, and the cost per call of everything a person or a
//! script does often. A per-call cost that climbs from column to column
//! grows with the store.
//!
//! cargo bench --bench growth -- [--sizes 500x10,500x100,500x400]
//!     [--runs 3] [--latency-ms 100] [--hosts 50] [--no-reader]
//!     [--bin PATH]
//!
//! Commands run in their own process; CPU is theirs only (user + system,
//! through /usr/bin/time, 10 ms steps), per-call figures are wall times
//! (medians of `--runs`), on an otherwise idle machine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/load.rs"]
mod load;
#[path = "support/measure.rs"]
mod measure;
#[path = "support/server.rs"]
mod server;

use measure::{Cost, first_screen, timed};
use server::{feed_path, serve_generated};

/// One row of the table: what is measured, its unit, a figure per size.
struct Row {
    name: String,
    unit: &'static str,
    values: Vec<Option<f64>>,
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The store and config of one size, and how to run the binary on them.
struct Store {
    bin: String,
    config: String,
    db: String,
    articles: usize,
}

impl Store {
    fn args(&self, extra: &[&str]) -> Vec<String> {
        let mut args = vec!["--config", &self.config, "--db", &self.db];
        args.extend(extra);
        args.into_iter().map(str::to_owned).collect()
    }

    fn run(&self, extra: &[&str]) -> Cost {
        timed(&self.bin, &self.args(extra))
    }

    /// The median wall time (ms) of `runs` runs of a command.
    fn per_call(&self, extra: &[&str], runs: usize) -> Option<f64> {
        median((0..runs).map(|_| ms(self.run(extra).wall)).collect())
    }

    fn stdout(&self, extra: &[&str]) -> String {
        let out = std::process::Command::new(&self.bin)
            .args(self.args(extra))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The most frequent topic, to filter by.
    fn top_topic(&self) -> String {
        let json = self.stdout(&["topics", "--limit", "1", "--json"]);
        let topics: serde_json::Value = serde_json::from_str(&json).unwrap();
        topics[0]["topic"].as_str().unwrap_or("market").to_owned()
    }
}

/// Serves `feeds` x `items` and writes a config for them in `dir`.
fn serve(dir: &Path, feeds: usize, items: usize, hosts: usize, latency: Duration) -> String {
    let server = serve_generated(feeds, items, hosts, latency);
    let mut config = "[settings]\nrefresh_on_start = false\n".to_owned();
    for f in 0..feeds {
        let url = server.url(f, &feed_path(f));
        config.push_str(&format!("\n[[feed]]\nname = \"Outlet\"\nurl = \"{url}\"\n"));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, config).unwrap();
    path.display().to_string()
}

/// Every figure of one store, in the order of [`ROWS`].
fn measure_store(store: &Store, runs: usize, reader: bool) -> Vec<Option<f64>> {
    let per_article = |cost: Cost| {
        cost.cpu
            .map(|cpu| cpu.as_secs_f64() * 1e6 / store.articles.max(1) as f64)
    };
    let cold = store.run(&["refresh"]);
    // The first command that reads the index indexes what is queued.
    let index = store.run(&["related", "1", "--limit", "10"]);
    let warm: Vec<Cost> = (0..runs).map(|_| store.run(&["refresh"])).collect();
    let topic = store.top_topic();
    let mut figures = vec![
        per_article(cold),
        per_article(index),
        median(warm.iter().map(|c| ms(c.wall)).collect()),
        median(warm.iter().filter_map(|c| c.cpu).map(ms).collect()),
    ];
    let calls: [&[&str]; 8] = [
        &["articles", "--limit", "50"],
        &["articles", "--unread", "--limit", "50"],
        &["articles", "--search", "election", "--limit", "50"],
        &["articles", "--topic", &topic, "--limit", "50"],
        &["feeds"],
        &["related", "1", "--limit", "10"],
        &["topics", "--limit", "20"],
        &["show", "1", "--plain"],
    ];
    figures.extend(calls.iter().map(|args| store.per_call(args, runs)));
    figures.push(reader.then(|| first_screen_ms(store, runs)).flatten());
    figures
}

/// The reader's launch to its first full screen (ms), in tmux.
fn first_screen_ms(store: &Store, runs: usize) -> Option<f64> {
    let command = format!("{} --config {} --db {}", store.bin, store.config, store.db);
    let socket = format!("tidings-growth-{}", std::process::id());
    let times = (0..runs)
        // Settled before the next launch: a reader still loading its list
        // while the next one starts would slow both.
        .filter_map(|_| first_screen(&command, &socket, load::ready, Duration::from_secs(1)))
        .map(|(t, _)| ms(t))
        .collect();
    median(times)
}

const ROWS: [(&str, &str); 13] = [
    ("cold refresh CPU", "us/article"),
    ("indexing CPU (first related)", "us/article"),
    ("refresh, all 304, wall", "ms/call"),
    ("refresh, all 304, CPU", "ms/call"),
    ("articles --limit 50", "ms/call"),
    ("articles --unread --limit 50", "ms/call"),
    ("articles --search election --limit 50", "ms/call"),
    ("articles --topic T --limit 50", "ms/call"),
    ("feeds", "ms/call"),
    ("related 1 --limit 10", "ms/call"),
    ("topics --limit 20", "ms/call"),
    ("show 1 --plain", "ms/call"),
    ("reader: first screen", "ms/call"),
];

fn print_table(sizes: &[(usize, usize)], rows: &[Row]) {
    let mut head = format!("{:<40} {:>10}", "", "unit");
    for (feeds, items) in sizes {
        head.push_str(&format!(" {:>12}", format!("{} art.", feeds * items)));
    }
    head.push_str(&format!(" {:>10}", "last/first"));
    println!("{head}");
    for row in rows {
        let mut line = format!("{:<40} {:>10}", row.name, row.unit);
        for value in &row.values {
            let cell = value.map_or("-".to_owned(), |v| format!("{v:.1}"));
            line.push_str(&format!(" {cell:>12}"));
        }
        let ratio = match (row.values.first(), row.values.last()) {
            (Some(Some(a)), Some(Some(b))) if *a > 0.0 => format!("{:.2}x", b / a),
            _ => "-".to_owned(),
        };
        line.push_str(&format!(" {ratio:>10}"));
        println!("{line}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| measure::flag_value(&args, flag);
    let sizes: Vec<(usize, usize)> = value("--sizes")
        .unwrap_or_else(|| "500x10,500x100,500x400".to_owned())
        .split(',')
        .filter_map(|s| s.split_once('x'))
        .map(|(f, i)| (f.parse().unwrap(), i.parse().unwrap()))
        .collect();
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let latency = Duration::from_millis(
        value("--latency-ms")
            .and_then(|l| l.parse().ok())
            .unwrap_or(100),
    );
    let hosts: usize = value("--hosts").and_then(|h| h.parse().ok()).unwrap_or(50);
    let reader = !args.iter().any(|a| a == "--no-reader");
    let bin = value("--bin").unwrap_or_else(|| env!("CARGO_BIN_EXE_tidings").to_owned());
    println!(
        "tidings growth: medians of {runs} runs, {} ms per request, {hosts} loopback hosts",
        latency.as_millis()
    );
    let mut rows: Vec<Row> = ROWS
        .iter()
        .map(|(name, unit)| Row {
            name: (*name).to_owned(),
            unit,
            values: Vec::new(),
        })
        .collect();
    for &(feeds, items) in &sizes {
        let started = Instant::now();
        let dir = tempfile::tempdir().unwrap();
        let store = Store {
            bin: bin.clone(),
            config: serve(dir.path(), feeds, items, hosts, latency),
            db: dir.path().join("growth.db").display().to_string(),
            articles: feeds * items,
        };
        let figures = measure_store(&store, runs, reader);
        for (row, value) in rows.iter_mut().zip(figures) {
            row.values.push(value);
        }
        eprintln!(
            "  {feeds}x{items}: measured in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    print_table(&sizes, &rows);
}
