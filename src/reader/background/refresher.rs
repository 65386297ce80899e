//! The refresher: a refresh on its own thread and connection, at most one
//! at a time; when it ends, the indexer is woken for the new articles.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use crate::config::Settings;
use crate::feeds::notify;
use crate::feeds::refresh::{RefreshTarget, refresh_feeds};
use crate::library::store::Store;
use crate::model::FeedId;
use crate::reader::app::Msg;
use crate::sync::SyncConfig;

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
        // Refreshing one feed leaves the server alone; `R` syncs too.
        let sync = self.sync.clone().filter(|_| feeds.is_none());
        let spawned = std::thread::Builder::new()
            .name("tidings-refresh".to_owned())
            .spawn(move || {
                let _ = msgs.send(Msg::RefreshStarted {
                    total: targets.len(),
                });
                let result = Store::open(&db_path).and_then(|mut store| {
                    let before = store.last_article_id()?;
                    refresh_feeds(&mut store, &settings, &targets, |report| {
                        let _ = msgs.send(Msg::FeedRefreshed(report.clone()));
                    })?;
                    let synced = sync.map(|(config, base)| {
                        crate::sync::sync(&mut store, &config, &base, |_| {})
                    });
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
                        if let Some(e) = report.error {
                            let _ = msgs.send(Msg::Failed(format!("sync failed: {e}")));
                        }
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
