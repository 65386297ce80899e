//! The refresher: a refresh on its own thread and connection, at most one
//! at a time; when it ends, the indexer is woken for the new articles.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Settings;
use crate::feeds::refresh::{RefreshTarget, refresh_feeds};
use crate::feeds::{notify, schedule};
use crate::library::store::Store;
use crate::model::FeedId;
use crate::reader::app::Msg;
use crate::sync::SyncConfig;

/// How often, at most, the reader reloads its list during a refresh.
const PULSE: Duration = Duration::from_secs(1);

/// Whether a refresh syncs, and how: not at all, at once, or unless a
/// failing server's back-off wait is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syncing {
    Skip,
    Now,
    WhenDue,
}

/// Runs a refresh on its own thread and connection; at most one at a time.
/// When it ends, the indexer is woken for the new articles.
pub(super) struct Refresher {
    running: Arc<AtomicBool>,
    db_path: PathBuf,
    settings: Settings,
    /// The feeds to refresh; replaced when the feed list changes.
    targets: Arc<Mutex<Vec<RefreshTarget>>>,
    index: Sender<()>,
    /// The feed server a full refresh syncs with, and the config's folder.
    sync: Option<(SyncConfig, PathBuf)>,
}

impl Refresher {
    pub(super) fn new(
        db_path: PathBuf,
        settings: Settings,
        targets: Vec<RefreshTarget>,
        index: Sender<()>,
        sync: Option<(SyncConfig, PathBuf)>,
    ) -> Refresher {
        Refresher {
            running: Arc::new(AtomicBool::new(false)),
            db_path,
            settings,
            targets: Arc::new(Mutex::new(targets)),
            index,
            sync,
        }
    }

    /// The feeds it refreshes, shared with whoever changes the list.
    pub(super) fn targets(&self) -> Arc<Mutex<Vec<RefreshTarget>>> {
        self.targets.clone()
    }

    /// Starts refreshing `feeds` (all when `None`); false if one is running.
    pub(super) fn start(&self, feeds: Option<&[FeedId]>, msgs: Sender<Msg>) -> bool {
        // Refreshing one feed leaves the server alone; `R` syncs too, at
        // once: the user asked.
        let sync = if feeds.is_none() {
            Syncing::Now
        } else {
            Syncing::Skip
        };
        self.run(feeds, sync, msgs)
    }

    /// The timer's refresh: the feeds whose interval has passed, and the
    /// sync. False if a refresh is running.
    pub(super) fn start_due(&self, msgs: Sender<Msg>) -> bool {
        if self.running.load(Ordering::SeqCst) {
            return false;
        }
        let targets = self
            .targets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let checked = Store::open(&self.db_path).and_then(|store| Ok(store.last_checked()?));
        let Ok(checked) = checked else {
            return true; // no database now: the next tick tries again
        };
        let now = crate::library::now_secs();
        let due = schedule::due(&targets, &checked, self.settings.refresh_minutes, now);
        if due.is_empty() && self.sync.is_none() {
            return true;
        }
        // The timer leaves a failing server alone while it waits.
        self.run(Some(&due), Syncing::WhenDue, msgs)
    }

    fn run(&self, feeds: Option<&[FeedId]>, syncing: Syncing, msgs: Sender<Msg>) -> bool {
        if self.running.swap(true, Ordering::SeqCst) {
            return false;
        }
        let targets: Vec<RefreshTarget> = self
            .targets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
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
        let sync = self.sync.clone().filter(|_| syncing != Syncing::Skip);
        let spawned = std::thread::Builder::new()
            .name("tidings-refresh".to_owned())
            .spawn(move || {
                let _ = msgs.send(Msg::RefreshStarted {
                    total: targets.len(),
                });
                let result = Store::open(&db_path).and_then(|mut store| {
                    let before = store.last_article_id()?;
                    let mut pulsed = Instant::now();
                    refresh_feeds(&mut store, &settings, &targets, |report| {
                        let _ = msgs.send(Msg::FeedRefreshed(report.clone()));
                        if pulsed.elapsed() >= PULSE {
                            pulsed = Instant::now();
                            let _ = msgs.send(Msg::RefreshPulse);
                        }
                    })?;
                    let synced = sync.map(|(config, base)| {
                        let progress = |p| {
                            let _ = msgs.send(Msg::Syncing(p));
                        };
                        match syncing {
                            Syncing::WhenDue => {
                                crate::sync::sync_when_due(&mut store, &config, &base, progress)
                            }
                            _ => crate::sync::sync(&mut store, &config, &base, progress),
                        }
                    });
                    crate::feeds::refresh::prune(&mut store, &targets);
                    let arrivals = store.arrivals(before, notify::TITLES)?;
                    if let Err(e) = notify::notify(&settings.notify_command, &arrivals) {
                        let _ = msgs.send(Msg::Failed(e.to_string()));
                    }
                    Ok(synced)
                });
                match result {
                    Err(e) => {
                        let _ = msgs.send(Msg::Failed(format!("refresh failed: {e}")));
                    }
                    Ok(Some(report)) => {
                        let (pulled, error) = (report.pulled, report.error);
                        let _ = msgs.send(Msg::Synced { pulled, error });
                    }
                    Ok(None) => {}
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
