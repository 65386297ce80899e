//! `max_articles`: a feed keeps its newest articles; older ones that are
//! read and not starred go, with their search entries. Each goes with a
//! tombstone (feed, key) so that the feed, which may still carry it, does
//! not bring it back as new; the tombstone goes once the feed drops the
//! item.

use std::collections::HashSet;

use rusqlite::{Transaction, params};

use super::{Result, Store};
use crate::model::FeedId;

impl Store {
    /// Drops `feed`'s read, unstarred articles beyond its newest `keep`;
    /// returns how many went.
    pub fn prune_feed(&mut self, feed: FeedId, keep: u32) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let doomed: Vec<(i64, String)> = tx
            .prepare_cached(
                "SELECT id, key FROM articles
                 WHERE feed_id = ?1 AND read = 1 AND starred = 0 AND id NOT IN (
                     SELECT id FROM articles WHERE feed_id = ?1
                     ORDER BY sort_time DESC, id DESC LIMIT ?2)",
            )?
            .query_map(params![feed, keep], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, key) in &doomed {
            tx.prepare_cached("INSERT OR IGNORE INTO pruned (feed_id, key) VALUES (?1, ?2)")?
                .execute(params![feed, key])?;
            tx.prepare_cached("DELETE FROM articles_fts WHERE rowid = ?1")?
                .execute([id])?;
            tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?
                .execute([id])?;
        }
        tx.commit()?;
        Ok(doomed.len() as u64)
    }
}

/// The keys of `feed`'s dropped articles.
pub(super) fn pruned_keys(tx: &Transaction<'_>, feed: FeedId) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare_cached("SELECT key FROM pruned WHERE feed_id = ?1")?;
    let keys = stmt.query_map([feed], |r| r.get(0))?;
    Ok(keys.collect::<rusqlite::Result<_>>()?)
}

/// Forgets the tombstones of items the feed no longer carries.
pub(super) fn forget_gone(
    tx: &Transaction<'_>,
    feed: FeedId,
    pruned: &HashSet<String>,
    carried: &HashSet<&str>,
) -> Result<()> {
    for key in pruned.iter().filter(|k| !carried.contains(k.as_str())) {
        tx.prepare_cached("DELETE FROM pruned WHERE feed_id = ?1 AND key = ?2")?
            .execute(params![feed, key])?;
    }
    Ok(())
}
