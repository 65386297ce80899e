//! Extraction time per page over the shared benchmark's pages (release).
//! cargo bench --bench extract
//! Prints the median and 90th percentile of `extract::extract` per page,
//! and of the whole pipeline including decoding.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let root = std::env::var_os("TIDINGS_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let dir = root.join("extraction/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: corpora not found (set TIDINGS_CORPORA)");
        return;
    };
    let mut pages: Vec<Vec<u8>> = Vec::new();
    for entry in entries.flatten() {
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(entry.path()).unwrap())
            .read_to_end(&mut html)
            .unwrap();
        pages.push(html);
    }
    let mut times: Vec<Duration> = Vec::new();
    for bytes in &pages {
        // Best of three, so a busy machine does not decide the figure.
        let best = (0..3)
            .map(|_| {
                let started = Instant::now();
                let html = tidings::text::extract::decode_page(bytes, None);
                let _ = tidings::text::extract::extract(&html, Some("https://example.org/a"));
                started.elapsed()
            })
            .min()
            .unwrap();
        times.push(best);
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "extraction over {} pages: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        times.len(),
        at(0.5).as_secs_f64() * 1000.0,
        at(0.9).as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}
