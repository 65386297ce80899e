//! The reader's state and its pure transitions: `update(state, msg)` changes
//! the state and returns the effects (loads, writes, fetches, opening a
//! link) for the worker to run. No I/O, no terminal, no SQL in here.

mod actions;
pub mod images;
pub mod keymap;
mod keys;
pub mod layout;
mod lists;
mod loaded;
mod marks;
mod messages;
mod mouse;
mod movement;
mod progress;
mod prompts;
pub mod stories;
mod subscriptions;
pub mod sync;

use crate::model::{ArticleDetail, ArticleId, FeedSummary, ListRow, RefreshStatus};
pub use crate::model::{Filter, Story};
use crate::text::render::RenderedBody;

pub use keymap::{Action, Key, KeyChord, Keymap};
pub use layout::Focus;
pub use messages::{Effect, MouseInput, Msg};
pub use subscriptions::PromptKind;

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
    /// The feeds a page names, to pick one to add.
    Choices {
        cursor: usize,
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
    /// A list load went out since the last pulse: news waits for the next.
    pub cooling: bool,
    /// News was stored while cooling: the next pulse loads it.
    pub held: bool,
}

/// The article open in the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub id: ArticleId,
    pub article: Option<ArticleDetail>,
    pub body: Option<RenderedBody>,
    pub width: u16,
    pub scroll: usize,
    /// Its pictures, once looked for (`images` on), and the one shown.
    pub images: Option<Vec<images::ImageSlot>>,
    pub image: usize,
}

/// Where loading the article list stands: at most one load is under way,
/// and new data meanwhile asks for one more after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListState {
    /// A list for a new filter (or the first) is on its way: nothing to
    /// show yet. `again`: load once more when it comes.
    Waiting { again: bool },
    /// Shown and current.
    Shown,
    /// Shown while a reload is under way.
    Reloading { again: bool },
}

impl ListState {
    /// A list for the current filter is on screen.
    pub fn is_shown(self) -> bool {
        !matches!(self, ListState::Waiting { .. })
    }

    fn again(self) -> bool {
        matches!(
            self,
            ListState::Waiting { again: true } | ListState::Reloading { again: true }
        )
    }
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
    pub articles: Vec<ListRow>,
    pub article_cursor: usize,
    pub article_offset: usize,
    /// Where loading the list stands.
    pub list: ListState,
    pub reader: Option<Reader>,
    pub filter: Filter,
    /// The text being typed, when a prompt is open, and what it is for.
    pub input: Option<String>,
    pub prompt: PromptKind,
    /// Feeds found on a page (URL, title), while the user picks one.
    pub choices: Vec<(String, Option<String>)>,
    pub overlay: Overlay,
    pub refresh: RefreshProgress,
    /// The sync with the feed server: progress and last error.
    pub sync: sync::SyncView,
    /// (done, total) while the indexer works through new articles.
    pub indexing: Option<(u64, u64)>,
    pub status: Option<String>,
    /// Digits typed before a key (`3o` opens link 3).
    pub count: Option<usize>,
    pub quit: bool,
    /// The topic list, when loaded (label, articles).
    pub topics: Vec<(String, u32)>,
    pub topics_loaded: bool,
    /// Stories known for list rows, and the story view.
    pub stories: stories::StoryState,
    /// Title of the article whose related list is shown.
    pub related_title: Option<String>,
    /// The user moved in the list; until then new articles keep the top row
    /// selected rather than the article that happened to be first.
    pub(crate) list_touched: bool,
    /// The panes once an article is open.
    pub layout: layout::Layout,
    /// Show an open article's pictures (`images` setting).
    pub images_on: bool,
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
            list: ListState::Waiting { again: false },
            reader: None,
            filter: Filter::default(),
            input: None,
            prompt: PromptKind::Search,
            choices: Vec::new(),
            overlay: Overlay::None,
            refresh: RefreshProgress::default(),
            sync: Default::default(),
            indexing: None,
            status: None,
            count: None,
            quit: false,
            topics: Vec::new(),
            topics_loaded: false,
            stories: Default::default(),
            related_title: None,
            list_touched: false,
            layout: layout::Layout::default(),
            images_on: true,
        };
        let mut effects = vec![Effect::LoadFeeds, Effect::LoadArticles(Filter::default())];
        if refresh_on_start {
            effects.push(Effect::Refresh { feeds: None });
        }
        (app, effects)
    }

    pub fn selected_article(&self) -> Option<&ListRow> {
        self.articles.get(self.article_cursor)
    }

    /// An article's title and link: from the list, else the open article.
    pub fn title_and_link(&self, id: ArticleId) -> Option<(&str, Option<&str>)> {
        let row = self.articles.iter().find(|a| a.id == id);
        row.map(|a| (&*a.title, a.link.as_deref())).or_else(|| {
            self.reader
                .as_ref()
                .and_then(|r| r.article.as_ref())
                .map(|a| &a.summary)
                .filter(|a| a.id == id)
                .map(|a| (a.title.as_str(), a.link.as_deref()))
        })
    }

    pub fn selected_feed(&self) -> Option<&FeedSummary> {
        self.feed_cursor
            .checked_sub(1)
            .and_then(|i| self.feeds.get(i))
    }

    pub fn failed_feeds(&self) -> Vec<&FeedSummary> {
        self.feeds
            .iter()
            .filter(|f| f.last_status == Some(RefreshStatus::Error))
            .collect()
    }

    pub fn panes(&self) -> layout::Panes {
        self.panes_for(self.focus)
    }

    /// The panes as they would be with `focus` (an open article stays open).
    fn panes_for(&self, focus: Focus) -> layout::Panes {
        let shape = layout::Shape {
            layout: self.layout,
            open: self.reader.is_some() || focus == Focus::Reader,
        };
        layout::panes(self.width, self.height, focus, shape)
    }

    /// Rows visible in the article list (also while the reader covers it).
    pub fn list_height(&self) -> usize {
        self.panes_for(Focus::Articles)
            .articles
            .map_or(1, |r| layout::list_rows(r).height.max(1) as usize)
    }

    pub fn feeds_height(&self) -> usize {
        self.panes_for(Focus::Feeds)
            .feeds
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
    }

    pub fn reader_height(&self) -> usize {
        self.panes_for(Focus::Reader)
            .reader
            .map_or(1, |r| layout::inner(r).height.max(1) as usize)
    }

    /// The article a toggle applies to: the open one in the reader, else the
    /// selected one. Returns (article, feed).
    pub(super) fn target_article(&self) -> Option<(ArticleId, i64)> {
        if self.focus == Focus::Reader
            && let Some(reader) = &self.reader
        {
            let feed = self
                .articles
                .iter()
                .find(|a| a.id == reader.id)
                .map(|a| a.feed_id)
                .or_else(|| reader.article.as_ref().map(|a| a.summary.feed_id))?;
            return Some((reader.id, feed));
        }
        self.selected_article().map(|a| (a.id, a.feed_id))
    }

    pub(super) fn set_read_locally(&mut self, ids: &[ArticleId], read: bool) {
        let mut changed_per_feed: Vec<(i64, i64)> = Vec::new();
        for article in self.articles.iter_mut().filter(|a| ids.contains(&a.id)) {
            if article.read != read {
                article.read = read;
                let delta = if read { -1 } else { 1 };
                match changed_per_feed
                    .iter_mut()
                    .find(|(f, _)| *f == article.feed_id)
                {
                    Some((_, d)) => *d += delta,
                    None => changed_per_feed.push((article.feed_id, delta)),
                }
            }
        }
        for (feed, delta) in changed_per_feed {
            if let Some(summary) = self.feeds.iter_mut().find(|f| f.id == feed) {
                summary.unread = (summary.unread as i64 + delta).max(0) as u64;
            }
        }
    }

    pub(super) fn keep_cursors_visible(&mut self) {
        let list = self.list_height();
        self.article_offset = visible_offset(self.article_cursor, self.article_offset, list);
        let feeds = self.feeds_height();
        self.feed_offset = visible_offset(self.feed_cursor, self.feed_offset, feeds);
    }

    /// The width articles are laid out at.
    pub fn reader_width(&self) -> u16 {
        self.panes_for(Focus::Reader)
            .reader
            .map_or(20, |r| layout::inner(r).width.saturating_sub(1).max(20))
    }
}

/// Applies one message; returns the effects to run.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(chord) => keys::on_key(app, chord),
        Msg::Mouse(mouse) => mouse::on_mouse(app, mouse),
        Msg::Resize(width, height) => resize(app, width, height),
        Msg::FeedsLoaded(feeds) => loaded::feeds_loaded(app, feeds),
        Msg::ArticlesLoaded { filter, articles } => loaded::articles_loaded(app, filter, articles),
        Msg::ArticleLoaded {
            id,
            width,
            article,
            body,
        } => loaded::article_loaded(app, id, width, article, body),
        Msg::TopicsLoaded { all, topics } => loaded::topics_loaded(app, all, topics),
        Msg::FullTextReady(id) => loaded::full_text_ready(app, id),
        Msg::StoriesLoaded(stories) => loaded::stories_loaded(app, stories),
        Msg::RefreshStarted { total } => progress::refresh_started(app, total),
        Msg::FeedRefreshed(report) => progress::feed_refreshed(app, report),
        Msg::RefreshPulse => progress::refresh_pulse(app),
        Msg::RefreshFinished => progress::refresh_finished(app),
        Msg::Indexing { done, total } => progress::indexing(app, done, total),
        Msg::Indexed { count } => progress::indexed(app, count),
        Msg::Failed(message) => progress::failed(app, message),
        Msg::Syncing(progress) => sync::syncing(app, progress),
        Msg::Synced { pulled, error } => sync::synced(app, pulled, error),
        Msg::Subscribed { message, new } => subscriptions::subscribed(app, message, new),
        Msg::FeedChoices(choices) => subscriptions::choices_found(app, choices),
        Msg::RefreshTick if app.refresh.running => Vec::new(),
        Msg::RefreshTick => vec![Effect::RefreshDue],
        Msg::ImageLoaded { id, index, result } => images::image_loaded(app, id, index, result),
        Msg::Terminate => {
            app.quit = true;
            Vec::new()
        }
    }
}

/// The terminal was resized: the open article is laid out again.
fn resize(app: &mut App, width: u16, height: u16) -> Vec<Effect> {
    app.width = width;
    app.height = height;
    relayout(app)
}

/// After the panes changed size: keeps the cursors in view and lays the
/// open article out again at its new width.
pub(super) fn relayout(app: &mut App) -> Vec<Effect> {
    app.keep_cursors_visible();
    let width = app.reader_width();
    match &app.reader {
        Some(reader) if reader.width != width => vec![Effect::LoadArticle {
            id: reader.id,
            width,
        }],
        _ => Vec::new(),
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

fn visible_offset(cursor: usize, offset: usize, height: usize) -> usize {
    if cursor < offset {
        cursor
    } else if cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    }
}

#[cfg(test)]
mod tests;
