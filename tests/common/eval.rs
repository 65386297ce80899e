//! Quality evaluations through the real pipeline: labelled items served as
//! feeds on 127.0.0.1 (one feed per outlet, one date for all, items
//! shuffled, links and guids opaque), `tidings refresh`, then
//! `tidings related --all` turned back into the corpus's ids for its scorer.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Route, TestServer};

/// One item of a labelled corpus.
pub struct Item {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub summary: Option<String>,
    /// Plain text, paragraphs separated by blank lines.
    pub text: Option<String>,
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A token that says nothing about the item (a keyed hash of its id).
pub fn opaque(id: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    ("tidings-eval-salt", id).hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The link an item gets: opaque, on a host that is never contacted.
pub fn link_of(id: &str) -> String {
    format!("https://eval.invalid/item/{}", opaque(id))
}

/// Deterministic shuffle (xorshift), so runs are repeatable.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

/// Plain text as HTML paragraphs.
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim())))
        .collect()
}

/// An RSS feed of one outlet's items: the summary as `description`, the
/// text as `content:encoded`, one fixed date.
pub fn rss(outlet: &str, items: &[&Item]) -> String {
    let mut rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>{}</title>",
        escape(outlet)
    );
    for item in items {
        let link = link_of(&item.id);
        rss.push_str(&format!(
            "<item><title>{}</title><link>{link}</link><guid isPermaLink=\"false\">{}</guid>\
             <pubDate>Tue, 11 Mar 2014 12:00:00 GMT</pubDate>",
            escape(&item.title),
            opaque(&item.id)
        ));
        if let Some(summary) = &item.summary {
            rss.push_str(&format!("<description>{}</description>", escape(summary)));
        }
        if let Some(text) = &item.text {
            rss.push_str(&format!(
                "<content:encoded>{}</content:encoded>",
                escape(&paragraphs(text))
            ));
        }
        rss.push_str("</item>");
    }
    rss.push_str("</channel></rss>");
    rss
}

/// A config and database in a temporary folder, with every outlet's feed
/// served by `server`.
pub struct Pipeline {
    pub work: tempfile::TempDir,
    config: PathBuf,
    db: PathBuf,
}

impl Pipeline {
    pub fn serve(server: &TestServer, items: &[Item]) -> Pipeline {
        let mut by_outlet: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        for item in items {
            by_outlet.entry(&item.outlet).or_default().push(item);
        }
        let mut config =
            String::from("[settings]\nconcurrency = 64\nper_host = 64\ntimeout_secs = 20\n");
        for (n, (outlet, items)) in by_outlet.iter_mut().enumerate() {
            shuffle(items, n as u64 + 7);
            let path = format!("/feed/{n}");
            server.route(&path, Route::ok("application/rss+xml", rss(outlet, items)));
            config.push_str(&format!(
                "\n[[feed]]\nname = {}\nurl = \"{}\"\n",
                toml::Value::String(outlet.to_string()),
                server.url(&path)
            ));
        }
        Pipeline::with_config(&config)
    }

    /// A pipeline on a config of the caller's making.
    pub fn with_config(config: &str) -> Pipeline {
        let work = tempfile::tempdir().unwrap();
        let config_path = work.path().join("config.toml");
        std::fs::write(&config_path, config).unwrap();
        let db = work.path().join("eval.db");
        Pipeline {
            work,
            config: config_path,
            db,
        }
    }

    /// Runs tidings with this config and database; its stdout.
    pub fn run(&self, args: &[&str]) -> Vec<u8> {
        let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--config")
            .arg(&self.config)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_slice(&self.run(args)).unwrap()
    }

    /// Refreshes and checks every item was stored.
    pub fn refresh(&self, expected: usize) {
        let refreshed = self.json(&["refresh", "--json"]);
        let stored: u64 = refreshed
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["new"].as_u64().unwrap())
            .sum();
        assert_eq!(stored as usize, expected, "every item stored: {refreshed}");
    }

    /// Database id -> corpus id, by link.
    pub fn corpus_ids(&self, items: &[Item]) -> HashMap<i64, String> {
        let by_link: HashMap<String, &str> = items
            .iter()
            .map(|i| (link_of(&i.id), i.id.as_str()))
            .collect();
        self.json(&["articles", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let link = a["link"].as_str().unwrap();
                (a["id"].as_i64().unwrap(), by_link[link].to_owned())
            })
            .collect()
    }

    /// `related --all`, as corpus ids: JSONL the corpus scorers read.
    pub fn predictions(&self, ids: &HashMap<i64, String>, limit: usize) -> String {
        let related = self.run(&["related", "--all", "--limit", &limit.to_string()]);
        let mut predictions = String::new();
        for line in String::from_utf8_lossy(&related).lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let list: Vec<&String> = v["related"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| &ids[&r.as_i64().unwrap()])
                .collect();
            let query = &ids[&v["id"].as_i64().unwrap()];
            predictions.push_str(&serde_json::json!({"id": query, "related": list}).to_string());
            predictions.push('\n');
        }
        predictions
    }
}

/// Runs a corpus's Python script; its stdout.
pub fn python(script: &Path, args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs the corpus scripts");
    assert!(
        out.status.success(),
        "{}: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// One figure of a scorer's JSON answer.
pub fn metric(scores: &serde_json::Value, name: &str) -> f64 {
    scores[name]
        .as_f64()
        .unwrap_or_else(|| panic!("{name} in {scores}"))
}

/// Prints each named figure of ours beside the baseline's.
pub fn print_beside(ours: &serde_json::Value, baseline: &serde_json::Value, names: &[&str]) {
    for name in names {
        eprintln!(
            "  {name:<8} tidings {:.4}   TF-IDF {:.4}",
            metric(ours, name),
            metric(baseline, name)
        );
    }
}
