//! Sync with a feed server, offline first: the server's feeds and entries
//! join the local ones, and read and starred changes made here are queued
//! in the database (with the change itself) and sent on the next sync.
//!
//! Two APIs, one `Server` trait each (`miniflux.rs`, `greader/`); the
//! pull, diff and push logic is here and in `pull.rs`, once. A sync pulls
//! first, then pushes. Pulling takes the server's feeds (their folders as
//! tags) and its entries. Miniflux's REST API gives, on the first sync, the
//! unread and starred ones, after that only those changed since the last
//! sync (by the server's own clock), each with its change time: where an
//! entry changed both here and on the server, the later change wins. The
//! Google Reader API gives lists of unread and starred ids: contents are
//! fetched only for ids not stored yet, and the stored entries take their
//! state from the lists, except where a change made here waits to be sent
//! (it is newer than the state this tidings last saw). Pushing sends the
//! queue in batches; a change is cleared only once the server took it, so
//! a server that is down or a killed process loses nothing, and sending
//! again never flips a state. `subscribe.rs` follows and drops feeds.

use std::path::Path;

use serde::Serialize;

use crate::library::now_secs;
use crate::library::store::{QueuedChange, RemoteEntry, RemoteFeed, Store, StoreError};
use crate::text::sanitize::clean_line;

mod backoff;
pub mod config;
mod entries;
mod greader;
mod http;
mod miniflux;
mod pull;
mod subscribe;

pub use backoff::sync_when_due;
pub use subscribe::{SubscribeReport, subscribe, unsubscribe};

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
}

/// Where a server's pulled entries go: stored page by page as they
/// arrive, with progress.
pub(super) trait Sink {
    /// The server says how many entries more are on their way.
    fn expect(&mut self, more: u64);
    /// Stores one page of entries.
    fn page(&mut self, entries: Vec<RemoteEntry>) -> Result<(), SyncError>;
}

/// What changed on the server since the last sync.
pub(super) enum Changes {
    /// Every changed entry went to the sink, with its change time.
    Paged,
    /// The server's lists of unread and starred entry ids: the state is
    /// taken from them, contents are fetched only for ids not stored yet.
    Lists {
        unread: Vec<String>,
        starred: Vec<String>,
    },
}

/// What a sync server offers: its feeds, its entries, taking changes, and
/// subscribing. One per API; the pull, diff and push logic is shared.
pub(super) trait Server {
    /// The server's feeds, and its clock (Unix seconds) when it answered.
    fn feeds(&mut self) -> Result<(Vec<RemoteFeed>, Option<i64>), SyncError>;
    /// What changed: everything unread or starred when `since` is `None`,
    /// else what changed since then (a server may answer with its lists).
    fn changes(&mut self, since: Option<i64>, sink: &mut dyn Sink) -> Result<Changes, SyncError>;
    /// The entries with these ids (for a server that answers with lists).
    fn contents(&mut self, ids: &[String], sink: &mut dyn Sink) -> Result<(), SyncError>;
    /// Sends changes; an error leaves them all queued.
    fn push(&mut self, changes: &[QueuedChange]) -> Result<(), SyncError>;
    /// Follows a feed on the server, in the folder `folder` when given.
    fn subscribe(&mut self, feed: &NewSubscription) -> Result<(), SyncError>;
    /// Stops following the feed with the server's id `remote`.
    fn unsubscribe(&mut self, remote: &str) -> Result<(), SyncError>;
}

/// A feed to follow on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    pub url: String,
    pub title: Option<String>,
    /// The server's folder (a server keeps one per feed).
    pub folder: Option<String>,
}

impl NewSubscription {
    /// A feed with its name and tags as the config has them: the first
    /// tag becomes the server's folder.
    pub fn new(url: &str, name: Option<&str>, tags: &[String]) -> NewSubscription {
        let clean = |t: &str| Some(clean_line(t)).filter(|t| !t.is_empty());
        NewSubscription {
            url: url.trim().to_owned(),
            title: name.and_then(clean),
            folder: tags.iter().find_map(|t| clean(t)),
        }
    }
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

/// How far a sync is: entries pulled (of those the server announced) or
/// changes pushed (of those queued).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncProgress {
    Pulled { done: u64, total: u64 },
    Pushed { done: u64, total: u64 },
}

impl std::fmt::Display for SyncProgress {
    /// "Syncing: pulled 1200/10000", as the status line and a terminal show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, done, total) = match self {
            SyncProgress::Pulled { done, total } => ("pulled", done, total),
            SyncProgress::Pushed { done, total } => ("pushed", done, total),
        };
        write!(f, "Syncing: {what} {done}/{total}")
    }
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
        pull_and_push(store, config, server.as_mut(), &mut report, &mut progress)
    });
    finish(store, report, result)
}

/// A sync on a server already connected: pull, then push.
fn pull_and_push(
    store: &mut Store,
    config: &SyncConfig,
    server: &mut dyn Server,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<(), SyncError> {
    pull::pull(store, &config.account(), server, report, progress)?;
    push(store, server, report, progress)
}

/// Records how a sync ended (its error, the time, what still waits).
fn finish(store: &mut Store, mut report: SyncReport, result: Result<(), SyncError>) -> SyncReport {
    if let Err(e) = result {
        report.error = Some(e.to_string());
    }
    report.queued = store.queued_count().unwrap_or(0);
    backoff::record(store, report.error.is_some(), now_secs());
    let _ = store.set_sync_value("last_sync", Some(&now_secs().to_string()));
    let _ = store.set_sync_value("last_error", report.error.as_deref());
    report
}

fn connect(config: &SyncConfig, base: &Path) -> Result<Box<dyn Server>, SyncError> {
    let url = config.base_url()?;
    let credentials = config.credentials(base)?;
    match config.kind {
        SyncKind::Miniflux => Ok(Box::new(miniflux::Miniflux::connect(url, &credentials)?)),
        SyncKind::Greader => Ok(Box::new(greader::GReader::connect(url, &credentials)?)),
    }
}

fn push(
    store: &mut Store,
    server: &mut dyn Server,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<(), SyncError> {
    let total = store.queued_count()?;
    loop {
        let changes = store.queued_changes(PUSH_BATCH)?;
        if changes.is_empty() {
            return Ok(());
        }
        server.push(&changes)?;
        store.clear_sent(&changes)?;
        report.pushed += changes.len() as u64;
        progress(SyncProgress::Pushed {
            done: report.pushed,
            total: total.max(report.pushed),
        });
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
