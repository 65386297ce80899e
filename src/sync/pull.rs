//! Pulling, the same for every server: the feed list first, then what
//! changed. A server that gives changed entries with their change times
//! (Miniflux's REST API) is read from a cursor on its own clock; one that
//! gives lists of unread and starred ids (the Google Reader API) is
//! diffed: contents are fetched only for ids not stored yet, and the
//! states of the stored ones are taken from the lists.

use std::collections::{HashMap, HashSet};

use super::{Changes, Server, Sink, SyncError, SyncProgress, SyncReport};
use crate::library::now_secs;
use crate::library::store::{RemoteEntry, Store};
use crate::model::FeedId;

/// Entries whose contents are asked for in one request.
const CONTENTS_BATCH: usize = 250;

/// Stores pulled pages and says how far the pull is.
struct Storing<'a> {
    store: &'a mut Store,
    feeds: &'a HashMap<String, FeedId>,
    report: &'a mut SyncReport,
    progress: &'a mut dyn FnMut(SyncProgress),
    /// Entries received and announced so far.
    seen: u64,
    total: u64,
    /// The latest change time among the entries received.
    latest: Option<i64>,
}

impl Sink for Storing<'_> {
    fn expect(&mut self, more: u64) {
        self.total += more;
    }

    fn page(&mut self, entries: Vec<RemoteEntry>) -> Result<(), SyncError> {
        self.report.pulled += self
            .store
            .store_remote_entries(self.feeds, &entries, now_secs())?;
        self.latest = entries
            .iter()
            .filter_map(|e| e.changed_at)
            .chain(self.latest)
            .max();
        self.seen += entries.len() as u64;
        self.total = self.total.max(self.seen);
        (self.progress)(SyncProgress::Pulled {
            done: self.seen,
            total: self.total,
        });
        Ok(())
    }
}

pub(super) fn pull(
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
    let mut sink = Storing {
        store,
        feeds: &feed_ids,
        report,
        progress,
        seen: 0,
        total: 0,
        latest: None,
    };
    match server.changes(since, &mut sink)? {
        Changes::Paged => {
            // The next pull starts at the latest change seen, but never
            // after this pull began (a change made meanwhile is then pulled
            // next time): both are the server's clock. Entries of that last
            // second come again.
            let started = clock.unwrap_or_else(now_secs);
            let next = match (sink.latest, since) {
                (Some(latest), _) => latest.min(started),
                (None, Some(since)) => since,
                (None, None) => started,
            };
            sink.store
                .set_sync_value(&cursor_key, Some(&next.to_string()))?;
        }
        Changes::Lists { unread, starred } => {
            let known = sink.store.known_remote_entries()?;
            let missing = missing_ids(&known, &unread, &starred);
            sink.expect(missing.len() as u64);
            for chunk in missing.chunks(CONTENTS_BATCH) {
                server.contents(chunk, &mut sink)?;
            }
            let unread: HashSet<String> = unread.into_iter().collect();
            let starred: HashSet<String> = starred.into_iter().collect();
            sink.report.pulled += sink.store.take_remote_lists(&unread, &starred)?;
        }
    }
    Ok(())
}

/// Ids listed by the server and not stored here, each once, in the
/// server's order (unread first, then starred).
fn missing_ids(known: &HashSet<String>, unread: &[String], starred: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    unread
        .iter()
        .chain(starred)
        .filter(|id| !known.contains(*id) && seen.insert(id.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn only_ids_not_stored_are_fetched_each_once() {
        let known: HashSet<String> = ids(&["1", "2"]).into_iter().collect();
        let missing = missing_ids(&known, &ids(&["3", "1", "4"]), &ids(&["2", "4", "5"]));
        assert_eq!(missing, ["3", "4", "5"]);
        assert!(missing_ids(&known, &ids(&["1"]), &ids(&["2"])).is_empty());
    }
}
