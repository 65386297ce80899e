//! Sync with a feed server, offline first: the server's feeds and entries
//! join the local ones, and read and starred changes made here are queued
//! in the database (with the change itself) and sent on the next sync.
//!
//! A sync pulls first, then pushes. Pulling takes the server's feeds (their
//! folders as tags) and its entries: on the first sync the unread and
//! starred ones, after that only those changed since the last sync (by the
//! server's own clock). Where an entry changed both here and on the server,
//! the newer change wins: the server's change time against the time the
//! change was made here. Pushing sends the queue in batches; a change is
//! cleared only once the server took it, so a server that is down or a
//! killed process loses nothing, and sending again never flips a state.

use std::path::Path;

use serde::Serialize;

use crate::library::now_secs;
use crate::library::store::{RemoteEntry, RemoteFeed, Store, StoreError};

pub mod config;
mod entries;
mod http;
mod miniflux;

pub use config::{SyncConfig, SyncKind};

/// Changes sent in one request batch.
const PUSH_BATCH: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Config(String),
    #[error("the server refused the credentials ({0})")]
    Auth(u16),
    #[error("cannot reach the server: {0}")]
    Network(String),
    #[error("{0}")]
    Server(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the {0} API is not supported yet")]
    Unsupported(&'static str),
}

/// A page of pulled entries, stored as it arrives.
type Page<'a> = &'a mut dyn FnMut(Vec<RemoteEntry>) -> Result<(), SyncError>;

/// What a sync server offers: its feeds, its entries, and taking changes.
trait Server {
    /// The server's feeds, and its clock (Unix seconds) when it answered.
    fn feeds(&mut self) -> Result<(Vec<RemoteFeed>, Option<i64>), SyncError>;
    /// Entries to store, page by page: everything unread or starred when
    /// `since` is `None`, else what changed since then.
    fn pull(&mut self, since: Option<i64>, page: Page<'_>) -> Result<(), SyncError>;
    /// Sends changes; an error leaves them all queued.
    fn push(&mut self, changes: &[crate::library::store::QueuedChange]) -> Result<(), SyncError>;
}

/// What one sync did, as `tidings sync --json` and `refresh --json` say it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Entries from the server new here, or whose state changed here.
    pub pulled: u64,
    /// Changes sent to the server.
    pub pushed: u64,
    /// Changes still waiting to be sent.
    pub queued: u64,
    pub error: Option<String>,
}

/// How far a sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProgress {
    Pulled(u64),
    Pushed(u64),
}

/// Syncs once: pull, then push. Errors end up in the report (what was
/// done stays done); `base` resolves the config's relative paths.
pub fn sync(
    store: &mut Store,
    config: &SyncConfig,
    base: &Path,
    mut progress: impl FnMut(SyncProgress),
) -> SyncReport {
    let mut report = SyncReport::default();
    let result = connect(config, base).and_then(|mut server| {
        pull(
            store,
            &config.account(),
            server.as_mut(),
            &mut report,
            &mut progress,
        )?;
        push(store, server.as_mut(), &mut report, &mut progress)
    });
    if let Err(e) = result {
        report.error = Some(e.to_string());
    }
    report.queued = store.queued_count().unwrap_or(0);
    let _ = store.set_sync_value("last_sync", Some(&now_secs().to_string()));
    let _ = store.set_sync_value("last_error", report.error.as_deref());
    report
}

fn connect(config: &SyncConfig, base: &Path) -> Result<Box<dyn Server>, SyncError> {
    let url = config.base_url()?;
    let credentials = config.credentials(base)?;
    match config.kind {
        SyncKind::Miniflux => Ok(Box::new(miniflux::Miniflux::connect(url, &credentials)?)),
        SyncKind::Greader => Err(SyncError::Unsupported("Google Reader")),
    }
}

fn pull(
    store: &mut Store,
    account: &str,
    server: &mut dyn Server,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<(), SyncError> {
    let cursor_key = format!("{account}.changed_after");
    let since = store
        .sync_value(&cursor_key)?
        .and_then(|v| v.parse::<i64>().ok());
    let (feeds, clock) = server.feeds()?;
    let feed_ids = store.upsert_remote_feeds(account, &feeds)?;
    // The next pull starts at the latest change seen, but never after this
    // pull began (a change made meanwhile is then pulled next time): both
    // are the server's clock. Entries of that last second come again.
    let mut latest: Option<i64> = None;
    server.pull(since, &mut |entries| {
        report.pulled += store.store_remote_entries(&feed_ids, &entries, now_secs())?;
        latest = entries
            .iter()
            .filter_map(|e| e.changed_at)
            .chain(latest)
            .max();
        progress(SyncProgress::Pulled(report.pulled));
        Ok(())
    })?;
    let started = clock.unwrap_or_else(now_secs);
    let next = match (latest, since) {
        (Some(latest), _) => latest.min(started),
        (None, Some(since)) => since,
        (None, None) => started,
    };
    store.set_sync_value(&cursor_key, Some(&next.to_string()))?;
    Ok(())
}

fn push(
    store: &mut Store,
    server: &mut dyn Server,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<(), SyncError> {
    loop {
        let changes = store.queued_changes(PUSH_BATCH)?;
        if changes.is_empty() {
            return Ok(());
        }
        server.push(&changes)?;
        store.clear_sent(&changes)?;
        report.pushed += changes.len() as u64;
        progress(SyncProgress::Pushed(report.pushed));
        if changes.len() < PUSH_BATCH {
            return Ok(());
        }
    }
}

/// When the last sync ran and how it ended, for `tidings sync --status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub account: String,
    /// Unix seconds.
    pub last_sync: Option<i64>,
    pub last_error: Option<String>,
    pub queued: u64,
}

pub fn status(store: &Store, config: &SyncConfig) -> Result<SyncStatus, SyncError> {
    Ok(SyncStatus {
        account: config.account(),
        last_sync: store.sync_value("last_sync")?.and_then(|v| v.parse().ok()),
        last_error: store.sync_value("last_error")?,
        queued: store.queued_count()?,
    })
}
