//! One feed's refresh as an async task: the limits it waits on (its host,
//! all fetches, the parsers, the writer's backlog), the fetch, and the
//! parse off the async threads.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::Network;
use super::backoff::wait_after;
use crate::config::{FeedSource, Settings};
use crate::feeds::fetch::{FetchOutcome, Fetcher};
use crate::feeds::parse::parse_feed;
use crate::library::store::{Prepared, prepare};
use crate::model::{ParsedFeed, Validators};

/// How one feed's refresh ended, before anything is stored.
pub(super) enum Outcome {
    /// The feed, its articles prepared for the store, its validators.
    Parsed(ParsedFeed, Vec<Prepared>, Validators),
    NotModified,
    /// The error, how long to leave the feed alone (seconds), if at all,
    /// and the error's whole chain of causes when it says more.
    Failed(String, Option<i64>, Option<String>),
}

/// A finished refresh as the writer receives it: the target's index, the
/// outcome, and the backlog slot its parsed feed holds until stored.
pub(super) type Arrival = (usize, Outcome, Option<OwnedSemaphorePermit>);

/// Feeds whose body is in memory (read, being parsed, or parsed and
/// waiting for the writer), at most: bounds memory when the writer is
/// slower than the network. A body is not read until there is room.
/// 24 keeps the writer fed at 500 feeds x 100 items (with fewer it waits;
/// more only costs memory), measured with the e2e benchmark.
const PARSED_BACKLOG: usize = 24;

/// The limits every refresh task shares.
pub(super) struct Limits {
    /// Fetches at once, over all hosts (`concurrency`).
    pub(super) global: Arc<Semaphore>,
    /// Feeds parsed at once: one per core.
    parsers: Arc<Semaphore>,
    /// Parsed feeds waiting for the writer hold memory; at most this many.
    backlog: Arc<Semaphore>,
    /// Fetches at once per host (`per_host`), made as hosts turn up.
    per_host: HashMap<String, Arc<Semaphore>>,
    per_host_limit: usize,
}

impl Limits {
    pub(super) fn new(settings: &Settings) -> Limits {
        Limits {
            global: Arc::new(Semaphore::new(settings.concurrency)),
            parsers: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
            backlog: Arc::new(Semaphore::new(PARSED_BACKLOG)),
            per_host: HashMap::new(),
            per_host_limit: settings.per_host,
        }
    }

    /// The limits a refresh of `source` waits on (a host's only for the web).
    fn for_source(&mut self, source: &FeedSource) -> TaskLimits {
        let host = match source {
            FeedSource::Http(url) => Some(
                self.per_host
                    .entry(url.host_str().unwrap_or("").to_owned())
                    .or_insert_with(|| Arc::new(Semaphore::new(self.per_host_limit)))
                    .clone(),
            ),
            FeedSource::Local(_) => None,
        };
        TaskLimits {
            host,
            global: self.global.clone(),
            parsers: self.parsers.clone(),
            backlog: self.backlog.clone(),
        }
    }
}

/// The limits one feed's refresh waits on.
struct TaskLimits {
    host: Option<Arc<Semaphore>>,
    global: Arc<Semaphore>,
    parsers: Arc<Semaphore>,
    backlog: Arc<Semaphore>,
}

/// What one feed's task needs to know: where to fetch from, the
/// validators of the last fetch, and how many refreshes failed in a row.
pub(super) struct Job {
    pub(super) index: usize,
    pub(super) source: FeedSource,
    pub(super) validators: Validators,
    pub(super) failures: u32,
}

/// Starts `job` on the network's runtime; its [`Arrival`] is sent on `tx`.
pub(super) fn spawn(network: &mut Network, job: Job, tx: mpsc::Sender<Arrival>) {
    let limits = network.limits.for_source(&job.source);
    let fetcher = network.fetcher.clone();
    network.runtime.spawn(async move {
        let (outcome, permit) =
            refresh_one(&fetcher, &job.source, &job.validators, job.failures, limits).await;
        let _ = tx.send((job.index, outcome, permit));
    });
}

async fn refresh_one(
    fetcher: &Fetcher,
    source: &FeedSource,
    validators: &Validators,
    failures: u32,
    limits: TaskLimits,
) -> (Outcome, Option<OwnedSemaphorePermit>) {
    // Wait for the host first so a busy host does not hold global slots.
    let host = match &limits.host {
        Some(limit) => limit.acquire().await.ok(),
        None => None,
    };
    let (fetched, permit) = {
        let _slot = limits.global.acquire().await;
        // A body is read only once there is room for it in the backlog:
        // until then it waits in the socket, not in memory.
        let room = limits.backlog.clone().acquire_owned();
        let (fetched, permit) = fetcher.fetch_when(source, validators, room).await;
        (fetched, permit.and_then(Result::ok))
    };
    drop(host);
    let fetched = match fetched {
        Ok(FetchOutcome::NotModified) => return (Outcome::NotModified, None),
        Ok(FetchOutcome::Fetched(fetched)) => fetched,
        Err(e) => {
            return (
                Outcome::Failed(e.to_string(), wait_after(&e, failures), e.detail()),
                None,
            );
        }
    };
    let _parser = limits.parsers.acquire().await;
    let base = Some(fetched.final_url.clone()).filter(|u| u.starts_with("http"));
    let parsed = tokio::task::spawn_blocking(move || {
        parse_feed(
            &fetched.bytes,
            fetched.content_type.as_deref(),
            base.as_deref(),
        )
        .map(|mut feed| {
            // Bodies are packed and fingerprinted here, in parallel, not
            // on the one writer, which stores the packed bodies only: the
            // unpacked ones go now rather than wait in the backlog.
            let prepared = feed.articles.iter().map(prepare).collect();
            for article in &mut feed.articles {
                article.content = None;
            }
            (feed, prepared, fetched.validators)
        })
    })
    .await;
    let outcome = match parsed {
        Ok(Ok((feed, prepared, validators))) => Outcome::Parsed(feed, prepared, validators),
        Ok(Err(e)) => Outcome::Failed(e.to_string(), None, None),
        Err(e) => Outcome::Failed(format!("parser task failed: {e}"), None, None),
    };
    (outcome, permit)
}
