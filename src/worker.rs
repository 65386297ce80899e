//! Runs the reader's effects off the UI thread: database reads and writes,
//! laying out articles, and refreshes. Reports back with `Msg`s over the
//! same channel the terminal events arrive on.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::{Effect, Msg};
use crate::config::Settings;
use crate::model::ArticleId;
use crate::refresh::{RefreshTarget, refresh_feeds};
use crate::render::{RenderedBody, reader_page};
use crate::store::Store;

/// Database and layout jobs, run one at a time on the worker thread.
pub struct Worker {
    jobs: Sender<Effect>,
}

impl Worker {
    /// Starts the worker on its own connection to the database.
    pub fn spawn(db_path: PathBuf, msgs: Sender<Msg>) -> Worker {
        let (jobs, inbox) = channel();
        std::thread::Builder::new()
            .name("tidings-worker".to_owned())
            .spawn(move || run(db_path, inbox, msgs))
            .map(|_| ())
            .unwrap_or_else(|e| eprintln!("tidings: cannot start the worker: {e}"));
        Worker { jobs }
    }

    /// Queues a job; false when the worker has stopped.
    pub fn send(&self, effect: Effect) -> bool {
        self.jobs.send(effect).is_ok()
    }
}

fn run(db_path: PathBuf, inbox: Receiver<Effect>, msgs: Sender<Msg>) {
    let mut store = match Store::open(&db_path) {
        Ok(store) => store,
        Err(e) => {
            let _ = msgs.send(Msg::Failed(format!("cannot open the database: {e}")));
            return;
        }
    };
    let mut pages: HashMap<(ArticleId, u16), RenderedBody> = HashMap::new();
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
                load @ (Effect::LoadFeeds
                | Effect::LoadArticles(_)
                | Effect::LoadArticle { .. }) => {
                    loads.retain(|l| std::mem::discriminant(l) != std::mem::discriminant(&load));
                    loads.push(load);
                }
                Effect::Refresh { .. } | Effect::OpenUrl(_) | Effect::Suspend => {}
            }
        }
        for load in loads {
            let msg = match load {
                Effect::LoadFeeds => store.feeds().map(Msg::FeedsLoaded),
                Effect::LoadArticles(filter) => store
                    .articles(&(&filter).into())
                    .map(|articles| Msg::ArticlesLoaded { filter, articles }),
                Effect::LoadArticle { id, width } => store.article(id).map(|article| {
                    let body = match (&article, pages.get(&(id, width))) {
                        (_, Some(cached)) => cached.clone(),
                        (Some(detail), None) => {
                            let page = reader_page(detail, width as usize);
                            if pages.len() > 64 {
                                pages.clear();
                            }
                            pages.insert((id, width), page.clone());
                            page
                        }
                        (None, None) => RenderedBody::default(),
                    };
                    Msg::ArticleLoaded {
                        id,
                        width,
                        article,
                        body,
                    }
                }),
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

fn report<T>(msgs: &Sender<Msg>, result: crate::store::Result<T>) {
    if let Err(e) = result {
        let _ = msgs.send(Msg::Failed(e.to_string()));
    }
}

/// Runs a refresh on its own thread and connection; at most one at a time.
pub struct Refresher {
    running: Arc<AtomicBool>,
    db_path: PathBuf,
    settings: Settings,
    targets: Vec<RefreshTarget>,
}

impl Refresher {
    pub fn new(db_path: PathBuf, settings: Settings, targets: Vec<RefreshTarget>) -> Refresher {
        Refresher {
            running: Arc::new(AtomicBool::new(false)),
            db_path,
            settings,
            targets,
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
        let (running, db_path, settings) = (
            self.running.clone(),
            self.db_path.clone(),
            self.settings.clone(),
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
            });
        if spawned.is_err() {
            self.running.store(false, Ordering::SeqCst);
            return false;
        }
        true
    }
}
