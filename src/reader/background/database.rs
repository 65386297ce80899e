//! The database worker: the reader's loads and writes, one at a time on
//! its own connection, answered with `Msg`s over the channel the terminal
//! events arrive on. It asks the library (the use cases the command line
//! shares) and lays out articles for the reader.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::library::Library;
use crate::library::store::{Result, Store};
use crate::model::{ArticleId, Filter};
use crate::reader::app::Msg;
use crate::text::render::{RenderedBody, reader_page};

/// Rows sent ahead of a long article list: more than any screen shows.
const FIRST_PAGE: u64 = 200;

/// Topics listed in the topic pane, at most.
const TOPIC_ROWS: usize = 500;

/// What the database worker does.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Job {
    Load(Load),
    Write(Write),
}

/// A read, answered with a message.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Load {
    Feeds,
    Topics { all: bool },
    Stories(Vec<ArticleId>),
    Articles(Filter),
    Article { id: ArticleId, width: u16 },
}

/// A write, answered only when it fails.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Write {
    Read { ids: Vec<ArticleId>, read: bool },
    Starred { id: ArticleId, starred: bool },
}

/// Database and layout jobs, run one at a time on the worker thread.
pub(super) struct Database {
    jobs: Sender<Job>,
}

impl Database {
    /// Starts the worker on its own connection to the database. While
    /// `indexing` is set, it keeps the topic index it has rather than
    /// following every batch the indexer writes.
    pub(super) fn spawn(
        db_path: PathBuf,
        msgs: Sender<Msg>,
        indexing: Arc<AtomicBool>,
    ) -> Database {
        let (jobs, inbox) = channel();
        std::thread::Builder::new()
            .name("tidings-worker".to_owned())
            .spawn(move || run(db_path, inbox, msgs, indexing))
            .map(|_| ())
            // Without a worker the first job fails and the reader says so.
            .unwrap_or(());
        Database { jobs }
    }

    /// Queues a job; false when the worker has stopped.
    pub(super) fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }
}

fn run(db_path: PathBuf, inbox: Receiver<Job>, msgs: Sender<Msg>, indexing: Arc<AtomicBool>) {
    let mut worker = match Store::open(&db_path) {
        Ok(store) => Worker {
            library: Library::following(store, indexing),
            pages: HashMap::new(),
            listed: None,
        },
        Err(e) => {
            let _ = msgs.send(Msg::Failed(format!("cannot open the database: {e}")));
            return;
        }
    };
    while let Ok(first) = inbox.recv() {
        let mut batch = vec![first];
        batch.extend(inbox.try_iter());
        worker.library.recheck_topics();
        for load in newest_loads(batch, &mut worker, &msgs) {
            if let Load::Articles(filter) = &load
                && !worker.send_first_page(filter, &msgs)
            {
                return;
            }
            let msg = worker.load(load);
            let sent = match msg {
                Ok(msg) => msgs.send(msg).is_ok(),
                Err(e) => msgs.send(Msg::Failed(e.to_string())).is_ok(),
            };
            if !sent {
                return;
            }
        }
    }
}

/// Runs a batch's writes in order and keeps, of its loads, only the newest
/// of each kind (every story request counts: they are for different rows).
fn newest_loads(batch: Vec<Job>, worker: &mut Worker, msgs: &Sender<Msg>) -> Vec<Load> {
    let mut loads: Vec<Load> = Vec::new();
    for job in batch {
        match job {
            Job::Write(write) => {
                if let Err(e) = worker.write(write) {
                    let _ = msgs.send(Msg::Failed(e.to_string()));
                }
            }
            Job::Load(load) => {
                if !matches!(load, Load::Stories(_)) {
                    loads.retain(|l| std::mem::discriminant(l) != std::mem::discriminant(&load));
                }
                loads.push(load);
            }
        }
    }
    loads
}

struct Worker {
    library: Library,
    /// Laid-out articles by (id, width, with full text).
    pages: HashMap<(ArticleId, u16, bool), RenderedBody>,
    /// The filter of the last whole list sent: loading it again is a
    /// reload, whose list is on screen already.
    listed: Option<Filter>,
}

impl Worker {
    fn write(&mut self, write: Write) -> Result<()> {
        match write {
            Write::Read { ids, read } => self.library.set_read(&ids, read),
            Write::Starred { id, starred } => self.library.set_starred(id, starred),
        }
    }

    fn load(&mut self, load: Load) -> Result<Msg> {
        match load {
            Load::Feeds => self.library.store().feeds().map(Msg::FeedsLoaded),
            Load::Article { id, width } => self.article(id, width),
            Load::Topics { all } => {
                let mut topics = self.library.topic_counts(!all)?;
                topics.truncate(TOPIC_ROWS);
                Ok(Msg::TopicsLoaded { all, topics })
            }
            Load::Stories(ids) => {
                let stories = ids
                    .into_iter()
                    .map(|id| Ok((id, self.library.story_of(id)?)))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Msg::StoriesLoaded(stories))
            }
            Load::Articles(filter) => self.articles(filter),
        }
    }

    /// A screenful first, so that a new list shows at once even with tens
    /// of thousands of articles (a reload's list is on screen already: a
    /// short one in between would move the selection); false when the
    /// reader has gone.
    fn send_first_page(&mut self, filter: &Filter, msgs: &Sender<Msg>) -> bool {
        if filter.topic.is_some()
            || filter.related_to.is_some()
            || self.listed.as_ref() == Some(filter)
        {
            return true;
        }
        match self.library.list_rows(filter, Some(FIRST_PAGE)) {
            Ok(articles) if articles.len() as u64 == FIRST_PAGE => msgs
                .send(Msg::ArticlesLoaded {
                    filter: filter.clone(),
                    articles,
                })
                .is_ok(),
            _ => true,
        }
    }

    fn articles(&mut self, filter: Filter) -> Result<Msg> {
        let articles = self.library.list_rows(&filter, None)?;
        self.listed = Some(filter.clone());
        Ok(Msg::ArticlesLoaded { filter, articles })
    }

    fn article(&mut self, id: ArticleId, width: u16) -> Result<Msg> {
        let article = self.library.store().article(id)?;
        let key = (
            id,
            width,
            article.as_ref().is_some_and(|a| a.full.is_some()),
        );
        let body = match (&article, self.pages.get(&key)) {
            (_, Some(cached)) => cached.clone(),
            (Some(detail), None) => {
                let labels = self.library.topics_of(id, 8)?;
                let also = self.library.also_covered_by(id, detail.summary.feed_id)?;
                let page = reader_page(detail, width as usize, &labels, &also);
                if self.pages.len() > 64 {
                    self.pages.clear();
                }
                self.pages.insert(key, page.clone());
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
}
