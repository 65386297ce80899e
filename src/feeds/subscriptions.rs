//! Subscription lists in and out: OPML and newsboat `urls` files are read
//! into feed entries, which are appended to the config file without losing
//! the user's comments; the feed list is written back out as OPML.

use std::path::Path;

use crate::config::{Config, FeedConfig};
use crate::text::sanitize::clean_line;

/// A feed found in an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFeed {
    pub url: String,
    pub name: Option<String>,
    pub tags: Vec<String>,
}

/// An entry that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub entry: String,
    pub reason: String,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportList {
    pub feeds: Vec<ImportedFeed>,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: not a valid OPML file: {message}")]
    Opml { path: String, message: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot update {path}: {message}")]
    Config { path: String, message: String },
}

/// OPML that cannot be read or written, in the opml crate's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OpmlError(pub String);

/// Reads an OPML file or a newsboat `urls` file (told apart by content).
pub fn read_subscriptions(path: &Path) -> Result<ImportList, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        parse_opml(text).map_err(|e| ImportError::Opml {
            path: path.display().to_string(),
            message: e.0,
        })
    } else {
        Ok(parse_newsboat_urls(text))
    }
}

/// OPML outlines with an `xmlUrl` are feeds; the titles of the folders
/// around them and their `category` attribute become tags.
pub fn parse_opml(text: &str) -> Result<ImportList, OpmlError> {
    let document = opml::OPML::from_str(text).map_err(|e| OpmlError(clean_line(&e.to_string())))?;
    let mut list = ImportList::default();
    for outline in &document.body.outlines {
        walk_outline(outline, &mut Vec::new(), &mut list);
    }
    Ok(list)
}

fn walk_outline(outline: &opml::Outline, folders: &mut Vec<String>, list: &mut ImportList) {
    let label = outline
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&outline.text);
    let label = clean_line(label);
    match outline.xml_url.as_deref().map(str::trim) {
        Some(url) if !url.is_empty() => {
            let mut tags = folders.clone();
            for category in outline.category.as_deref().unwrap_or("").split(',') {
                let tag = clean_line(category.trim().trim_start_matches('/'));
                if !tag.is_empty() && !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            let name = Some(label.clone()).filter(|l| !l.is_empty());
            accept(url, name, tags, url, list);
        }
        _ if !outline.outlines.is_empty() => {
            let pushed = !label.is_empty();
            if pushed {
                folders.push(label);
            }
            for child in &outline.outlines {
                walk_outline(child, folders, list);
            }
            if pushed {
                folders.pop();
            }
        }
        _ => list.skipped.push(Skipped {
            entry: if label.is_empty() {
                "(untitled outline)".to_owned()
            } else {
                label
            },
            reason: "outline has no xmlUrl".to_owned(),
        }),
    }
}

/// newsboat's `urls` format: one feed per line, `URL tag "tag two"
/// ~"Custom title" !` (hidden), `#` comments. `query:`, `exec:` and
/// `filter:` lines are newsboat-only and are listed as skipped.
pub fn parse_newsboat_urls(text: &str) -> ImportList {
    let mut list = ImportList::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(words) = shlex::split(line) else {
            list.skipped.push(Skipped {
                entry: clean_line(line),
                reason: "unbalanced quotes".to_owned(),
            });
            continue;
        };
        let Some((url, rest)) = words.split_first() else {
            continue;
        };
        let mut name = None;
        let mut tags = Vec::new();
        for word in rest {
            if word.starts_with('#') {
                break;
            }
            if let Some(title) = word.strip_prefix('~') {
                name = Some(clean_line(title)).filter(|t| !t.is_empty());
            } else if word.starts_with('!') {
                // newsboat's "hidden" marker has no meaning here.
            } else {
                let tag = clean_line(word);
                if !tag.is_empty() && !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        accept(url, name, tags, line, &mut list);
    }
    list
}

fn accept(url: &str, name: Option<String>, tags: Vec<String>, entry: &str, list: &mut ImportList) {
    let reason = match url::Url::parse(url) {
        Ok(parsed)
            if matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some() =>
        {
            list.feeds.push(ImportedFeed {
                url: parsed.to_string(),
                name,
                tags,
            });
            return;
        }
        Ok(parsed) => match parsed.scheme() {
            "query" => "newsboat query feeds are not supported".to_owned(),
            "exec" | "filter" => "feeds that run commands are never imported".to_owned(),
            scheme => format!("only http(s) feeds can be imported, not {scheme}:"),
        },
        Err(e) => format!("not a URL ({e})"),
    };
    list.skipped.push(Skipped {
        entry: clean_line(entry),
        reason,
    });
}

pub use super::config_file::{AddReport, add_to_config};

/// The config's feed list as OPML 2.0, in the form other readers import
/// (newsboat, FreshRSS, Miniflux, Feedly): a feed sits in an outline folder
/// named after its first tag; further tags go into `category` (which
/// `import` reads too), feeds without tags at the top level.
pub fn export_opml(config: &Config) -> Result<String, OpmlError> {
    let mut document = opml::OPML {
        version: "2.0".to_owned(),
        head: Some(opml::Head {
            title: Some("tidings subscriptions".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut folders: Vec<opml::Outline> = Vec::new();
    for feed in &config.feeds {
        let outline = outline_for(feed);
        let Some(folder) = feed.tags.first() else {
            document.body.outlines.push(outline);
            continue;
        };
        match folders.iter_mut().find(|f| &f.text == folder) {
            Some(existing) => existing.outlines.push(outline),
            None => folders.push(opml::Outline {
                text: folder.clone(),
                title: Some(folder.clone()),
                outlines: vec![outline],
                ..Default::default()
            }),
        }
    }
    document.body.outlines.extend(folders);
    document.to_string().map_err(|e| OpmlError(e.to_string()))
}

fn outline_for(feed: &FeedConfig) -> opml::Outline {
    let url = feed.url();
    let name = feed.name.clone().unwrap_or_else(|| url.clone());
    opml::Outline {
        text: name.clone(),
        title: Some(name),
        r#type: Some("rss".to_owned()),
        xml_url: Some(url),
        category: Some(
            feed.tags
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join(","),
        )
        .filter(|c| !c.is_empty()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newsboat_urls_keep_tags_and_titles_and_list_what_they_skip() {
        let text = "# my feeds\n\
                    https://a.org/rss news \"long tag\" ~\"A Title\"\n\
                    https://b.org/atom tech ! # trailing comment\n\
                    \"query:Unread:unread = \\\"yes\\\"\"\n\
                    \"exec:~/bin/script.sh\" private\n\
                    file:///etc/passwd\n\
                    https://c.org/feed \"unbalanced\n";
        let list = parse_newsboat_urls(text);
        assert_eq!(
            list.feeds,
            vec![
                ImportedFeed {
                    url: "https://a.org/rss".to_owned(),
                    name: Some("A Title".to_owned()),
                    tags: vec!["news".to_owned(), "long tag".to_owned()],
                },
                ImportedFeed {
                    url: "https://b.org/atom".to_owned(),
                    name: None,
                    tags: vec!["tech".to_owned()],
                },
            ]
        );
        let reasons: Vec<&str> = list.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(list.skipped.len(), 4, "{reasons:?}");
        assert!(reasons[0].contains("query"));
        assert!(reasons[1].contains("run commands"));
        assert!(reasons[2].contains("file:"));
        assert!(reasons[3].contains("quotes"));
    }

    #[test]
    fn opml_folders_become_tags() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head/><body>
            <outline text="Tech"><outline text="LWN" xmlUrl="https://lwn.net/headlines/rss" category="/linux"/></outline>
            <outline text="World" xmlUrl="https://w.org/rss"/>
            <outline text="Just a note"/>
            </body></opml>"#;
        let list = parse_opml(opml).unwrap();
        assert_eq!(list.feeds.len(), 2);
        assert_eq!(list.feeds[0].tags, vec!["Tech", "linux"]);
        assert_eq!(list.feeds[0].name.as_deref(), Some("LWN"));
        assert_eq!(list.skipped[0].reason, "outline has no xmlUrl");
    }

    #[test]
    fn adding_to_config_keeps_comments_and_skips_known_urls() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "# my settings\n[settings]\nconcurrency = 8 # fast\n\n[[feed]]\nurl = \"https://a.org/rss\"\n",
        )
        .unwrap();
        let feeds = vec![
            ImportedFeed {
                url: "https://a.org/rss".to_owned(),
                name: None,
                tags: vec![],
            },
            ImportedFeed {
                url: "https://b.org/rss".to_owned(),
                name: Some("B".to_owned()),
                tags: vec!["x".to_owned()],
            },
        ];
        let report = add_to_config(&path, &feeds, "").unwrap();
        assert_eq!(report.added, vec!["https://b.org/rss"]);
        assert_eq!(report.already_present, vec!["https://a.org/rss"]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# my settings\n[settings]\nconcurrency = 8 # fast\n"),
            "{text}"
        );
        let config = Config::load(&path).unwrap();
        assert_eq!(config.feeds.len(), 2);
        assert_eq!(config.feeds[1].tags, vec!["x"]);
    }
}
