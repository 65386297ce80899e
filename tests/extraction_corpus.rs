//! Article extraction quality on the shared benchmark: every page of the
//! Zyte article-extraction benchmark (181) and the Mozilla subset (50) goes
//! through `tidings extract --plain FILE`, and the corpus's own scorer
//! grades the text. Skipped with a note when the corpus is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    common::corpora("extraction", "score_extraction.py")
}

/// Extracts every page of `html_dir` into `out`, returns the scorer's JSON.
fn score(dir: &Path, html_dir: &Path, truth: &Path, work: &Path, name: &str) -> serde_json::Value {
    let pages = work.join(format!("{name}-pages"));
    let out = work.join(format!("{name}-out"));
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let truth_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(truth).unwrap()).unwrap();
    for id in truth_json.as_object().unwrap().keys() {
        let gz = html_dir.join(format!("{id}.html.gz"));
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap())
            .read_to_end(&mut html)
            .unwrap();
        let page = pages.join(format!("{id}.html"));
        std::fs::write(&page, html).unwrap();
        let result = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args(["extract", "--plain"])
            .arg(&page)
            .output()
            .unwrap();
        // A page with no article is an empty answer, scored as such.
        std::fs::write(out.join(format!("{id}.txt")), &result.stdout).unwrap();
    }
    let scored = Command::new("python3")
        .arg(dir.join("score_extraction.py"))
        .arg(&out)
        .args([
            "--truth",
            truth.to_str().unwrap(),
            "--n-bootstrap",
            "0",
            "--json",
        ])
        .arg("--per-page")
        .arg(work.join(format!("{name}-pages.tsv")))
        .output()
        .expect("python3 runs the scorer");
    assert!(
        scored.status.success(),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    serde_json::from_slice(&scored.stdout).unwrap()
}

#[test]
fn extraction_scores_above_the_bar_on_both_benchmarks() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: corpora not found (set TIDINGS_CORPORA)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let zyte = score(
        &dir,
        &dir.join("html"),
        &dir.join("ground-truth.json"),
        work.path(),
        "zyte",
    );
    let mozilla_dir = dir.join("mozilla-test-pages");
    let mozilla = score(
        &dir,
        &mozilla_dir.join("html"),
        &mozilla_dir.join("ground-truth.json"),
        work.path(),
        "mozilla",
    );
    eprintln!("extraction, Zyte benchmark: {zyte}");
    eprintln!("extraction, Mozilla subset: {mozilla}");
    let f1 = |v: &serde_json::Value| v["f1"].as_f64().unwrap_or_else(|| panic!("f1 in {v}"));
    assert!(f1(&zyte) >= 0.95, "Zyte F1 {}", f1(&zyte));
    assert!(f1(&mozilla) >= 0.95, "Mozilla F1 {}", f1(&mozilla));
}
