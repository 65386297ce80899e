//! What the sync tests share: running `tidings` against a config with a
//! `[sync]` section, and reading its JSON.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod proxy;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A config with a `[sync]` section (the password in a file beside it)
/// and a database, in a temporary folder.
pub struct Account {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub db: PathBuf,
}

impl Account {
    pub fn new(kind: &str, url: &str, username: &str, password: &str) -> Account {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("password"), format!("{password}\n")).unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[sync]\nkind = \"{kind}\"\nurl = \"{url}/\"\nusername = \"{username}\"\npassword_file = \"password\"\n"
            ),
        )
        .unwrap();
        let db = dir.path().join("t.db");
        Account { dir, config, db }
    }

    /// Runs tidings: (success, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        run(&self.config, &self.db, args)
    }

    /// `sync --json`, which must succeed.
    pub fn sync(&self) -> serde_json::Value {
        let (ok, out, err) = self.run(&["sync", "--json"]);
        let report: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
        assert!(ok, "{out}{err}");
        report
    }

    /// `articles --json`.
    pub fn articles(&self) -> Vec<serde_json::Value> {
        let (ok, out, err) = self.run(&["articles", "--json"]);
        assert!(ok, "{err}");
        serde_json::from_str(&out).unwrap()
    }

    /// `mark IDS... FLAG`, which must succeed.
    pub fn mark(&self, ids: &[String], flag: &str) -> String {
        let mut args = vec!["mark"];
        args.extend(ids.iter().map(String::as_str));
        args.push(flag);
        let (ok, out, err) = self.run(&args);
        assert!(ok, "{err}");
        out
    }

    /// Whether the database file (and its WAL) holds `secret` anywhere.
    pub fn db_holds(&self, secret: &str) -> bool {
        let needle = secret.as_bytes();
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("t.db"))
            .any(|e| {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                bytes.windows(needle.len()).any(|w| w == needle)
            })
    }
}

pub fn run(config: &Path, db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
