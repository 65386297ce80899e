//! The story view in the real reader, in tmux, on the bundled demo feeds:
//! `S` folds the list to one row per story with its sources, `x` unfolds a
//! story under its lead, `Enter` opens the lead, `M` marks the story read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::tmux::{Tmux, skipped};

/// The list pane's rows that stand for a story of several articles
/// ("Nov 22 +3 Title"): the count of other articles after the date.
fn story_rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .filter(|l| {
            l.split_whitespace().any(|w| {
                w.len() >= 2 && w.starts_with('+') && w[1..].bytes().all(|b| b.is_ascii_digit())
            })
        })
        .collect()
}

#[test]
fn the_story_view_folds_unfolds_and_opens_stories() {
    if skipped() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("demo.db");
    let bin = env!("CARGO_BIN_EXE_tidings");
    // Refreshed and indexed ahead, so the stories are there at start.
    let db_arg = db.display().to_string();
    for args in [&["refresh"][..], &["stories"][..]] {
        let status = Command::new(bin)
            .args(["--demo", "--db", &db_arg])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success());
    }
    let tmux = Tmux::new("stories");
    tmux.launch(&format!("{bin} --demo --db {db_arg}"), 140, 40);
    let articles = tmux.wait_for("the article list", |s| s.contains(" Articles 1/"));
    assert!(story_rows(&articles).is_empty(), "{articles}");

    tmux.keys(&["S"]);
    let folded = tmux.wait_for("one row per story", |s| s.contains(" Stories 1/"));
    let rows = story_rows(&folded);
    assert!(rows.len() >= 5, "{folded}");
    assert!(rows.iter().any(|r| r.contains(" +3 ")), "{folded}");

    // Move to the first story row and unfold it: its articles follow it.
    let list: Vec<&str> = folded
        .lines()
        .skip_while(|l| !l.contains(" Stories 1/"))
        .skip(2) // the border, then the line that names the columns
        .collect();
    let first = list.iter().position(|l| !story_rows(l).is_empty()).unwrap();
    for _ in 0..first {
        tmux.keys(&["j"]);
    }
    tmux.wait_for("the story row selected", |s| {
        s.contains(&format!(" Stories {}/", first + 1))
    });
    tmux.keys(&["x"]);
    let unfolded = tmux.wait_for("the story unfolded", |s| s.contains('\u{21b3}'));
    let members = unfolded.lines().filter(|l| l.contains('\u{21b3}')).count();
    assert!(members >= 1, "{unfolded}");
    tmux.keys(&["x"]);
    tmux.wait_for("the story folded again", |s| !s.contains('\u{21b3}'));

    // Enter opens the lead article, which names the other outlets.
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reader", |s| s.contains("Also covered by"));
    // M marks the whole story read.
    tmux.keys(&["M"]);
    tmux.wait_for("the story marked read", |s| {
        s.contains("articles of this story read")
    });
    // Esc and S apart: together they read as Alt-S.
    tmux.keys(&["Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    tmux.keys(&["S"]);
    tmux.wait_for("one row per article", |s| s.contains(" Articles "));
    tmux.keys(&["q"]);
}
