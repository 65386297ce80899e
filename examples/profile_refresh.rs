//! Where a cold refresh spends its time, stage by stage, on generated feeds.
//! cargo run --release --example profile_refresh [-- FEEDS ITEMS]
//! (PROFILE_DB=path keeps the database; PROFILE_NO_INDEX=1 leaves it
//! unindexed, as a refresh does)
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (feeds, items) = (
        args.first().copied().unwrap_or(200),
        args.get(1).copied().unwrap_or(50),
    );
    let bodies: Vec<(String, String)> = (0..feeds)
        .map(|f| corpus::generate_feed(f, items))
        .collect();
    let t = Instant::now();
    for (_, b) in &bodies {
        std::hint::black_box(feed_rs::parser::parse(b.as_bytes()).unwrap());
    }
    println!("feed-rs alone: {:.2}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let parsed: Vec<_> = bodies
        .iter()
        .map(|(ct, b)| tidings::feeds::parse::parse_feed(b.as_bytes(), Some(ct), None).unwrap())
        .collect();
    let parse = t.elapsed();
    let dir = tempfile::tempdir().unwrap();
    // PROFILE_DB keeps the database (and a config listing its feeds) for
    // measuring other commands on it.
    let db = std::env::var("PROFILE_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("p.db"));
    let mut store = tidings::library::store::Store::open(&db).unwrap();
    let configs: Vec<tidings::config::FeedConfig> = (0..feeds)
        .map(|f| tidings::config::FeedConfig {
            name: None,
            source: tidings::config::FeedSource::Http(
                url::Url::parse(&format!("http://127.0.0.1/{f}")).unwrap(),
            ),
            tags: vec![],
            options: Default::default(),
        })
        .collect();
    let ids = store.sync_feeds(&configs).unwrap();
    let config_text: String = (0..feeds)
        .map(|f| format!("[[feed]]\nurl = \"http://127.0.0.1/{f}\"\n"))
        .collect();
    std::fs::write(db.with_extension("toml"), config_text).unwrap();
    // The same feeds as files, for profiling `tidings refresh` itself
    // without a server: `--config <db>.files.toml`.
    let files = db.with_extension("feeds");
    std::fs::create_dir_all(&files).unwrap();
    let mut files_config = String::new();
    for (f, (_, body)) in bodies.iter().enumerate() {
        let path = files.join(format!("{f}.xml"));
        std::fs::write(&path, body).unwrap();
        files_config.push_str(&format!("[[feed]]\nurl = \"{}\"\n", path.display()));
    }
    std::fs::write(db.with_extension("files.toml"), files_config).unwrap();
    let t = Instant::now();
    // Feeds per transaction; a refresh stores the feeds waiting together.
    let batch: usize = std::env::var("BATCH")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(32);
    let validators = Default::default();
    let all: Vec<_> = ids
        .iter()
        .zip(&parsed)
        .map(|(id, feed)| (*id, feed, &[][..], &validators))
        .collect();
    for chunk in all.chunks(batch) {
        store.store_feeds(chunk, 1).unwrap();
    }
    let storing = t.elapsed();
    if std::env::var_os("PROFILE_NO_INDEX").is_some() {
        println!("{feeds}x{items}: parse {parse:.2?}, store {storing:.2?}; left unindexed");
        return;
    }
    let t = Instant::now();
    tidings::library::indexer::index_pending(&mut store, |_, _| {}).unwrap();
    let indexing = t.elapsed();
    let t = Instant::now();
    let index = store.load_topic_index().unwrap();
    let load = t.elapsed();
    println!(
        "{feeds}x{items}: parse {:.2}s, store {:.2}s, index (search + topics) {:.2}s, load topic index {:.2}s ({} articles)",
        parse.as_secs_f64(),
        storing.as_secs_f64(),
        indexing.as_secs_f64(),
        load.as_secs_f64(),
        index.len()
    );
}
