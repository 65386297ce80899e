//! Where things live: the user's config file and the database, following
//! the XDG base directories (via `directories`), and the demo's throw-away
//! folder with the bundled feeds written out.

use std::path::{Path, PathBuf};

/// Bundled demo files: (path relative to the demo folder, contents).
const DEMO_FILES: &[(&str, &str)] = &[
    ("demo.toml", include_str!("../config/demo.toml")),
    (
        "demo/world-wire.xml",
        include_str!("../config/demo/world-wire.xml"),
    ),
    (
        "demo/daily-ledger.xml",
        include_str!("../config/demo/daily-ledger.xml"),
    ),
    (
        "demo/northern-post.rdf",
        include_str!("../config/demo/northern-post.rdf"),
    ),
    (
        "demo/circuit-review.atom",
        include_str!("../config/demo/circuit-review.atom"),
    ),
    (
        "demo/lab-notes.atom",
        include_str!("../config/demo/lab-notes.atom"),
    ),
    (
        "demo/open-bulletin.json",
        include_str!("../config/demo/open-bulletin.json"),
    ),
];

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "tidings")
}

/// `$XDG_CONFIG_HOME/tidings/config.toml` (whether or not it exists).
pub fn user_config_file() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// `$XDG_DATA_HOME/tidings/tidings.db`.
pub fn default_database() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().join("tidings.db"))
        .unwrap_or_else(|| PathBuf::from("tidings.db"))
}

/// Writes the bundled demo feeds to a folder in the temp directory and
/// returns the path of its config file. Files are rewritten only when they
/// differ, so repeated runs see unchanged feeds as "not modified".
pub fn prepare_demo() -> std::io::Result<PathBuf> {
    let user = std::env::var("USER").unwrap_or_else(|_| "user".to_owned());
    let user: String = user.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let root = std::env::temp_dir().join(format!("tidings-demo-{user}"));
    for (relative, contents) in DEMO_FILES {
        let path = root.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents) {
            // Write then rename, so a reader never sees half a file.
            let temp = path.with_extension(format!("tmp{}", std::process::id()));
            std::fs::write(&temp, contents)?;
            std::fs::rename(&temp, &path)?;
        }
    }
    Ok(root.join("demo.toml"))
}

/// The demo's database, beside its feeds.
pub fn demo_database(demo_config: &Path) -> PathBuf {
    demo_config
        .parent()
        .unwrap_or(Path::new("."))
        .join("demo.db")
}
