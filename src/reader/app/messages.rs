//! What can happen to the reader (`Msg`) and what it asks of the edges
//! (`Effect`).

use super::{Filter, KeyChord, Story};
use crate::model::{ArticleDetail, ArticleId, FeedId, FeedReport, FeedSummary, ListRow};
use crate::text::render::RenderedBody;

/// A mouse event, in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseInput {
    ScrollUp { column: u16, row: u16 },
    ScrollDown { column: u16, row: u16 },
    Click { column: u16, row: u16 },
}

/// Everything that can happen to the reader.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyChord),
    Mouse(MouseInput),
    Resize(u16, u16),
    FeedsLoaded(Vec<FeedSummary>),
    ArticlesLoaded {
        filter: Filter,
        articles: Vec<ListRow>,
    },
    ArticleLoaded {
        id: ArticleId,
        width: u16,
        article: Option<Box<ArticleDetail>>,
        body: RenderedBody,
    },
    RefreshStarted {
        total: usize,
    },
    FeedRefreshed(FeedReport),
    /// During a refresh, at most once a second (with a feed's report):
    /// time to show the articles stored since the list was last loaded.
    RefreshPulse,
    RefreshFinished,
    /// The indexer's progress through the articles waiting for it.
    Indexing {
        done: u64,
        total: u64,
    },
    /// The indexer caught up; `count` articles were indexed.
    Indexed {
        count: u64,
    },
    /// How far the sync with the feed server is.
    Syncing(crate::sync::SyncProgress),
    /// The sync ended: entries pulled, and its error.
    Synced {
        pulled: u64,
        error: Option<String>,
    },
    /// Something in the background failed; shown in the status bar.
    Failed(String),
    TopicsLoaded {
        all: bool,
        topics: Vec<(String, u32)>,
    },
    StoriesLoaded(Vec<(ArticleId, Story)>),
    /// An article's full text was fetched and stored.
    FullTextReady(ArticleId),
    /// The feed list was changed (`new`: a feed just added, to refresh).
    Subscribed {
        message: String,
        new: Option<FeedId>,
    },
    /// A picture of an open article was fetched and decoded (or not).
    ImageLoaded {
        id: ArticleId,
        index: usize,
        result: Result<std::sync::Arc<image::DynamicImage>, String>,
    },
    /// The timer says feeds may be due for a refresh.
    RefreshTick,
    /// A page names several feeds (URL, title): the user picks one.
    FeedChoices(Vec<(String, Option<String>)>),
    Terminate,
}

/// Work for the edges: the worker, the refresher, the opener, the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadFeeds,
    LoadTopics {
        all: bool,
    },
    /// Story groups of these articles (for source counts).
    LoadStories(Vec<ArticleId>),
    /// Fetch, extract and store the article's page.
    FetchFull {
        id: ArticleId,
        link: String,
    },
    LoadArticles(Filter),
    LoadArticle {
        id: ArticleId,
        width: u16,
    },
    SetRead {
        ids: Vec<ArticleId>,
        read: bool,
    },
    SetStarred {
        id: ArticleId,
        starred: bool,
    },
    /// `None`: every feed.
    Refresh {
        feeds: Option<Vec<FeedId>>,
    },
    OpenUrl(String),
    /// Open an attachment with the `player` setting.
    Play(String),
    Suspend,
    /// Fetch and decode a picture of the open article.
    FetchImage {
        id: ArticleId,
        index: usize,
        url: String,
    },
    /// Refresh the feeds whose interval has passed (the timer's).
    RefreshDue,
    /// Add, remove, rename or tag a feed of the config file.
    Subscribe(crate::model::SubscriptionChange),
    /// Remember the layout the user chose for the next start.
    SaveLayout(super::layout::Layout),
}
