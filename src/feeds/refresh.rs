//! Refreshing feeds: fetch all of them concurrently (a global and a
//! per-host limit), parse off the async threads, and store feeds as they
//! arrive (the feeds waiting together share a transaction; each is stored
//! whole or not at all). Search and topic entries are left to
//! `crate::library::indexer`. Used by `tidings refresh` and the reader.
//!
//! One feed's failure is recorded for that feed and never stops the others.
//!
//! Here the run is put together; `task` refreshes one feed, `writer`
//! stores what arrives, `full_text` fetches pages afterwards, `backoff`
//! says how long failing feeds are left alone and `report` words it all.

mod backoff;
mod full_text;
mod report;
mod task;
mod writer;

use std::sync::mpsc;

use crate::config::{FeedConfig, Settings};
use crate::feeds::fetch::{FetchError, Fetcher};
use crate::library::now_secs;
use crate::library::store::{Store, StoreError};
use crate::model::{FeedId, FeedReport};
use full_text::fetch_full_texts;
use report::{Reports, deferred_report, fail_all};
use task::{Arrival, Job, Limits};
use writer::store_arrivals;

/// A feed to refresh: its stored id and its config entry.
#[derive(Debug, Clone)]
pub struct RefreshTarget {
    pub id: FeedId,
    pub feed: FeedConfig,
}

impl RefreshTarget {
    /// Stored feed ids (from `Store::sync_feeds`) with their config entries.
    /// Feeds with `enabled = false` are left out: never refreshed.
    pub fn pair(ids: &[FeedId], feeds: &[FeedConfig]) -> Vec<RefreshTarget> {
        ids.iter()
            .zip(feeds)
            .filter(|(_, feed)| feed.options.enabled)
            .map(|(id, feed)| RefreshTarget {
                id: *id,
                feed: feed.clone(),
            })
            .collect()
    }
}

/// Applies each target's `max_articles`: older read, unstarred articles
/// go (a feed's failure to prune is no refresh's failure).
pub fn prune(store: &mut Store, targets: &[RefreshTarget]) {
    for target in targets {
        if let Some(keep) = target.feed.options.max_articles {
            let _ = store.prune_feed(target.id, keep);
        }
    }
}

/// Refreshes `targets`, calling `on_report` as each feed finishes (in
/// completion order). Returns the reports in the order of `targets`.
pub fn refresh_feeds(
    store: &mut Store,
    settings: &Settings,
    targets: &[RefreshTarget],
    mut on_report: impl FnMut(&FeedReport),
) -> Result<Vec<FeedReport>, StoreError> {
    let mut network = match Network::start(settings) {
        Ok(network) => network,
        Err(e) => return Ok(fail_all(store, targets, &e.to_string(), &mut on_report)),
    };
    let (tx, rx) = mpsc::channel::<Arrival>();
    let now = now_secs();
    let deferred = spawn_due(store, targets, &mut network, &tx, now)?;
    drop(tx);
    let mut reports = Reports::new(targets.len());
    for (index, wait) in deferred {
        reports.record(
            index,
            deferred_report(&targets[index], wait),
            &mut on_report,
        );
    }
    store_arrivals(store, targets, &rx, now, &mut reports, &mut on_report)?;
    fetch_full_texts(store, settings, targets, &network, now)?;
    network.runtime.shutdown_background();
    Ok(reports.finish(targets))
}

/// What the refresh's tasks run on and share.
struct Network {
    runtime: tokio::runtime::Runtime,
    fetcher: Fetcher,
    limits: Limits,
}

impl Network {
    /// Starts the runtime and the HTTP client.
    fn start(settings: &Settings) -> Result<Network, StartError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(StartError::Runtime)?;
        let fetcher = Fetcher::new(settings).map_err(StartError::Client)?;
        Ok(Network {
            runtime,
            fetcher,
            limits: Limits::new(settings),
        })
    }
}

/// Why a refresh could not start; every feed then reports it.
#[derive(Debug, thiserror::Error)]
enum StartError {
    #[error("cannot start the network runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Client(FetchError),
}

/// Starts a task for every target that is due, each sending its outcome
/// on `tx`. Returns the targets left alone for now: their index and the
/// seconds until they are due.
fn spawn_due(
    store: &Store,
    targets: &[RefreshTarget],
    network: &mut Network,
    tx: &mpsc::Sender<Arrival>,
    now: i64,
) -> Result<Vec<(usize, i64)>, StoreError> {
    let mut deferred = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        let (retry_at, failures) = store.backoff(target.id)?;
        if let Some(at) = retry_at.filter(|&at| at > now) {
            deferred.push((index, at - now));
            continue;
        }
        let job = Job {
            index,
            source: target.feed.source.clone(),
            validators: store.validators(target.id)?,
            failures,
        };
        task::spawn(network, job, tx.clone());
    }
    Ok(deferred)
}
