//! Settings and the feed list: the embedded default, the user's file, and
//! error messages that name the file, line and key.
//!
//! Loading never touches the network or the database.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The default configuration, compiled into the binary so a fresh install
/// runs with no set-up.
mod source;
mod sync;
mod validate;
pub use source::{SourceError, parse_source};
pub use sync::{SyncConfig, SyncKind};
use validate::{invalid, nth_feed_url_offset, validate_settings};

pub const DEFAULT_CONFIG: &str = include_str!("../config/tidings.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {key}{message}")]
    Invalid {
        path: String,
        line: usize,
        key: String,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub concurrency: usize,
    pub per_host: usize,
    pub timeout_secs: u64,
    pub connect_timeout_secs: u64,
    pub max_feed_bytes: u64,
    pub max_page_bytes: u64,
    pub max_redirects: usize,
    pub user_agent: String,
    pub refresh_on_start: bool,
    pub browser: String,
    pub keymap: String,
    /// Feeds (names or URLs) whose new articles get their full text on refresh.
    pub full_text_feeds: Vec<String>,
    /// The reader refreshes on its own every so many minutes (0: only when
    /// asked); a feed's own `refresh_minutes` overrides it.
    pub refresh_minutes: f64,
    /// The article list starts with one row per story.
    pub story_view: bool,
    /// Panes once an article is open; the reader's `L` cycles and remembers.
    pub layout: crate::model::Layout,
    /// Run after a refresh that brought new articles: an argv template
    /// with `{count}`, `{titles}`, `{feeds}` (no shell).
    pub notify_command: Vec<String>,
    /// Show an open article's pictures, fetched when it is opened.
    pub images: bool,
    /// How pictures are drawn: "auto" (ask the terminal), "kitty",
    /// "sixel", "iterm2" or "halfblocks" (any terminal).
    pub image_protocol: String,
    /// Opens attachments (podcasts): "mpv %u" or the like; empty: the
    /// browser's way.
    pub player: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            // 64 halves the wait of a big refresh against 32 (500 feeds at
            // 100 ms: 1.65 s to 0.84 s when all answer 304) for about 10 MB
            // more at the peak; each host still sees at most `per_host`.
            concurrency: 64,
            per_host: 4,
            timeout_secs: 30,
            connect_timeout_secs: 10,
            max_feed_bytes: 10 * 1024 * 1024,
            max_page_bytes: 8 * 1024 * 1024,
            max_redirects: 5,
            user_agent: concat!("tidings/", env!("CARGO_PKG_VERSION")).to_owned(),
            refresh_on_start: true,
            browser: String::new(),
            keymap: String::new(),
            full_text_feeds: Vec::new(),
            refresh_minutes: 0.0,
            story_view: false,
            layout: crate::model::Layout::Three,
            notify_command: Vec::new(),
            images: true,
            image_protocol: "auto".to_owned(),
            player: String::new(),
        }
    }
}

/// One subscription as written in the config file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedEntry {
    #[serde(default)]
    pub name: Option<String>,
    pub url: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub refresh_minutes: Option<f64>,
    #[serde(default)]
    pub max_articles: Option<u32>,
    #[serde(default)]
    pub full_text: bool,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// A feed's own settings, beside its name, URL and tags.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedOptions {
    /// Refresh this feed on the reader's timer every so many minutes
    /// (instead of `[settings] refresh_minutes`).
    pub refresh_minutes: Option<f64>,
    /// Keep at most this many articles; older read, unstarred ones go.
    pub max_articles: Option<u32>,
    /// Fetch each new article's page on refresh (like `full_text_feeds`).
    pub full_text: bool,
    /// `false`: never refreshed (its stored articles stay readable).
    pub enabled: bool,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            refresh_minutes: None,
            max_articles: None,
            full_text: false,
            enabled: true,
        }
    }
}

/// Colours of the reader, by name ("cyan", "light blue", "#87afff", "none").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThemeConfig {
    pub accent: String,
    pub selected_fg: String,
    pub selected_bg: String,
    pub unread: String,
    pub read: String,
    pub error: String,
    pub link: String,
    pub heading: String,
    pub quote: String,
    pub code: String,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        let s = |v: &str| v.to_owned();
        ThemeConfig {
            accent: s("cyan"),
            selected_fg: s("black"),
            selected_bg: s("cyan"),
            unread: s("white"),
            read: s("gray"),
            error: s("red"),
            link: s("blue"),
            heading: s("yellow"),
            quote: s("gray"),
            code: s("green"),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    theme: ThemeConfig,
    #[serde(default)]
    feed: Vec<FeedEntry>,
    #[serde(default)]
    sync: Option<SyncConfig>,
}

/// Where a feed's bytes come from. Only the config file can name local
/// files; nothing inside a feed can turn into a `Local` source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeedSource {
    Http(url::Url),
    Local(PathBuf),
}

impl FeedSource {
    /// The stable key under which the feed is stored.
    pub fn key(&self) -> String {
        match self {
            FeedSource::Http(url) => url.to_string(),
            FeedSource::Local(path) => match url::Url::from_file_path(path) {
                Ok(url) => url.to_string(),
                Err(()) => path.display().to_string(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    pub name: Option<String>,
    pub source: FeedSource,
    pub tags: Vec<String>,
    pub options: FeedOptions,
}

impl FeedConfig {
    pub fn url(&self) -> String {
        self.source.key()
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub settings: Settings,
    pub theme: ThemeConfig,
    pub feeds: Vec<FeedConfig>,
    /// The feed server to sync with, if any.
    pub sync: Option<SyncConfig>,
    /// The file this came from; `None` for the embedded default.
    pub path: Option<PathBuf>,
}

impl Config {
    /// The folder the config's relative paths are resolved against (the
    /// file's own; the current folder for the embedded default).
    pub fn dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent().map(|d| d.to_path_buf()))
            .unwrap_or_default()
    }

    /// The embedded default configuration.
    pub fn embedded_default() -> Config {
        // The embedded file is tested (see tests below), so this cannot fail
        // for a released binary; fall back to no feeds rather than panic.
        Config::parse(DEFAULT_CONFIG, "<embedded default>", Path::new(".")).unwrap_or_else(|_| {
            Config {
                settings: Settings::default(),
                theme: ThemeConfig::default(),
                feeds: Vec::new(),
                sync: None,
                path: None,
            }
        })
    }

    /// Reads and validates a config file. Relative feed paths are resolved
    /// against the file's folder.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut config = Config::parse(&text, &path.display().to_string(), base)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses config text; `origin` names it in errors, `base` resolves
    /// relative feed paths.
    pub fn parse(text: &str, origin: &str, base: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let offset = err.span().map(|s| s.start).unwrap_or(0);
            invalid(text, origin, offset, err.message())
        })?;
        validate_settings(&raw.settings, text, origin)?;
        let mut feeds = Vec::with_capacity(raw.feed.len());
        for (index, entry) in raw.feed.into_iter().enumerate() {
            let source = parse_source(&entry.url, base).map_err(|e| {
                let offset = nth_feed_url_offset(text, index);
                invalid(text, origin, offset, &e.to_string())
            })?;
            let name = entry
                .name
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty());
            feeds.push(FeedConfig {
                name,
                source,
                tags: entry.tags,
                options: FeedOptions {
                    refresh_minutes: entry.refresh_minutes.filter(|m| *m > 0.0),
                    max_articles: entry.max_articles,
                    full_text: entry.full_text,
                    enabled: entry.enabled,
                },
            });
        }
        Ok(Config {
            settings: raw.settings,
            theme: raw.theme,
            feeds,
            sync: raw.sync,
            path: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_parses_with_real_feeds() {
        let config = Config::parse(DEFAULT_CONFIG, "default", Path::new(".")).unwrap();
        assert!(
            (15..=25).contains(&config.feeds.len()),
            "{}",
            config.feeds.len()
        );
        assert!(
            config
                .feeds
                .iter()
                .all(|f| matches!(f.source, FeedSource::Http(_)))
        );
        assert_eq!(config.settings, Settings::default());
        assert_eq!(config.theme, ThemeConfig::default());
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let text = "[settings]\nconcurrency = 4\nconcurency = 5\n";
        let err = Config::parse(text, "my.toml", Path::new(".")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("my.toml:3: key 'concurency':"), "{msg}");
    }

    #[test]
    fn wrong_type_names_the_key() {
        let text = "[settings]\ntimeout_secs = \"soon\"\n";
        let msg = Config::parse(text, "c.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("c.toml:2: key 'timeout_secs':"), "{msg}");
    }

    #[test]
    fn zero_concurrency_is_rejected() {
        let text = "[settings]\nconcurrency = 0\n";
        let msg = Config::parse(text, "c.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains(":2: key 'concurrency': must be at least 1"),
            "{msg}"
        );
    }

    #[test]
    fn unsupported_scheme_is_rejected_on_its_line() {
        let text = "[[feed]]\nname = \"a\"\nurl = \"ftp://x.org/feed\"\n";
        let msg = Config::parse(text, "c.toml", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(msg.starts_with("c.toml:3: key 'url':"), "{msg}");
    }

    #[test]
    fn relative_paths_resolve_against_the_config_folder() {
        let text = "[[feed]]\nurl = \"demo/a.xml\"\n[[feed]]\nurl = \"file:///tmp/b.xml\"\n";
        let config = Config::parse(text, "c.toml", Path::new("/etc/tidings")).unwrap();
        assert_eq!(
            config.feeds[0].source,
            FeedSource::Local(PathBuf::from("/etc/tidings/demo/a.xml"))
        );
        assert_eq!(
            config.feeds[1].source,
            FeedSource::Local(PathBuf::from("/tmp/b.xml"))
        );
    }
}
