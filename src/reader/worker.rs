//! Runs the reader's effects off the UI thread: database reads and writes,
//! laying out articles, and refreshes. Reports back with `Msg`s over the
//! same channel the terminal events arrive on.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::config::Settings;
use crate::feeds::refresh::{RefreshTarget, refresh_feeds};
use crate::library::store::Store;
use crate::model::ArticleId;
use crate::reader::app::{Effect, Filter, Msg, Story};
use crate::text::render::{RenderedBody, reader_page};
use crate::topics::TopicIndex;

/// Rows sent ahead of a long article list: more than any screen shows.
const FIRST_PAGE: u64 = 200;

/// Database and layout jobs, run one at a time on the worker thread.
pub struct Worker {
    jobs: Sender<Effect>,
}

impl Worker {
    /// Starts the worker on its own connection to the database. While
    /// `indexing` is set, it keeps the topic index it has rather than
    /// following every batch the indexer writes.
    pub fn spawn(db_path: PathBuf, msgs: Sender<Msg>, indexing: Arc<AtomicBool>) -> Worker {
        let (jobs, inbox) = channel();
        std::thread::Builder::new()
            .name("tidings-worker".to_owned())
            .spawn(move || run(db_path, inbox, msgs, indexing))
            .map(|_| ())
            // Without a worker the first job fails and the reader says so.
            .unwrap_or(());
        Worker { jobs }
    }

    /// Queues a job; false when the worker has stopped.
    pub fn send(&self, effect: Effect) -> bool {
        self.jobs.send(effect).is_ok()
    }
}

fn run(db_path: PathBuf, inbox: Receiver<Effect>, msgs: Sender<Msg>, indexing: Arc<AtomicBool>) {
    let mut store = match Store::open(&db_path) {
        Ok(store) => store,
        Err(e) => {
            let _ = msgs.send(Msg::Failed(format!("cannot open the database: {e}")));
            return;
        }
    };
    let mut pages: HashMap<(ArticleId, u16, bool), RenderedBody> = HashMap::new();
    let mut topics = Topics {
        index: None,
        seq: 0,
        full_size: 0,
        indexing,
    };
    while let Ok(first) = inbox.recv() {
        // Take everything queued: writes run in order, and of the loads only
        // the newest of each kind is worth doing.
        let mut batch = vec![first];
        batch.extend(inbox.try_iter());
        let mut loads: Vec<Effect> = Vec::new();
        for job in batch {
            match job {
                Effect::SetRead { ids, read } => report(&msgs, store.set_read_many(&ids, read)),
                Effect::SetStarred { id, starred } => report(&msgs, store.set_starred(id, starred)),
                Effect::LoadStories(ids) => {
                    // Every request counts: they are for different rows.
                    loads.push(Effect::LoadStories(ids));
                }
                load @ (Effect::LoadFeeds
                | Effect::LoadArticles(_)
                | Effect::LoadArticle { .. }
                | Effect::LoadTopics { .. }) => {
                    loads.retain(|l| std::mem::discriminant(l) != std::mem::discriminant(&load));
                    loads.push(load);
                }
                Effect::Refresh { .. }
                | Effect::OpenUrl(_)
                | Effect::Suspend
                | Effect::FetchFull { .. } => {}
            }
        }
        for load in loads {
            let msg = match load {
                Effect::LoadFeeds => store.feeds().map(Msg::FeedsLoaded),
                Effect::LoadArticles(filter) => {
                    // A screenful first, so the list shows at once even with
                    // tens of thousands of articles; then all of them.
                    if filter.topic.is_none() && filter.related_to.is_none() {
                        let mut query: crate::model::ArticleQuery = (&filter).into();
                        query.limit = Some(FIRST_PAGE);
                        if let Ok(articles) = store.articles(&query)
                            && articles.len() as u64 == FIRST_PAGE
                        {
                            let first = Msg::ArticlesLoaded {
                                filter: filter.clone(),
                                articles,
                            };
                            if msgs.send(first).is_err() {
                                return;
                            }
                        }
                    }
                    load_articles(&store, &mut topics, filter)
                }
                Effect::LoadArticle { id, width } => {
                    load_article(&store, &mut topics, &mut pages, id, width)
                }
                Effect::LoadTopics { all } => load_topics(&store, &mut topics, all),
                Effect::LoadStories(ids) => load_stories(&store, ids),
                _ => continue,
            };
            match msg {
                Ok(msg) => {
                    if msgs.send(msg).is_err() {
                        return;
                    }
                }
                Err(e) => report::<()>(&msgs, Err(e)),
            }
        }
    }
}

/// The topic index, following the database: new topic data is added to
/// it, and it is built afresh (compacted) once it has grown by half.
struct Topics {
    index: Option<TopicIndex>,
    seq: i64,
    /// Articles in the index when it was last built afresh.
    full_size: usize,
    indexing: Arc<AtomicBool>,
}

impl Topics {
    fn index(&mut self, store: &Store) -> crate::library::store::Result<&mut TopicIndex> {
        let busy = self.indexing.load(Ordering::SeqCst);
        let stale = match &self.index {
            None => true,
            // Mid-indexing, the index we have serves until the end.
            Some(_) if busy => false,
            Some(_) => store.topic_seq()? != self.seq,
        };
        if stale {
            // Read before loading: rows written meanwhile are added again
            // next time, which replaces them.
            let seq = store.topic_seq()?;
            match self.index.as_mut() {
                Some(index) if index.len() < self.full_size + self.full_size / 2 => {
                    store.extend_topic_index(index, self.seq)?;
                }
                _ => {
                    let index = store.load_topic_index()?;
                    self.full_size = index.len();
                    self.index = Some(index);
                }
            }
            self.seq = seq;
        }
        Ok(self.index.get_or_insert_with(TopicIndex::new))
    }
}

fn load_articles(
    store: &Store,
    topics: &mut Topics,
    filter: Filter,
) -> crate::library::store::Result<Msg> {
    let articles = if let Some(id) = filter.related_to {
        let related: Vec<ArticleId> = topics
            .index(store)?
            .related(id, 100)
            .into_iter()
            .filter(|r| r.score >= crate::topics::index::RELATED_MIN)
            .map(|r| r.article)
            .collect();
        store.articles_by_ids(&related)?
    } else {
        let mut articles = store.articles(&(&filter).into())?;
        if let Some(topic) = &filter.topic {
            let wanted: std::collections::HashSet<ArticleId> = topics
                .index(store)?
                .articles_with_topic(topic)
                .into_iter()
                .collect();
            articles.retain(|a| wanted.contains(&a.id));
        }
        articles
    };
    Ok(Msg::ArticlesLoaded { filter, articles })
}

/// The stories of list rows, as stored: source counts and `M` agree with
/// `tidings stories`.
fn load_stories(store: &Store, ids: Vec<ArticleId>) -> crate::library::store::Result<Msg> {
    let mut stories = Vec::with_capacity(ids.len());
    for id in ids {
        let story = match store.story_of(id)? {
            Some(row) => Story {
                sources: row.sources() as u32,
                members: row
                    .articles
                    .iter()
                    .map(|a| a.id)
                    .filter(|&a| a != id)
                    .collect(),
            },
            None => Story {
                sources: 1,
                members: Vec::new(),
            },
        };
        stories.push((id, story));
    }
    Ok(Msg::StoriesLoaded(stories))
}

fn load_article(
    store: &Store,
    topics: &mut Topics,
    pages: &mut HashMap<(ArticleId, u16, bool), RenderedBody>,
    id: ArticleId,
    width: u16,
) -> crate::library::store::Result<Msg> {
    let article = store.article(id)?;
    let key = (
        id,
        width,
        article.as_ref().is_some_and(|a| a.full.is_some()),
    );
    let body = match (&article, pages.get(&key)) {
        (_, Some(cached)) => cached.clone(),
        (Some(detail), None) => {
            let index = topics.index(store)?;
            let labels = index.topics_of(id, 8);
            let own_feed = detail.summary.feed_id;
            let mut also: Vec<String> = Vec::new();
            for member in store.story_of(id)?.map(|s| s.articles).unwrap_or_default() {
                if member.feed_id != own_feed && !also.contains(&member.feed) {
                    also.push(member.feed);
                }
            }
            let page = reader_page(detail, width as usize, &labels, &also);
            if pages.len() > 64 {
                pages.clear();
            }
            pages.insert(key, page.clone());
            page
        }
        (None, None) => RenderedBody::default(),
    };
    Ok(Msg::ArticleLoaded {
        id,
        width,
        article: article.map(Box::new),
        body,
    })
}

fn load_topics(
    store: &Store,
    topics: &mut Topics,
    all: bool,
) -> crate::library::store::Result<Msg> {
    let ids: Option<Vec<ArticleId>> = if all {
        None
    } else {
        let query = crate::model::ArticleQuery {
            unread_only: true,
            ..Default::default()
        };
        Some(store.articles(&query)?.into_iter().map(|a| a.id).collect())
    };
    let mut list = topics.index(store)?.topic_counts(ids.as_deref());
    list.truncate(500);
    Ok(Msg::TopicsLoaded { all, topics: list })
}

fn report<T>(msgs: &Sender<Msg>, result: crate::library::store::Result<T>) {
    if let Err(e) = result {
        let _ = msgs.send(Msg::Failed(e.to_string()));
    }
}

/// Fetches an article's page on its own thread, extracts and stores it.
pub fn fetch_full_text(
    db_path: PathBuf,
    settings: Settings,
    id: ArticleId,
    link: String,
    msgs: Sender<Msg>,
) {
    let spawned = std::thread::Builder::new()
        .name("tidings-fulltext".to_owned())
        .spawn(move || {
            let result = crate::feeds::fulltext::fetch_article(&settings, &link)
                .map_err(|e| e.to_string())
                .and_then(|extracted| {
                    let full = crate::model::FullText {
                        html: extracted.html,
                        byline: extracted.byline,
                        site: extracted.site_name,
                    };
                    Store::open(&db_path)
                        .and_then(|mut store| {
                            store.store_full_text(id, &full, crate::feeds::refresh::now_secs())
                        })
                        .map_err(|e| e.to_string())
                });
            let msg = match result {
                Ok(()) => Msg::FullTextReady(id),
                Err(e) => Msg::Failed(format!("Full text: {e}")),
            };
            let _ = msgs.send(msg);
        });
    // Without a thread the fetch cannot happen; the status stays as it was.
    drop(spawned);
}

/// Indexes queued articles on its own thread and connection whenever it is
/// woken (at start, and after each refresh), reporting progress.
pub struct Indexer {
    wake: Sender<()>,
    busy: Arc<AtomicBool>,
}

impl Indexer {
    /// Starts the indexer and wakes it once, for articles a `tidings
    /// refresh` left queued.
    pub fn spawn(db_path: PathBuf, msgs: Sender<Msg>) -> Indexer {
        let (wake, woken) = channel::<()>();
        let busy = Arc::new(AtomicBool::new(false));
        let flag = busy.clone();
        let spawned = std::thread::Builder::new()
            .name("tidings-index".to_owned())
            .spawn(move || {
                let mut store = match Store::open(&db_path) {
                    Ok(store) => store,
                    Err(e) => {
                        let _ = msgs.send(Msg::Failed(format!("cannot index: {e}")));
                        return;
                    }
                };
                while woken.recv().is_ok() {
                    // One run covers every wake-up queued meanwhile.
                    while woken.try_recv().is_ok() {}
                    flag.store(true, Ordering::SeqCst);
                    let result =
                        crate::library::indexer::index_pending(&mut store, |done, total| {
                            let _ = msgs.send(Msg::Indexing { done, total });
                        });
                    flag.store(false, Ordering::SeqCst);
                    let msg = match result {
                        Ok(count) => Msg::Indexed { count },
                        Err(e) => Msg::Failed(format!("indexing failed: {e}")),
                    };
                    if msgs.send(msg).is_err() {
                        return;
                    }
                }
            });
        // Without the thread, articles stay queued for the commands.
        drop(spawned);
        let _ = wake.send(());
        Indexer { wake, busy }
    }

    /// Set while a run is under way.
    pub fn busy(&self) -> Arc<AtomicBool> {
        self.busy.clone()
    }

    /// A handle that starts a run.
    pub fn waker(&self) -> Sender<()> {
        self.wake.clone()
    }
}

/// Runs a refresh on its own thread and connection; at most one at a time.
/// When it ends, the indexer is woken for the new articles.
pub struct Refresher {
    running: Arc<AtomicBool>,
    db_path: PathBuf,
    settings: Settings,
    targets: Vec<RefreshTarget>,
    index: Sender<()>,
}

impl Refresher {
    pub fn new(
        db_path: PathBuf,
        settings: Settings,
        targets: Vec<RefreshTarget>,
        index: Sender<()>,
    ) -> Refresher {
        Refresher {
            running: Arc::new(AtomicBool::new(false)),
            db_path,
            settings,
            targets,
            index,
        }
    }

    /// Starts refreshing `feeds` (all when `None`); false if one is running.
    pub fn start(&self, feeds: Option<&[i64]>, msgs: Sender<Msg>) -> bool {
        if self.running.swap(true, Ordering::SeqCst) {
            return false;
        }
        let targets: Vec<RefreshTarget> = self
            .targets
            .iter()
            .filter(|t| feeds.is_none_or(|ids| ids.contains(&t.id)))
            .cloned()
            .collect();
        let (running, db_path, settings, index) = (
            self.running.clone(),
            self.db_path.clone(),
            self.settings.clone(),
            self.index.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("tidings-refresh".to_owned())
            .spawn(move || {
                let _ = msgs.send(Msg::RefreshStarted {
                    total: targets.len(),
                });
                let result = Store::open(&db_path).and_then(|mut store| {
                    refresh_feeds(&mut store, &settings, &targets, |report| {
                        let _ = msgs.send(Msg::FeedRefreshed(report.clone()));
                    })
                });
                if let Err(e) = result {
                    let _ = msgs.send(Msg::Failed(format!("refresh failed: {e}")));
                }
                running.store(false, Ordering::SeqCst);
                let _ = msgs.send(Msg::RefreshFinished);
                let _ = index.send(());
            });
        if spawned.is_err() {
            self.running.store(false, Ordering::SeqCst);
            return false;
        }
        true
    }
}
