//! What sync keeps in the database: the server's feeds beside the local
//! ones (`feeds.remote`), its entries as articles (`articles.remote`, the
//! server's entry id), the queue of read and starred changes waiting to be
//! sent (`sync_queue`, written in the same transaction as the change), and
//! the sync's own state (`sync_state`).

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store};
use crate::model::{ArticleId, FeedId, NewArticle};

/// A feed the server follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeed {
    /// The server's id of the feed, unique within the account.
    pub remote: String,
    pub url: String,
    pub title: String,
    /// The server's folders (categories) of the feed.
    pub tags: Vec<String>,
}

/// An entry of the server, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteEntry {
    /// The server's id of the entry.
    pub remote: String,
    /// The server's id of its feed.
    pub feed: String,
    /// Its text, sanitised as a feed's items are.
    pub article: NewArticle,
    pub read: bool,
    pub starred: bool,
    /// When its state last changed on the server (Unix seconds); `None`
    /// when the server does not say (then a change queued here wins).
    pub changed_at: Option<i64>,
}

/// Which mark a queued change sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Read,
    Starred,
}

impl Mark {
    fn column(self) -> &'static str {
        match self {
            Mark::Read => "read",
            Mark::Starred => "starred",
        }
    }

    fn of(column: &str) -> Option<Mark> {
        match column {
            "read" => Some(Mark::Read),
            "starred" => Some(Mark::Starred),
            _ => None,
        }
    }
}

/// A change made here, waiting to be sent to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedChange {
    pub article: ArticleId,
    /// The server's id of the entry.
    pub remote: String,
    pub mark: Mark,
    pub value: bool,
    /// When it was made here (Unix seconds).
    pub changed_at: i64,
    /// Moves whenever the change is made again: a change made while this
    /// one was being sent is not cleared with it.
    seq: i64,
}

/// Queues the change of `mark` to `value` on `ids` that come from a server.
/// Run in the transaction that makes the change: the two stand or fall
/// together (a crash loses neither).
pub(super) fn queue_marks(
    tx: &Transaction<'_>,
    ids: &[ArticleId],
    mark: Mark,
    value: bool,
    now: i64,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO sync_queue (article_id, field, value, changed_at, seq)
         SELECT id, ?2, ?3, ?4, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_queue)
         FROM articles WHERE id = ?1 AND remote IS NOT NULL
         ON CONFLICT (article_id, field) DO UPDATE SET value = excluded.value,
             changed_at = excluded.changed_at, seq = excluded.seq, attempts = 0",
    )?;
    for id in ids {
        stmt.execute(params![id, mark.column(), value, now])?;
    }
    Ok(())
}

impl Store {
    /// Brings the server's feed list into the database: new feeds added,
    /// known ones renamed and re-tagged, feeds the server dropped hidden
    /// (their articles kept). `account` prefixes the server's ids. Returns
    /// the local id of each server feed.
    pub fn upsert_remote_feeds(
        &mut self,
        account: &str,
        feeds: &[RemoteFeed],
    ) -> Result<HashMap<String, FeedId>> {
        let tx = self.conn.transaction()?;
        let prefix = format!("{account}:");
        tx.execute(
            "UPDATE feeds SET active = 0 WHERE substr(remote, 1, length(?1)) = ?1",
            [&prefix],
        )?;
        let mut ids = HashMap::with_capacity(feeds.len());
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO feeds (url, name, title, tags, position, active, remote)
                 VALUES (?1, ?2, ?2, ?3, ?4, 1, ?5)
                 ON CONFLICT (url) DO UPDATE SET title = excluded.title,
                     name = COALESCE(NULLIF(name, ''), excluded.name), tags = excluded.tags,
                     active = 1, remote = excluded.remote
                 RETURNING id",
            )?;
            for (position, feed) in feeds.iter().enumerate() {
                let remote = format!("{prefix}{}", feed.remote);
                let id: FeedId = upsert.query_row(
                    params![
                        feed.url,
                        feed.title,
                        feed.tags.join("\n"),
                        1_000_000 + position as i64,
                        remote
                    ],
                    |r| r.get(0),
                )?;
                ids.insert(feed.remote.clone(), id);
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Stores entries of the server in one transaction: new ones added (and
    /// queued for the indexer), changed ones updated, and their read and
    /// starred states taken unless a change made here is newer. Entries of
    /// a feed not in `feeds` are skipped. Returns how many were new or
    /// changed here (a state taken, or a new article).
    pub fn store_remote_entries(
        &mut self,
        feeds: &HashMap<String, FeedId>,
        entries: &[RemoteEntry],
        now: i64,
    ) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut by_feed: HashMap<FeedId, Vec<&RemoteEntry>> = HashMap::new();
        for entry in entries {
            if let Some(&feed) = feeds.get(&entry.feed) {
                by_feed.entry(feed).or_default().push(entry);
            }
        }
        let mut new = 0;
        for (feed, entries) in by_feed {
            let articles: Vec<NewArticle> = entries.iter().map(|e| e.article.clone()).collect();
            new += super::write::upsert_articles(&tx, feed, &articles, &[], now)?;
            for entry in entries {
                if take_remote_state(&tx, feed, entry)? {
                    new += 1;
                }
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// The server's id of the feed at `url`, when it is one of the
    /// account's.
    pub fn remote_feed_id(&self, account: &str, url: &str) -> Result<Option<String>> {
        let prefix = format!("{account}:");
        let remote: Option<String> = self
            .conn
            .prepare_cached("SELECT remote FROM feeds WHERE url = ?1 AND remote IS NOT NULL")?
            .query_row([url], |r| r.get(0))
            .optional()?;
        Ok(remote.and_then(|r| r.strip_prefix(&prefix).map(str::to_owned)))
    }

    /// Server ids of the entries stored from the server.
    pub fn known_remote_entries(&self) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT remote FROM articles WHERE remote IS NOT NULL")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Takes the server's lists of unread and starred entries (a server that
    /// gives no change times): every stored entry of the server is read
    /// unless listed unread, starred only if listed starred, except where
    /// a change made here waits to be sent (it is newer). Returns how many
    /// articles changed.
    pub fn take_remote_lists(
        &mut self,
        unread: &HashSet<String>,
        starred: &HashSet<String>,
    ) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let rows: Vec<(ArticleId, String, bool, bool)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, remote, read, starred FROM articles WHERE remote IS NOT NULL",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let queued = queued_marks(&tx)?;
        let mut changed = 0;
        for (id, remote, read, star) in rows {
            let server_read = !unread.contains(&remote);
            let server_star = starred.contains(&remote);
            for (mark, local, server) in [
                (Mark::Read, read, server_read),
                (Mark::Starred, star, server_star),
            ] {
                if local != server && !queued.contains(&(id, mark)) {
                    set_mark(&tx, id, mark, server)?;
                    changed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Changes waiting to be sent, oldest first, at most `limit`.
    pub fn queued_changes(&self, limit: usize) -> Result<Vec<QueuedChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.article_id, a.remote, q.field, q.value, q.changed_at, q.seq
             FROM sync_queue q JOIN articles a ON a.id = q.article_id
             WHERE a.remote IS NOT NULL ORDER BY q.seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let field: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, field, r.get(3)?, r.get(4)?, r.get(5)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (article, remote, field, value, changed_at, seq) = row?;
            if let Some(mark) = Mark::of(&field) {
                out.push(QueuedChange {
                    article,
                    remote,
                    mark,
                    value,
                    changed_at,
                    seq,
                });
            }
        }
        Ok(out)
    }

    /// Forgets changes the server took; one made again meanwhile stays.
    pub fn clear_sent(&mut self, sent: &[QueuedChange]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "DELETE FROM sync_queue WHERE article_id = ?1 AND field = ?2 AND seq = ?3",
            )?;
            for change in sent {
                stmt.execute(params![change.article, change.mark.column(), change.seq])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many changes wait to be sent.
    pub fn queued_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM sync_queue")?
            .query_row([], |r| r.get::<_, i64>(0))? as u64)
    }

    /// A value the sync keeps between runs (last pull, last error).
    pub fn sync_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_sync_value(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(value) => self.conn.execute(
                "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?,
            None => self
                .conn
                .execute("DELETE FROM sync_state WHERE key = ?1", [key])?,
        };
        Ok(())
    }
}

/// The (article, mark) pairs with a change waiting to be sent.
fn queued_marks(tx: &Transaction<'_>) -> Result<HashSet<(ArticleId, Mark)>> {
    let mut stmt = tx.prepare_cached("SELECT article_id, field FROM sync_queue")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashSet::new();
    for row in rows {
        let (id, field) = row?;
        if let Some(mark) = Mark::of(&field) {
            out.insert((id, mark));
        }
    }
    Ok(out)
}

fn set_mark(tx: &Transaction<'_>, id: ArticleId, mark: Mark, value: bool) -> Result<()> {
    let sql = match mark {
        Mark::Read => "UPDATE articles SET read = ?2 WHERE id = ?1",
        Mark::Starred => "UPDATE articles SET starred = ?2 WHERE id = ?1",
    };
    tx.prepare_cached(sql)?.execute(params![id, value])?;
    Ok(())
}

/// Records an entry's server id and takes its read and starred states,
/// unless a change made here is newer: then it stays queued (and wins).
/// True when a state of an article already known changed.
fn take_remote_state(tx: &Transaction<'_>, feed: FeedId, entry: &RemoteEntry) -> Result<bool> {
    let row: Option<(ArticleId, Option<String>, bool, bool)> = tx
        .prepare_cached(
            "SELECT id, remote, read, starred FROM articles WHERE feed_id = ?1 AND key = ?2",
        )?
        .query_row(params![feed, entry.article.key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((id, remote, read, starred)) = row else {
        return Ok(false);
    };
    let known = remote.is_some();
    if !known {
        tx.prepare_cached("UPDATE articles SET remote = ?2 WHERE id = ?1")?
            .execute(params![id, entry.remote])?;
    }
    let mut changed = false;
    for (mark, value, local_value) in [
        (Mark::Read, entry.read, read),
        (Mark::Starred, entry.starred, starred),
    ] {
        let local: Option<i64> = tx
            .prepare_cached(
                "SELECT changed_at FROM sync_queue WHERE article_id = ?1 AND field = ?2",
            )?
            .query_row(params![id, mark.column()], |r| r.get(0))
            .optional()?;
        let server_newer = match (local, entry.changed_at) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(local), Some(server)) => server > local,
        };
        if server_newer {
            if value != local_value {
                set_mark(tx, id, mark, value)?;
                changed |= known;
            }
            tx.prepare_cached("DELETE FROM sync_queue WHERE article_id = ?1 AND field = ?2")?
                .execute(params![id, mark.column()])?;
        }
    }
    Ok(changed)
}
