//! The config file's feed list, edited in place: feeds appended (by
//! `import`, `add` and the reader's `a`), removed, renamed and tagged (from
//! the reader's feed list). The user's comments and layout are kept
//! (toml_edit), and the file is replaced whole by a rename, so a crash
//! leaves the old file or the new one.

use std::path::Path;

use super::subscriptions::{ImportError, ImportedFeed};
use crate::config::parse_source;
pub use crate::model::FeedEdit;

/// What adding feeds to the config did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AddReport {
    pub added: Vec<String>,
    pub already_present: Vec<String>,
}

/// Appends feeds to the config file at `path`, keeping its comments and
/// layout. A missing file is created from `template` with its feed list
/// removed, so the user's imported list replaces the default one.
pub fn add_to_config(
    path: &Path,
    feeds: &[ImportedFeed],
    template: &str,
) -> Result<AddReport, ImportError> {
    let config_error = |message: String| ImportError::Config {
        path: path.display().to_string(),
        message,
    };
    let (text, fresh) = match std::fs::read_to_string(path) {
        Ok(text) => (text, false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (template.to_owned(), true),
        Err(source) => {
            return Err(ImportError::Read {
                path: path.display().to_string(),
                source,
            });
        }
    };
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| config_error(e.to_string()))?;
    if fresh {
        document.remove("feed");
    }
    let mut known: Vec<String> = document
        .get("feed")
        .and_then(|f| f.as_array_of_tables())
        .map(|tables| {
            tables
                .iter()
                .filter_map(|t| t.get("url").and_then(|u| u.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let mut report = AddReport::default();
    let mut new_tables = Vec::new();
    for feed in feeds {
        if known.contains(&feed.url) {
            report.already_present.push(feed.url.clone());
            continue;
        }
        known.push(feed.url.clone());
        let mut table = toml_edit::Table::new();
        if let Some(name) = &feed.name {
            table["name"] = toml_edit::value(name.as_str());
        }
        table["url"] = toml_edit::value(feed.url.as_str());
        if !feed.tags.is_empty() {
            let tags: toml_edit::Array = feed.tags.iter().map(String::as_str).collect();
            table["tags"] = toml_edit::value(tags);
        }
        new_tables.push(table);
        report.added.push(feed.url.clone());
    }
    if new_tables.is_empty() && !fresh {
        return Ok(report);
    }
    if document.get("feed").is_none() {
        document.insert("feed", toml_edit::Item::ArrayOfTables(Default::default()));
    }
    let array = document
        .get_mut("feed")
        .and_then(|f| f.as_array_of_tables_mut())
        .ok_or_else(|| config_error("'feed' is not a list of [[feed]] tables".to_owned()))?;
    for table in new_tables {
        array.push(table);
    }
    write_whole(path, &document.to_string()).map_err(config_error)?;
    Ok(report)
}

/// Writes `template` (the default config, with its feed list) to `path`
/// when there is no file yet, so that adding one feed to the default list
/// keeps the others.
pub fn ensure_config_file(path: &Path, template: &str) -> Result<(), ImportError> {
    if path.exists() {
        return Ok(());
    }
    write_whole(path, template).map_err(|message| ImportError::Config {
        path: path.display().to_string(),
        message,
    })
}

/// Applies `edit` to the `[[feed]]` whose URL is `key` (a stored feed's
/// key: the URL as tidings writes it, or a local file's URL). Returns
/// false when no feed of the file has that key.
pub fn edit_feed(path: &Path, key: &str, edit: &FeedEdit) -> Result<bool, ImportError> {
    let config_error = |message: String| ImportError::Config {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| config_error(e.to_string()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let Some(feeds) = document
        .get_mut("feed")
        .and_then(|f| f.as_array_of_tables_mut())
    else {
        return Ok(false);
    };
    let matches = |table: &toml_edit::Table| {
        table
            .get("url")
            .and_then(|u| u.as_str())
            .and_then(|u| parse_source(u, base).ok())
            .is_some_and(|source| source.key() == key)
    };
    let Some(index) = feeds.iter().position(matches) else {
        return Ok(false);
    };
    match edit {
        FeedEdit::Remove => {
            feeds.remove(index);
        }
        FeedEdit::Rename(name) => {
            if let Some(table) = feeds.get_mut(index) {
                table["name"] = toml_edit::value(name.as_str());
            }
        }
        FeedEdit::Tags(tags) => {
            if let Some(table) = feeds.get_mut(index) {
                if tags.is_empty() {
                    table.remove("tags");
                } else {
                    let tags: toml_edit::Array = tags.iter().map(String::as_str).collect();
                    table["tags"] = toml_edit::value(tags);
                }
            }
        }
    }
    write_whole(path, &document.to_string()).map_err(config_error)?;
    Ok(true)
}

/// Writes `text` to a temporary file beside `path` and renames it over.
fn write_whole(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let temp = path.with_extension("toml.tmp");
    std::fs::write(&temp, text).map_err(|e| e.to_string())?;
    std::fs::rename(&temp, path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "# mine\n[settings]\n\n# the first\n[[feed]]\nname = \"A\"\n\
        url = \"https://a.example.org/rss\"\ntags = [\"x\"]\n\n\
        [[feed]]\nurl = \"https://b.example.org/rss\" # keep me\n";

    #[test]
    fn feeds_are_renamed_tagged_and_removed_with_comments_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, CONFIG).unwrap();
        let b = "https://b.example.org/rss";
        assert!(edit_feed(&path, b, &FeedEdit::Rename("Bee".into())).unwrap());
        assert!(edit_feed(&path, b, &FeedEdit::Tags(vec!["y".into(), "z".into()])).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("# keep me") && text.contains("# the first"),
            "{text}"
        );
        assert!(text.contains("name = \"Bee\""), "{text}");
        assert!(text.contains("tags = [\"y\", \"z\"]"), "{text}");
        assert!(edit_feed(&path, "https://a.example.org/rss", &FeedEdit::Remove).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("a.example.org"), "{text}");
        assert!(text.starts_with("# mine"), "{text}");
        assert!(!edit_feed(&path, "https://gone.example.org/", &FeedEdit::Remove).unwrap());
        crate::config::Config::load(&path).unwrap();
    }
}
