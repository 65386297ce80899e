//! Per-feed reports of a refresh: how each is worded, and the list kept in
//! the order of the targets while feeds finish in any order.

use super::RefreshTarget;
use super::backoff::in_words;
use crate::library::now_secs;
use crate::library::store::{Failure, Store};
use crate::model::{FeedReport, RefreshStatus};

/// The reports so far, one slot per target.
pub(super) struct Reports {
    slots: Vec<Option<FeedReport>>,
}

impl Reports {
    pub(super) fn new(targets: usize) -> Reports {
        Reports {
            slots: vec![None; targets],
        }
    }

    /// Tells `on_report` about the report of target `index`, then keeps it.
    pub(super) fn record(
        &mut self,
        index: usize,
        report: FeedReport,
        on_report: &mut impl FnMut(&FeedReport),
    ) {
        on_report(&report);
        self.slots[index] = Some(report);
    }

    /// The reports in the order of `targets`; a target without one had its
    /// task end early.
    pub(super) fn finish(self, targets: &[RefreshTarget]) -> Vec<FeedReport> {
        self.slots
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
            .collect()
    }
}

/// The report of a feed left alone for `wait` more seconds.
pub(super) fn deferred_report(target: &RefreshTarget, wait: i64) -> FeedReport {
    let reason = format!(
        "not fetched: the host asked to wait, or keeps failing; next try {}",
        in_words(wait)
    );
    report_for(target, RefreshStatus::Deferred, 0, Some(reason))
}

/// Records `message` as every target's error, when the refresh cannot
/// start at all.
pub(super) fn fail_all(
    store: &mut Store,
    targets: &[RefreshTarget],
    message: &str,
    on_report: &mut impl FnMut(&FeedReport),
) -> Vec<FeedReport> {
    let now = now_secs();
    targets
        .iter()
        .map(|target| {
            let failure = Failure {
                message,
                detail: None,
            };
            let _ = store.record_error(target.id, &failure, now, None);
            let report = report_for(target, RefreshStatus::Error, 0, Some(message.to_owned()));
            on_report(&report);
            report
        })
        .collect()
}

/// A feed's report: named by its config name, else its URL.
pub(super) fn report_for(
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
