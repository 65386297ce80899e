//! `tidings feeds` and `tidings articles`: the feed and article lists, as
//! aligned text or JSON.

use anyhow::{Result, anyhow, bail};
use serde::Serialize;

use super::output::{print, print_json, print_json_seq, truncate};
use crate::library::Library;
use crate::library::store::Store;
use crate::model::{ArticleSummary, FeedId, Filter, RefreshStatus};
use crate::text::sanitize::clean_line;
use crate::text::timefmt;

/// One feed in `tidings feeds --json`.
#[derive(Serialize)]
struct FeedJson {
    name: String,
    url: String,
    tags: Vec<String>,
    total: u64,
    unread: u64,
    last_status: Option<String>,
    last_error: Option<String>,
    last_error_detail: Option<String>,
    /// Where the feed comes from: "config" or "sync".
    source: &'static str,
}

/// Lists the feeds with their unread and total counts and last error.
pub(super) fn feeds(store: &Store, json: bool) -> Result<()> {
    let feeds = store.feeds()?;
    if json {
        let rows: Vec<FeedJson> = feeds
            .into_iter()
            .map(|f| FeedJson {
                name: clean_line(&f.name),
                url: clean_line(&f.url),
                tags: f.tags.iter().map(|t| clean_line(t)).collect(),
                total: f.total,
                unread: f.unread,
                last_status: f.last_status.map(|s| s.as_str().to_owned()),
                last_error: f.last_error.map(|e| clean_line(&e)),
                last_error_detail: f.last_error_detail.map(|e| clean_line(&e)),
                source: if f.synced { "sync" } else { "config" },
            })
            .collect();
        return print_json(&rows);
    }
    let mut text = String::new();
    for feed in feeds {
        let marker = if feed.last_status == Some(RefreshStatus::Error) {
            "!"
        } else {
            " "
        };
        text.push_str(&format!(
            "{marker} {:>5}/{:<5} {}",
            feed.unread,
            feed.total,
            clean_line(&feed.name)
        ));
        if feed.synced {
            text.push_str("  (sync)");
        }
        if let Some(error) = feed.last_error {
            text.push_str(&format!("  [{}]", clean_line(&error)));
        }
        text.push('\n');
    }
    print(&text)
}

/// The feed a name (any case) or URL names.
/// The feed `--feed` names, if any.
pub(super) fn feed_named(store: &Store, name: Option<&str>) -> Result<Option<FeedId>> {
    name.map(|name| find_feed(store, name)).transpose()
}

pub(super) fn find_feed(store: &Store, name: &str) -> Result<FeedId> {
    let feeds = store.feeds()?;
    feeds
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name) || f.url == name)
        .map(|f| f.id)
        .ok_or_else(|| anyhow!("no feed named '{}' (see `tidings feeds`)", clean_line(name)))
}

/// One article in `tidings articles --json`.
#[derive(Serialize)]
struct ArticleJson {
    id: i64,
    feed: String,
    title: String,
    link: Option<String>,
    published: Option<String>,
    read: bool,
    starred: bool,
    topics: Vec<String>,
    /// The story's id, null for an article no other covers.
    story: Option<i64>,
}

impl From<ArticleSummary> for ArticleJson {
    fn from(a: ArticleSummary) -> Self {
        ArticleJson {
            id: a.id,
            feed: clean_line(&a.feed),
            title: clean_line(&a.title),
            link: a.link.map(|l| clean_line(&l)),
            published: a.published.and_then(timefmt::rfc3339),
            read: a.read,
            starred: a.starred,
            topics: a.categories.iter().map(|c| clean_line(c)).collect(),
            story: a.story,
        }
    }
}

/// Lists the articles a filter selects, newest first.
pub(super) fn articles(
    library: &mut Library,
    filter: &Filter,
    limit: Option<u64>,
    json: bool,
) -> Result<()> {
    let listing = library.articles(filter, limit)?;
    if listing.unknown_topic {
        let topic = filter.topic.as_deref().unwrap_or_default();
        bail!("no topic '{}' (see `tidings topics`)", clean_line(topic));
    }
    let rows = listing.articles;
    if json {
        // Rows are turned into JSON one at a time as they are written.
        let mut failed = None;
        let rows = rows.into_iter().map(|a| {
            let topics = library.topics_of(a.id, 8).unwrap_or_else(|e| {
                failed.get_or_insert(e);
                Vec::new()
            });
            let mut json = ArticleJson::from(a);
            json.topics = topics.iter().map(|t| clean_line(t)).collect();
            json
        });
        print_json_seq(rows)?;
        return failed.map_or(Ok(()), |e| Err(e.into()));
    }
    let mut text = String::new();
    for a in rows {
        let flags = format!(
            "{}{}",
            if a.read { ' ' } else { 'N' },
            if a.starred { '*' } else { ' ' }
        );
        let date = a.published.map(timefmt::short_date).unwrap_or_default();
        text.push_str(&format!(
            "{:>6} {flags} {:<10} {:<20} {}\n",
            a.id,
            date,
            truncate(&clean_line(&a.feed), 20),
            clean_line(&a.title)
        ));
    }
    print(&text)
}
