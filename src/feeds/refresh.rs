//! Refreshing feeds: fetch all of them concurrently (a global and a
//! per-host limit), parse off the async threads, and store feeds as they
//! arrive (the feeds waiting together share a transaction; each is stored
//! whole or not at all). Search and topic entries are left to
//! `crate::library::indexer`. Used by `tidings refresh` and the reader.
//!
//! One feed's failure is recorded for that feed and never stops the others.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::{FeedConfig, FeedSource, Settings};
use crate::feeds::fetch::{FetchError, FetchOutcome, Fetcher};
use crate::feeds::parse::parse_feed;
use crate::library::now_secs;
use crate::library::store::{Prepared, Store, StoreError, prepare};
use crate::model::Validators;
use crate::model::{FeedId, FeedReport, ParsedFeed, RefreshStatus};

/// A feed to refresh: its stored id and its config entry.
#[derive(Debug, Clone)]
pub struct RefreshTarget {
    pub id: FeedId,
    pub feed: FeedConfig,
}

impl RefreshTarget {
    /// Stored feed ids (from `Store::sync_feeds`) with their config entries.
    pub fn pair(ids: &[FeedId], feeds: &[FeedConfig]) -> Vec<RefreshTarget> {
        ids.iter()
            .zip(feeds)
            .map(|(id, feed)| RefreshTarget {
                id: *id,
                feed: feed.clone(),
            })
            .collect()
    }
}

enum Outcome {
    /// The feed, its articles prepared for the store, its validators.
    Parsed(ParsedFeed, Vec<Prepared>, Validators),
    NotModified,
    /// The error, and how long to leave the feed alone (seconds), if at all.
    Failed(String, Option<i64>),
}

/// The shortest and longest waits after a server said "later" or failed.
const MIN_WAIT: i64 = 60;
const MAX_WAIT: i64 = 6 * 3600;

/// How long to leave a feed alone after `error`, given how many of its
/// refreshes failed in a row before: what a 429/503 asked for (clamped),
/// else a wait that doubles with each 5xx (1 min, 2, 4 ... at most 6 h).
/// Other errors (timeouts, bad feeds) are retried at the next refresh.
fn wait_after(error: &FetchError, failures: u32) -> Option<i64> {
    let doubling = (MIN_WAIT << failures.min(16)).min(MAX_WAIT);
    match error {
        FetchError::RetryLater { after, .. } => Some(
            after
                .map_or(doubling, |s| s.min(MAX_WAIT as u64) as i64)
                .clamp(MIN_WAIT, MAX_WAIT),
        ),
        FetchError::Status { code, .. } if *code >= 500 => Some(doubling),
        _ => None,
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let message = format!("cannot start the network runtime: {e}");
            return Ok(fail_all(store, targets, &message, &mut on_report));
        }
    };
    let fetcher = match Fetcher::new(settings) {
        Ok(fetcher) => fetcher,
        Err(e) => return Ok(fail_all(store, targets, &e.to_string(), &mut on_report)),
    };
    let global = Arc::new(Semaphore::new(settings.concurrency));
    let parsers = Arc::new(Semaphore::new(
        std::thread::available_parallelism().map_or(2, |n| n.get()),
    ));
    // Parsed feeds waiting for the writer hold memory; at most this many.
    let backlog = Arc::new(Semaphore::new(PARSED_BACKLOG));
    let mut per_host: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let (tx, rx) = mpsc::channel::<(usize, Outcome, Option<OwnedSemaphorePermit>)>();
    let now = now_secs();
    let mut deferred = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        let (retry_at, failures) = store.backoff(target.id)?;
        if let Some(at) = retry_at.filter(|&at| at > now) {
            deferred.push((index, at - now));
            continue;
        }
        let validators = store.validators(target.id)?;
        let host_limit = match &target.feed.source {
            FeedSource::Http(url) => Some(
                per_host
                    .entry(url.host_str().unwrap_or("").to_owned())
                    .or_insert_with(|| Arc::new(Semaphore::new(settings.per_host)))
                    .clone(),
            ),
            FeedSource::Local(_) => None,
        };
        let source = target.feed.source.clone();
        let (fetcher, global, parsers, backlog, tx) = (
            fetcher.clone(),
            global.clone(),
            parsers.clone(),
            backlog.clone(),
            tx.clone(),
        );
        runtime.spawn(async move {
            let limits = Limits {
                host: host_limit,
                global,
                parsers,
                backlog,
            };
            let (outcome, permit) =
                refresh_one(&fetcher, &source, &validators, failures, limits).await;
            let _ = tx.send((index, outcome, permit));
        });
    }
    drop(tx);
    let mut reports: Vec<Option<FeedReport>> = vec![None; targets.len()];
    for (index, wait) in deferred {
        let reason = format!(
            "not fetched: the host asked to wait, or keeps failing; next try {}",
            in_words(wait)
        );
        let report = report_for(&targets[index], RefreshStatus::Deferred, 0, Some(reason));
        on_report(&report);
        reports[index] = Some(report);
    }
    while let Ok(first) = rx.recv() {
        // Whatever else has arrived is stored in the same transaction:
        // fewer commits, each feed still whole or not at all.
        let mut batch = vec![first];
        let mut articles = batch_articles(&batch[0].1);
        while articles < BATCH_ARTICLES {
            let Ok(next) = rx.try_recv() else { break };
            articles += batch_articles(&next.1);
            batch.push(next);
        }
        let stored = store_outcomes(store, targets, &batch, now)?;
        for ((index, _, permit), report) in batch.into_iter().zip(stored) {
            drop(permit);
            on_report(&report);
            reports[index] = Some(report);
        }
    }
    fetch_full_texts(store, settings, targets, &runtime, &fetcher, &global, now)?;
    runtime.shutdown_background();
    Ok(reports
        .into_iter()
        .zip(targets)
        .map(|(report, target)| {
            report.unwrap_or_else(|| {
                report_for(
                    target,
                    RefreshStatus::Error,
                    0,
                    Some("refresh task ended early".to_owned()),
                )
            })
        })
        .collect())
}

/// The limits one feed's refresh waits on.
struct Limits {
    host: Option<Arc<Semaphore>>,
    global: Arc<Semaphore>,
    parsers: Arc<Semaphore>,
    backlog: Arc<Semaphore>,
}

/// Feeds parsed but not yet stored, at most (bounds memory when the
/// writer is slower than the network and the parsers).
/// 24 keeps the writer fed at 500 feeds x 100 items (with fewer it waits;
/// more only costs memory), measured with the e2e benchmark.
const PARSED_BACKLOG: usize = 24;

/// Articles stored in one transaction, about: the writer takes every feed
/// waiting until it has this many.
const BATCH_ARTICLES: usize = 5000;

fn batch_articles(outcome: &Outcome) -> usize {
    match outcome {
        Outcome::Parsed(feed, ..) => feed.articles.len().max(1),
        _ => 1,
    }
}

async fn refresh_one(
    fetcher: &Fetcher,
    source: &FeedSource,
    validators: &Validators,
    failures: u32,
    limits: Limits,
) -> (Outcome, Option<OwnedSemaphorePermit>) {
    // Wait for the host first so a busy host does not hold global slots.
    let host = match &limits.host {
        Some(limit) => limit.acquire().await.ok(),
        None => None,
    };
    let (fetched, permit) = {
        let _slot = limits.global.acquire().await;
        let fetched = fetcher.fetch(source, validators).await;
        // A body waits for room in the backlog while still holding its
        // fetch slot, so at most `concurrency` bodies are ever in memory.
        let permit = match &fetched {
            Ok(FetchOutcome::Fetched(_)) => limits.backlog.clone().acquire_owned().await.ok(),
            _ => None,
        };
        (fetched, permit)
    };
    drop(host);
    let fetched = match fetched {
        Ok(FetchOutcome::NotModified) => return (Outcome::NotModified, None),
        Ok(FetchOutcome::Fetched(fetched)) => fetched,
        Err(e) => {
            return (
                Outcome::Failed(e.to_string(), wait_after(&e, failures)),
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
        .map(|feed| {
            // Bodies are packed and fingerprinted here, in parallel, not
            // on the one writer.
            let prepared = feed.articles.iter().map(prepare).collect();
            (feed, prepared, fetched.validators)
        })
    })
    .await;
    let outcome = match parsed {
        Ok(Ok((feed, prepared, validators))) => Outcome::Parsed(feed, prepared, validators),
        Ok(Err(e)) => Outcome::Failed(e.to_string(), None),
        Err(e) => Outcome::Failed(format!("parser task failed: {e}"), None),
    };
    (outcome, permit)
}

/// For feeds listed in `full_text_feeds`, fetches and stores the page of
/// every article that arrived in this refresh. A page that fails is left
/// for `f` later; it never fails the refresh.
fn fetch_full_texts(
    store: &mut Store,
    settings: &Settings,
    targets: &[RefreshTarget],
    runtime: &tokio::runtime::Runtime,
    fetcher: &Fetcher,
    global: &Arc<Semaphore>,
    now: i64,
) -> Result<(), StoreError> {
    let wanted = |t: &RefreshTarget| {
        settings.full_text_feeds.iter().any(|f| {
            let f = f.trim();
            t.feed
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(f))
                || t.feed.url() == f
        })
    };
    let mut pages = Vec::new();
    for target in targets.iter().filter(|t| wanted(t)) {
        pages.extend(store.new_articles_without_full_text(target.id, now)?);
    }
    if pages.is_empty() {
        return Ok(());
    }
    let (tx, rx) = mpsc::channel();
    for (id, link) in pages {
        let (fetcher, global, tx) = (fetcher.clone(), global.clone(), tx.clone());
        runtime.spawn(async move {
            let page = {
                let _slot = global.acquire().await;
                fetcher.fetch_page(&link).await
            };
            let Ok(page) = page else { return };
            let extracted = tokio::task::spawn_blocking(move || {
                let html =
                    crate::text::extract::decode_page(&page.bytes, page.content_type.as_deref());
                crate::text::extract::extract(&html, Some(&page.final_url))
            })
            .await;
            if let Ok(Ok(article)) = extracted {
                let _ = tx.send((id, article));
            }
        });
    }
    drop(tx);
    for (id, article) in rx {
        let full = article.into_full_text();
        store.store_full_text(id, &full, now)?;
    }
    Ok(())
}

/// Stores a batch of outcomes (feeds in one transaction) and reports on
/// each, in the batch's order.
fn store_outcomes(
    store: &mut Store,
    targets: &[RefreshTarget],
    batch: &[(usize, Outcome, Option<OwnedSemaphorePermit>)],
    now: i64,
) -> Result<Vec<FeedReport>, StoreError> {
    let parsed: Vec<(FeedId, &ParsedFeed, &[Prepared], &Validators)> = batch
        .iter()
        .filter_map(|(index, outcome, _)| match outcome {
            Outcome::Parsed(feed, prepared, validators) => {
                Some((targets[*index].id, feed, &prepared[..], validators))
            }
            _ => None,
        })
        .collect();
    let mut new_counts = store.store_feeds(&parsed, now)?.into_iter();
    let mut reports = Vec::with_capacity(batch.len());
    for (index, outcome, _) in batch {
        let target = &targets[*index];
        reports.push(match outcome {
            Outcome::Parsed(..) => {
                let new = new_counts.next().unwrap_or(0);
                report_for(target, RefreshStatus::Updated, new, None)
            }
            Outcome::NotModified => {
                store.record_not_modified(target.id, now)?;
                report_for(target, RefreshStatus::NotModified, 0, None)
            }
            Outcome::Failed(message, wait) => {
                store.record_error(target.id, message, now, wait.map(|w| now + w))?;
                report_for(target, RefreshStatus::Error, 0, Some(message.clone()))
            }
        });
    }
    Ok(reports)
}

fn fail_all(
    store: &mut Store,
    targets: &[RefreshTarget],
    message: &str,
    on_report: &mut impl FnMut(&FeedReport),
) -> Vec<FeedReport> {
    let now = now_secs();
    targets
        .iter()
        .map(|target| {
            let _ = store.record_error(target.id, message, now, None);
            let report = report_for(target, RefreshStatus::Error, 0, Some(message.to_owned()));
            on_report(&report);
            report
        })
        .collect()
}

fn report_for(
    target: &RefreshTarget,
    status: RefreshStatus,
    new: u64,
    error: Option<String>,
) -> FeedReport {
    FeedReport {
        feed: target
            .feed
            .name
            .clone()
            .unwrap_or_else(|| target.feed.url()),
        url: target.feed.url(),
        status,
        new,
        error,
    }
}

/// "in 40 s", "in 12 min", "in 3 h".
fn in_words(secs: i64) -> String {
    match secs {
        ..=90 => format!("in {secs} s"),
        91..=5400 => format!("in {} min", (secs + 30) / 60),
        _ => format!("in {} h", (secs + 1800) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_follow_retry_after_within_bounds_and_double_on_5xx() {
        let later = |after| FetchError::RetryLater {
            text: "429 Too Many Requests".to_owned(),
            after,
        };
        assert_eq!(wait_after(&later(Some(120)), 0), Some(120));
        assert_eq!(wait_after(&later(Some(0)), 0), Some(MIN_WAIT), "clamped up");
        assert_eq!(
            wait_after(&later(Some(u64::MAX)), 0),
            Some(MAX_WAIT),
            "and down"
        );
        assert_eq!(wait_after(&later(None), 2), Some(4 * MIN_WAIT));
        let server_error = FetchError::Status {
            code: 502,
            text: "502 Bad Gateway".to_owned(),
        };
        let waits: Vec<_> = (0..4).map(|n| wait_after(&server_error, n)).collect();
        assert_eq!(waits, [Some(60), Some(120), Some(240), Some(480)]);
        assert_eq!(wait_after(&server_error, 40), Some(MAX_WAIT));
        let not_found = FetchError::Status {
            code: 404,
            text: "404 Not Found".to_owned(),
        };
        assert_eq!(wait_after(&not_found, 3), None);
        assert_eq!(wait_after(&FetchError::Timeout(30), 3), None);
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(in_words(45), "in 45 s");
        assert_eq!(in_words(600), "in 10 min");
        assert_eq!(in_words(6 * 3600), "in 6 h");
    }
}
