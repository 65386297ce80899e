//! Retrying a server that failed: the syncs that come with `tidings
//! refresh` (cron's) and with the reader's timer leave a failing server alone
//! for a while, the wait doubling from one minute to an hour with each
//! failure in a row; `tidings sync` and the reader's `R` try at once. What is queued
//! stays queued meanwhile. The count and the time are kept in the
//! database's sync state, so they hold across processes.

use std::path::Path;

use super::{SyncConfig, SyncProgress, SyncReport, sync};
use crate::library::now_secs;
use crate::library::store::Store;

const FIRST_WAIT: i64 = 60;
const LONGEST_WAIT: i64 = 3600;

/// The wait after `failures` failed syncs in a row.
pub fn wait_after(failures: u32) -> i64 {
    (FIRST_WAIT << failures.saturating_sub(1).min(16)).min(LONGEST_WAIT)
}

/// Notes how a sync ended: a success clears the count, a failure adds one
/// and sets when to try again.
pub(super) fn record(store: &mut Store, failed: bool, now: i64) {
    let failures = if failed { failures(store) + 1 } else { 0 };
    let retry_at = failed.then(|| (now + wait_after(failures)).to_string());
    let _ = store.set_sync_value("failures", Some(&failures.to_string()));
    let _ = store.set_sync_value("retry_at", retry_at.as_deref());
}

fn failures(store: &Store) -> u32 {
    store
        .sync_value("failures")
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Syncs unless the server failed lately and its wait is not over; then
/// the report says when the next try comes.
pub fn sync_when_due(
    store: &mut Store,
    config: &SyncConfig,
    base: &Path,
    progress: impl FnMut(SyncProgress),
) -> SyncReport {
    let now = now_secs();
    let retry_at: Option<i64> = store
        .sync_value("retry_at")
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok());
    match retry_at.filter(|at| *at > now) {
        Some(at) => SyncReport {
            queued: store.queued_count().unwrap_or(0),
            error: Some(format!(
                "{} (failed {} times in a row; next try in {} s, or now with R or tidings sync)",
                store
                    .sync_value("last_error")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| "the server failed".to_owned()),
                failures(store),
                at - now
            )),
            ..SyncReport::default()
        },
        None => sync(store, config, base, progress),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_a_minute_to_an_hour() {
        let waits: Vec<i64> = (1..=8).map(wait_after).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(wait_after(u32::MAX), 3600);
    }

    #[test]
    fn failures_count_up_and_a_success_clears_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        record(&mut store, true, 1000);
        record(&mut store, true, 1000);
        assert_eq!(failures(&store), 2);
        assert_eq!(
            store.sync_value("retry_at").unwrap().as_deref(),
            Some("1120")
        );
        record(&mut store, false, 2000);
        assert_eq!(failures(&store), 0);
        assert_eq!(store.sync_value("retry_at").unwrap(), None);
    }
}
