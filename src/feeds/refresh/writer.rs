//! The one writer: stores refresh outcomes as they arrive, the feeds
//! waiting together in one transaction (each feed whole or not at all),
//! and reports on each.

use std::sync::mpsc;

use super::RefreshTarget;
use super::report::{Reports, report_for};
use super::task::{Arrival, Outcome};
use crate::library::store::{Failure, Prepared, Store, StoreError};
use crate::model::{FeedId, FeedReport, ParsedFeed, RefreshStatus, Validators};

/// Articles stored in one transaction, about: the writer takes every feed
/// waiting until it has this many.
const BATCH_ARTICLES: usize = 5000;

/// Stores every outcome that arrives on `rx` until all tasks are done,
/// recording each feed's report as its batch is stored.
pub(super) fn store_arrivals(
    store: &mut Store,
    targets: &[RefreshTarget],
    rx: &mpsc::Receiver<Arrival>,
    now: i64,
    reports: &mut Reports,
    on_report: &mut impl FnMut(&FeedReport),
) -> Result<(), StoreError> {
    while let Ok(first) = rx.recv() {
        let batch = take_batch(first, rx);
        let stored = store_outcomes(store, targets, &batch, now)?;
        for ((index, _, permit), report) in batch.into_iter().zip(stored) {
            drop(permit);
            reports.record(index, report, on_report);
        }
    }
    Ok(())
}

/// `first` and whatever else has arrived, up to about [`BATCH_ARTICLES`]:
/// stored in the same transaction, fewer commits, each feed still whole
/// or not at all.
fn take_batch(first: Arrival, rx: &mpsc::Receiver<Arrival>) -> Vec<Arrival> {
    let mut batch = vec![first];
    let mut articles = batch_articles(&batch[0].1);
    while articles < BATCH_ARTICLES {
        let Ok(next) = rx.try_recv() else { break };
        articles += batch_articles(&next.1);
        batch.push(next);
    }
    batch
}

fn batch_articles(outcome: &Outcome) -> usize {
    match outcome {
        Outcome::Parsed(feed, ..) => feed.articles.len().max(1),
        _ => 1,
    }
}

/// Stores a batch of outcomes (feeds in one transaction) and reports on
/// each, in the batch's order.
fn store_outcomes(
    store: &mut Store,
    targets: &[RefreshTarget],
    batch: &[Arrival],
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
            Outcome::Failed(message, wait, detail) => {
                let failure = Failure {
                    message,
                    detail: detail.as_deref(),
                };
                store.record_error(target.id, &failure, now, wait.map(|w| now + w))?;
                report_for(target, RefreshStatus::Error, 0, Some(message.clone()))
            }
        });
    }
    Ok(reports)
}
