//! OPML that other readers understand: tidings exports tags as folders,
//! newsboat (when installed; CI installs it) imports them as tags, and
//! tidings reads newsboat's list back with every tag. Skipped with a note
//! where newsboat is absent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn tidings(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--db", dir.join("t.db").to_str().unwrap()])
        .args(["--config", dir.join("config.toml").to_str().unwrap()])
        .args(args)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const CONFIG: &str = r#"[settings]
refresh_on_start = false

[[feed]]
name = "LWN"
url = "https://lwn.net/headlines/rss"
tags = ["tech", "linux"]

[[feed]]
name = "BBC World"
url = "https://feeds.bbci.co.uk/news/world/rss.xml"
tags = ["news"]

[[feed]]
name = "Ars"
url = "https://ars.example.org/rss"
tags = ["tech"]

[[feed]]
name = "Untagged"
url = "https://plain.example.org/feed"
"#;

#[test]
fn export_writes_tags_as_folders_that_import_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let opml = String::from_utf8(tidings(dir.path(), &["export"]).stdout).unwrap();
    let document = opml::OPML::from_str(&opml).unwrap();
    let tech = document
        .body
        .outlines
        .iter()
        .find(|o| o.text == "tech")
        .expect("a folder per first tag");
    assert_eq!(tech.xml_url, None);
    let inside: Vec<&str> = tech.outlines.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(inside, ["LWN", "Ars"]);
    assert_eq!(tech.outlines[0].category.as_deref(), Some("linux"));
    assert!(
        document
            .body
            .outlines
            .iter()
            .any(|o| o.text == "Untagged" && o.xml_url.is_some()),
        "feeds without tags stay at the top:\n{opml}"
    );
    let again = tidings::feeds::subscriptions::parse_opml(&opml).unwrap();
    let tags: Vec<(&str, Vec<String>)> = again
        .feeds
        .iter()
        .map(|f| (f.name.as_deref().unwrap(), f.tags.clone()))
        .collect();
    assert!(
        tags.contains(&("LWN", vec!["tech".into(), "linux".into()])),
        "{tags:?}"
    );
    assert!(
        tags.contains(&("BBC World", vec!["news".into()])),
        "{tags:?}"
    );
    assert!(tags.contains(&("Untagged", vec![])), "{tags:?}");
}

#[test]
fn tags_survive_tidings_to_newsboat_and_back() {
    if Command::new("newsboat").arg("--version").output().is_err() {
        println!("skipped: newsboat not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let opml = tidings(dir.path(), &["export"]).stdout;
    let nb = dir.path().join("newsboat");
    std::fs::create_dir_all(&nb).unwrap();
    std::fs::write(nb.join("subs.opml"), opml).unwrap();
    std::fs::write(nb.join("urls"), "").unwrap();
    std::fs::write(nb.join("config"), "").unwrap();
    let status = Command::new("newsboat")
        .current_dir(&nb)
        .args([
            "-u",
            "urls",
            "-c",
            "cache.db",
            "-C",
            "config",
            "-i",
            "subs.opml",
        ])
        .env("HOME", &nb)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let urls = std::fs::read_to_string(nb.join("urls")).unwrap();
    assert!(
        urls.contains("https://ars.example.org/rss \"tech\""),
        "{urls}"
    );
    assert!(urls.contains("\"news\""), "{urls}");

    // Back into a fresh tidings config: every feed, every folder tag.
    let back = tempfile::tempdir().unwrap();
    std::fs::write(back.path().join("config.toml"), "[settings]\n").unwrap();
    let urls_path = nb.join("urls");
    tidings(back.path(), &["import", urls_path.to_str().unwrap()]);
    let config = std::fs::read_to_string(back.path().join("config.toml")).unwrap();
    let parsed: toml::Value = toml::from_str(&config).unwrap();
    let feeds = parsed["feed"].as_array().unwrap();
    assert_eq!(feeds.len(), 4, "{config}");
    let tagged = feeds
        .iter()
        .filter(|f| {
            f.get("tags")
                .and_then(|t| t.as_array())
                .is_some_and(|t| !t.is_empty())
        })
        .count();
    assert_eq!(tagged, 3, "{config}");
}
