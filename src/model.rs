//! Plain domain types shared by the layers: feeds, articles, refresh reports.
//!
//! No I/O and no behaviour beyond small conversions live here.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub type FeedId = i64;
pub type ArticleId = i64;

/// A feed as parsed from the network, before it is stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub site_link: Option<String>,
    pub articles: Vec<NewArticle>,
}

/// One article from a parsed feed. Every text field is already sanitised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewArticle {
    /// Identity within its feed: `guid:…`, else `link:…`, else `hash:…`.
    pub key: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub title: String,
    pub author: Option<String>,
    /// Unix seconds; `None` when the feed gave no usable date.
    pub published: Option<i64>,
    /// HTML of the feed's summary, when it had one.
    pub summary: Option<String>,
    /// The best HTML body the feed carried (content, else summary).
    pub content: Option<String>,
    pub categories: Vec<String>,
    /// Podcasts and other attached media.
    pub enclosures: Vec<Enclosure>,
}

/// A file attached to an article (a podcast episode, a video, a PDF).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    /// Its MIME type, when the feed says ("audio/mpeg").
    pub mime: Option<String>,
    /// Its size in bytes, when the feed says.
    pub length: Option<u64>,
}

impl Enclosure {
    /// One stored line: URL, type and size, tab-separated.
    pub fn to_line(&self) -> String {
        format!(
            "{}\t{}\t{}",
            self.url,
            self.mime.as_deref().unwrap_or(""),
            self.length.map(|l| l.to_string()).unwrap_or_default()
        )
    }

    /// Reads [`Enclosure::to_line`]'s lines back.
    pub fn from_lines(text: &str) -> Vec<Enclosure> {
        text.lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let url = fields.next().filter(|u| !u.is_empty())?.to_owned();
                let mime = fields.next().filter(|m| !m.is_empty()).map(str::to_owned);
                let length = fields.next().and_then(|l| l.parse().ok());
                Some(Enclosure { url, mime, length })
            })
            .collect()
    }
}

/// What a feed's last successful fetch told us (HTTP validators), sent
/// back on the next one for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// How long the server says the feed stays fresh (Cache-Control
    /// max-age, seconds): the reader's timer does not ask sooner.
    pub max_age: Option<u64>,
}

/// A row of the article list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub feed_id: FeedId,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub published: Option<i64>,
    pub read: bool,
    pub starred: bool,
    pub categories: Vec<String>,
    /// The story it belongs to, when other articles cover the same event.
    pub story: Option<i64>,
}

/// A row of the reader's article list: only what the list shows and acts
/// on, about half an [`ArticleSummary`] (a feed's rows share its name;
/// categories are read when the article is opened). Tens of thousands of
/// them stay in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    pub id: ArticleId,
    pub feed_id: FeedId,
    pub published: Option<i64>,
    /// The story it belongs to, when other articles cover the same event.
    pub story: Option<i64>,
    pub feed: Arc<str>,
    pub title: Box<str>,
    pub link: Option<Box<str>>,
    pub read: bool,
    pub starred: bool,
}

impl ListRow {
    /// The row of `summary`, its feed's name shared through `names`.
    pub fn shared(summary: ArticleSummary, names: &mut HashMap<FeedId, Arc<str>>) -> ListRow {
        let feed = match names.get(&summary.feed_id) {
            Some(name) if **name == *summary.feed => name.clone(),
            _ => {
                let name: Arc<str> = summary.feed.into();
                names.insert(summary.feed_id, name.clone());
                name
            }
        };
        ListRow {
            id: summary.id,
            feed_id: summary.feed_id,
            published: summary.published,
            story: summary.story,
            feed,
            title: summary.title.into_boxed_str(),
            link: summary.link.map(String::into_boxed_str),
            read: summary.read,
            starred: summary.starred,
        }
    }
}

#[cfg(test)]
impl ListRow {
    /// The summary this row stands for (no categories), for tests.
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id,
            feed_id: self.feed_id,
            feed: self.feed.to_string(),
            title: self.title.to_string(),
            link: self.link.as_deref().map(str::to_owned),
            published: self.published,
            read: self.read,
            starred: self.starred,
            categories: Vec::new(),
            story: self.story,
        }
    }
}

impl From<ArticleSummary> for ListRow {
    fn from(summary: ArticleSummary) -> ListRow {
        ListRow::shared(summary, &mut HashMap::new())
    }
}

/// Everything needed to show one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleDetail {
    pub summary: ArticleSummary,
    pub guid: Option<String>,
    pub author: Option<String>,
    pub content: Option<String>,
    /// The article's page, extracted, when it has been fetched.
    pub full: Option<FullText>,
    /// Podcasts and other attached media.
    pub enclosures: Vec<Enclosure>,
}

/// An article's full text, extracted from its web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    pub html: String,
    pub byline: Option<String>,
    pub site: Option<String>,
    /// The page's lead image URL (a link; fetched only to be shown).
    pub image: Option<String>,
    /// The page's language ("en-GB", or a guessed ISO 639-3 code).
    pub lang: Option<String>,
}

/// A feed with its counts, as `feeds` and the feeds pane show it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSummary {
    pub id: FeedId,
    pub name: String,
    pub url: String,
    pub tags: Vec<String>,
    pub total: u64,
    pub unread: u64,
    pub last_status: Option<RefreshStatus>,
    pub last_error: Option<String>,
    /// The failure's whole chain of causes, when it says more.
    pub last_error_detail: Option<String>,
    /// A feed of the sync server (else of the config's list).
    pub synced: bool,
}

/// How one feed's refresh ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefreshStatus {
    Updated,
    NotModified,
    Error,
    /// Not fetched this time: the host asked to wait (429/503) or keeps
    /// failing (5xx), and its wait has not run out.
    Deferred,
}

impl RefreshStatus {
    /// The status as the database keeps it (see [`RefreshStatus::as_str`]).
    pub fn parse(text: &str) -> Option<RefreshStatus> {
        Some(match text {
            "updated" => RefreshStatus::Updated,
            "not_modified" => RefreshStatus::NotModified,
            "error" => RefreshStatus::Error,
            "deferred" => RefreshStatus::Deferred,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RefreshStatus::Updated => "updated",
            RefreshStatus::NotModified => "not_modified",
            RefreshStatus::Error => "error",
            RefreshStatus::Deferred => "deferred",
        }
    }
}

/// The outcome of refreshing one feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedReport {
    pub feed: String,
    pub url: String,
    pub status: RefreshStatus,
    pub new: u64,
    pub error: Option<String>,
}

/// Which articles the list shows; filters combine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub feed: Option<FeedId>,
    pub unread_only: bool,
    pub search: Option<String>,
    /// Only articles about this topic.
    pub topic: Option<String>,
    /// The articles related to this one, best first (replaces the order).
    pub related_to: Option<ArticleId>,
}

impl Filter {
    /// True when anything beyond the feed choice narrows the list.
    pub fn is_narrowed(&self) -> bool {
        self.unread_only
            || self.search.is_some()
            || self.topic.is_some()
            || self.related_to.is_some()
    }
}

impl From<&Filter> for ArticleQuery {
    fn from(filter: &Filter) -> ArticleQuery {
        ArticleQuery {
            feed: filter.feed,
            unread_only: filter.unread_only,
            search: filter.search.clone(),
            limit: None,
        }
    }
}

/// One story: the article and the others covering it, and how many outlets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Story {
    pub sources: u32,
    pub members: Vec<ArticleId>,
}

/// Which articles a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleQuery {
    pub feed: Option<FeedId>,
    pub unread_only: bool,
    pub search: Option<String>,
    pub limit: Option<u64>,
}

/// How the reader lays out its panes once an article is open (before that
/// the list always takes the width).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Feeds, list and reader side by side.
    #[default]
    Three,
    /// The list beside the reader, no feeds pane.
    Split,
    /// One pane at a time: the reader takes the screen.
    Single,
}

impl Layout {
    /// The next layout in the cycle three -> split -> single -> three.
    pub fn next(self) -> Layout {
        match self {
            Layout::Three => Layout::Split,
            Layout::Split => Layout::Single,
            Layout::Single => Layout::Three,
        }
    }

    /// What the status line calls it.
    pub fn describe(self) -> &'static str {
        match self {
            Layout::Three => "feeds, list and reader",
            Layout::Split => "list and reader",
            Layout::Single => "one pane at a time",
        }
    }
}

/// A change to one feed of the config file's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEdit {
    Remove,
    Rename(String),
    /// Replaces the feed's tags (none removes them).
    Tags(Vec<String>),
}

/// What the reader asks of the subscription list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionChange {
    /// A feed URL, or a page whose feed is to be found.
    Add { input: String },
    /// `key`: the stored feed's URL.
    Edit { key: String, edit: FeedEdit },
}
