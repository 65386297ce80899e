//! The reader's state and its pure transitions: `update(state, msg)` changes
//! the state and returns the effects (loads, writes, fetches, opening a
//! link) for the worker to run. No I/O, no terminal, no SQL in here.

mod actions;
pub mod keymap;
pub mod layout;
mod mouse;
mod prompts;
pub mod stories;

use crate::model::{
    ArticleDetail, ArticleId, ArticleSummary, FeedId, FeedReport, FeedSummary, RefreshStatus,
};
pub use crate::model::{Filter, Story};
use crate::text::render::RenderedBody;

pub use keymap::{Action, Key, KeyChord, Keymap};
pub use layout::Focus;

/// Something drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: usize,
    },
    Errors {
        scroll: usize,
    },
    /// The topic list; `all` counts every article, else unread ones.
    Topics {
        cursor: usize,
        all: bool,
    },
}

/// Progress of a refresh, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefreshProgress {
    pub running: bool,
    pub total: usize,
    pub done: usize,
    pub errors: usize,
    pub new: u64,
}

/// The article open in the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub id: ArticleId,
    pub article: Option<ArticleDetail>,
    pub body: Option<RenderedBody>,
    pub width: u16,
    pub scroll: usize,
}

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
        articles: Vec<ArticleSummary>,
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
    /// Something in the background failed; shown in the status bar.
    Failed(String),
    TopicsLoaded {
        all: bool,
        topics: Vec<(String, u32)>,
    },
    StoriesLoaded(Vec<(ArticleId, Story)>),
    /// An article's full text was fetched and stored.
    FullTextReady(ArticleId),
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
    Suspend,
}

pub struct App {
    pub keymap: Keymap,
    pub width: u16,
    pub height: u16,
    pub focus: Focus,
    pub feeds: Vec<FeedSummary>,
    /// 0 is "All articles"; feed `i` is row `i + 1`.
    pub feed_cursor: usize,
    pub feed_offset: usize,
    pub articles: Vec<ArticleSummary>,
    pub article_cursor: usize,
    pub article_offset: usize,
    /// False until the first list arrives.
    pub articles_loaded: bool,
    pub reader: Option<Reader>,
    pub filter: Filter,
    /// The search being typed, when the search prompt is open.
    pub input: Option<String>,
    pub overlay: Overlay,
    pub refresh: RefreshProgress,
    /// (done, total) while the indexer works through new articles.
    pub indexing: Option<(u64, u64)>,
    pub status: Option<String>,
    /// Digits typed before a key (`3o` opens link 3).
    pub count: Option<usize>,
    pub quit: bool,
    /// The topic list, when loaded (label, articles).
    pub topics: Vec<(String, u32)>,
    pub topics_loaded: bool,
    /// Story groups known for articles, for source counts and `M`.
    pub stories: std::collections::HashMap<ArticleId, Story>,
    stories_requested: std::collections::HashSet<ArticleId>,
    /// Title of the article whose related list is shown.
    pub related_title: Option<String>,
    /// One row per story instead of one per article.
    pub story_view: bool,
    /// The story shown unfolded in the story view.
    pub expanded_story: Option<i64>,
    /// In the story view: the list as loaded, before folding.
    pub unfolded: Vec<ArticleSummary>,
    /// In the story view: what each story row stands for.
    pub story_rows: std::collections::HashMap<ArticleId, stories::StoryRow>,
    reload_in_flight: bool,
    reload_again: bool,
    /// False right after the filter changed: the new list starts at the top.
    keep_selection: bool,
    /// The user moved in the list; until then new articles keep the top row
    /// selected rather than the article that happened to be first.
    pub(crate) list_touched: bool,
}

impl App {
    /// A new reader and the effects that fill it.
    pub fn new(
        keymap: Keymap,
        width: u16,
        height: u16,
        refresh_on_start: bool,
    ) -> (App, Vec<Effect>) {
        let app = App {
            keymap,
            width,
            height,
            focus: Focus::Articles,
            feeds: Vec::new(),
            feed_cursor: 0,
            feed_offset: 0,
            articles: Vec::new(),
            article_cursor: 0,
            article_offset: 0,
            articles_loaded: false,
            reader: None,
            filter: Filter::default(),
            input: None,
            overlay: Overlay::None,
            refresh: RefreshProgress::default(),
            indexing: None,
            status: None,
            count: None,
            quit: false,
            topics: Vec::new(),
            topics_loaded: false,
            stories: Default::default(),
            stories_requested: Default::default(),
            related_title: None,
            story_view: false,
            expanded_story: None,
            unfolded: Vec::new(),
            story_rows: Default::default(),
            reload_in_flight: true,
            reload_again: false,
            keep_selection: true,
            list_touched: false,
        };
        let mut effects = vec![Effect::LoadFeeds, Effect::LoadArticles(Filter::default())];
        if refresh_on_start {
            effects.push(Effect::Refresh { feeds: None });
        }
        (app, effects)
    }

    pub fn selected_article(&self) -> Option<&ArticleSummary> {
        self.articles.get(self.article_cursor)
    }

    pub fn selected_feed(&self) -> Option<&FeedSummary> {
        self.feed_cursor
            .checked_sub(1)
            .and_then(|i| self.feeds.get(i))
    }

    pub fn failed_feeds(&self) -> Vec<&FeedSummary> {
        self.feeds
            .iter()
            .filter(|f| f.last_status.as_deref() == Some("error"))
            .collect()
    }

    pub fn panes(&self) -> layout::Panes {
        layout::panes(self.width, self.height, self.focus)
    }

    /// Rows visible in the article list (also while the reader covers it).
    pub fn list_height(&self) -> usize {
        let panes = layout::panes(self.width, self.height, Focus::Articles);
        panes
            .articles
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
    }

    pub fn feeds_height(&self) -> usize {
        let panes = layout::panes(self.width, self.height, Focus::Feeds);
        panes
            .feeds
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
    }

    pub fn reader_height(&self) -> usize {
        let panes = layout::panes(self.width, self.height, Focus::Reader);
        panes
            .reader
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
    }

    /// The width articles are laid out at.
    pub fn reader_width(&self) -> u16 {
        let panes = layout::panes(self.width, self.height, Focus::Reader);
        panes
            .reader
            .map_or(20, |r| layout::inner(r).width.saturating_sub(1).max(20))
    }
}

/// Applies one message; returns the effects to run.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(chord) => actions::on_key(app, chord),
        Msg::Mouse(mouse) => mouse::on_mouse(app, mouse),
        Msg::Resize(width, height) => {
            app.width = width;
            app.height = height;
            actions::keep_cursors_visible(app);
            let width = app.reader_width();
            match &app.reader {
                Some(reader) if reader.width != width => vec![Effect::LoadArticle {
                    id: reader.id,
                    width,
                }],
                _ => Vec::new(),
            }
        }
        Msg::FeedsLoaded(feeds) => {
            let selected = app.selected_feed().map(|f| f.id);
            app.feeds = feeds;
            app.feed_cursor = selected
                .and_then(|id| app.feeds.iter().position(|f| f.id == id))
                .map_or(0, |i| i + 1);
            actions::keep_cursors_visible(app);
            Vec::new()
        }
        Msg::ArticlesLoaded { filter, articles } => {
            if filter != app.filter {
                return Vec::new(); // an answer to an older question
            }
            let keep = std::mem::replace(&mut app.keep_selection, true) && app.list_touched;
            let selected = app.selected_article().map(|a| a.id).filter(|_| keep);
            app.articles_loaded = true;
            stories::show_list(app, articles);
            app.article_cursor = selected
                .and_then(|id| app.articles.iter().position(|a| a.id == id))
                .unwrap_or(if selected.is_some() {
                    app.article_cursor
                } else {
                    0
                })
                .min(app.articles.len().saturating_sub(1));
            actions::keep_cursors_visible(app);
            app.reload_in_flight = false;
            let mut effects = actions::visible_story_requests(app);
            if std::mem::take(&mut app.reload_again) {
                effects.extend(actions::reload(app));
            }
            effects
        }
        Msg::ArticleLoaded {
            id,
            width,
            article,
            body,
        } => {
            if let Some(reader) = app.reader.as_mut().filter(|r| r.id == id) {
                reader.article = article.map(|a| *a);
                reader.body = Some(body);
                reader.width = width;
                let max = reader.body.as_ref().map_or(0, |b| b.lines.len());
                reader.scroll = reader.scroll.min(max.saturating_sub(1));
            }
            Vec::new()
        }
        Msg::RefreshStarted { total } => {
            app.refresh = RefreshProgress {
                running: true,
                total,
                ..RefreshProgress::default()
            };
            Vec::new()
        }
        Msg::FeedRefreshed(report) => {
            app.refresh.done += 1;
            app.refresh.new += report.new;
            if report.status == RefreshStatus::Error {
                app.refresh.errors += 1;
            }
            if report.new > 0 || report.status == RefreshStatus::Error {
                return actions::request_reload(app);
            }
            Vec::new()
        }
        Msg::RefreshFinished => {
            let progress = &app.refresh;
            app.status = Some(format!(
                "Refreshed {} feeds: {} new articles{}",
                progress.total,
                progress.new,
                match progress.errors {
                    0 => String::new(),
                    n => format!(
                        ", {n} errors ({} shows them)",
                        first_key(app, Action::ShowErrors)
                    ),
                }
            ));
            app.refresh.running = false;
            // New articles may have joined stories: count them again.
            app.stories.clear();
            app.stories_requested.clear();
            actions::request_reload(app)
        }
        Msg::Indexing { done, total } => {
            app.indexing = Some((done, total));
            Vec::new()
        }
        Msg::Indexed { count } => {
            app.indexing = None;
            if count == 0 {
                return Vec::new();
            }
            // Topics, stories and search now cover the new articles.
            app.stories.clear();
            app.stories_requested.clear();
            actions::request_reload(app)
        }
        Msg::Failed(message) => {
            // Errors can quote what a server or a file said.
            app.status = Some(crate::text::sanitize::clean_line(&message));
            Vec::new()
        }
        Msg::TopicsLoaded { all, topics } => {
            if let Overlay::Topics {
                all: showing,
                cursor,
            } = &mut app.overlay
                && *showing == all
            {
                *cursor = (*cursor).min(topics.len().saturating_sub(1));
                app.topics = topics;
                app.topics_loaded = true;
            }
            Vec::new()
        }
        Msg::FullTextReady(id) => match &app.reader {
            Some(reader) if reader.id == id => {
                app.status = Some("Full text loaded".to_owned());
                vec![Effect::LoadArticle {
                    id,
                    width: reader.width,
                }]
            }
            _ => Vec::new(),
        },
        Msg::StoriesLoaded(stories) => {
            app.stories.extend(stories);
            Vec::new()
        }
        Msg::Terminate => {
            app.quit = true;
            Vec::new()
        }
    }
}

/// The first key bound to `action`, for hints.
pub fn first_key(app: &App, action: Action) -> String {
    app.keymap
        .keys_for(action)
        .into_iter()
        .next()
        .unwrap_or_else(|| "?".to_owned())
}

#[cfg(test)]
mod tests;
