//! SQLite storage: schema migrations, refresh writes (each feed whole or not
//! at all), the index queue, and the queries the CLI and the reader need.
//! The only module with SQL.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::config::FeedConfig;
use crate::model::{FeedId, ParsedFeed, Validators};

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("the database is damaged and cannot be moved aside to {path}: {source}")]
    MoveAside {
        path: String,
        source: std::io::Error,
    },
    #[error("indexing failed: {0}")]
    Indexer(String),
    #[error("the database was written by a newer tidings (schema {found}, this one knows {known})")]
    TooNew { found: i64, known: i64 },
}

pub struct Store {
    conn: Connection,
    /// Topic term ids by (kind, key), loaded on first need.
    terms: Option<topics::TermIds>,
}

impl Drop for Store {
    /// SQLite's advice for long-lived databases: let it gather the
    /// statistics its query planner needs, bounded so it stays quick.
    fn drop(&mut self) {
        let _ = self
            .conn
            .execute_batch("PRAGMA analysis_limit = 400; PRAGMA optimize;");
    }
}

/// Why a feed's refresh failed: the message people read and, when it says
/// more, the whole chain of causes (`feeds --json`'s `last_error_detail`).
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    pub message: &'a str,
    pub detail: Option<&'a str>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`. Reads only the
    /// schema version.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.display().to_string(),
                source,
            })?;
        }
        Store::setup(Connection::open(path)?)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // A database from a newer tidings is refused before anything (even
        // the journal mode) is written to it.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, terms: None };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        for (step, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", step as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Makes the stored feed list match the config (by URL), keeping every
    /// article; feeds no longer listed are hidden, not deleted. Returns the
    /// feed ids in config order.
    pub fn sync_feeds(&mut self, feeds: &[FeedConfig]) -> Result<Vec<FeedId>> {
        // Every command starts here: when nothing changed, nothing is
        // written (no transaction, no WAL growth, no checkpoint).
        if let Some(ids) = self.feeds_in_sync(feeds)? {
            return Ok(ids);
        }
        let tx = self.conn.transaction()?;
        // The sync server's feeds are the sync's to keep or hide.
        tx.execute(
            "UPDATE feeds SET active = 0 WHERE active = 1 AND remote IS NULL",
            [],
        )?;
        let mut ids = Vec::with_capacity(feeds.len());
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO feeds (url, name, tags, position, active) VALUES (?1, ?2, ?3, ?4, 1)
                 ON CONFLICT (url) DO UPDATE SET name = excluded.name, tags = excluded.tags,
                     position = excluded.position, active = 1
                 RETURNING id",
            )?;
            for (position, feed) in feeds.iter().enumerate() {
                let id: FeedId = upsert.query_row(
                    params![feed.url(), feed.name, feed.tags.join("\n"), position as i64],
                    |r| r.get(0),
                )?;
                ids.push(id);
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The stored ids of `feeds` when the stored list already says what
    /// `sync_feeds` would write: each feed active with its name, tags and
    /// position, and no other feed of the config's kind active. None when
    /// something must be written.
    fn feeds_in_sync(&self, feeds: &[FeedConfig]) -> Result<Option<Vec<FeedId>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT url, id, name, tags, position, active, remote IS NULL FROM feeds",
        )?;
        type Row = (FeedId, Option<String>, String, i64, bool, bool);
        let stored: HashMap<String, Row> = stmt
            .query_map([], |r| {
                let row = (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                );
                Ok((r.get(0)?, row))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut ids = Vec::with_capacity(feeds.len());
        let mut urls = HashSet::with_capacity(feeds.len());
        for (position, feed) in feeds.iter().enumerate() {
            let url = feed.url();
            match stored.get(&url) {
                Some((id, name, tags, at, true, _))
                    if *name == feed.name
                        && *tags == feed.tags.join("\n")
                        && *at == position as i64 =>
                {
                    ids.push(*id)
                }
                _ => return Ok(None),
            }
            urls.insert(url);
        }
        let others_active = stored
            .iter()
            .any(|(url, (.., active, local))| *active && *local && !urls.contains(url));
        Ok((!others_active).then_some(ids))
    }

    pub fn validators(&self, feed: FeedId) -> Result<Validators> {
        Ok(self
            .conn
            .prepare_cached("SELECT etag, last_modified FROM feeds WHERE id = ?1")?
            .query_row([feed], |r| {
                Ok(Validators {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
                    max_age: None,
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Stores a fetched feed in one transaction: new articles are added,
    /// changed ones updated in place (read and starred flags kept), and the
    /// validators saved for the next conditional GET. Returns how many
    /// articles were new.
    pub fn store_feed(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        validators: &Validators,
        now: i64,
    ) -> Result<u64> {
        Ok(self
            .store_feeds(&[(feed, parsed, &[], validators)], now)?
            .first()
            .copied()
            .unwrap_or(0))
    }

    /// Stores several fetched feeds in one transaction (each feed whole or
    /// not at all, as with `store_feed`); fewer commits when many feeds
    /// arrive at once. Each feed's articles may come [`prepare`]d, in
    /// order (worked out ahead, off this one writer); missing ones are
    /// prepared here. Returns how many articles were new, per feed.
    pub fn store_feeds(
        &mut self,
        feeds: &[(FeedId, &ParsedFeed, &[Prepared], &Validators)],
        now: i64,
    ) -> Result<Vec<u64>> {
        let tx = self.conn.transaction()?;
        let mut counts = Vec::with_capacity(feeds.len());
        for (feed, parsed, prepared, validators) in feeds {
            counts.push(write_feed(&tx, *feed, parsed, prepared, validators, now)?);
        }
        tx.commit()?;
        Ok(counts)
    }

    /// Records a 304: nothing about the articles changes.
    pub fn record_not_modified(&mut self, feed: FeedId, now: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE feeds SET last_status = 'not_modified', last_error = NULL,
                     last_error_detail = NULL,
                     last_checked = ?2, retry_at = NULL, failures = 0 WHERE id = ?1",
            )?
            .execute(params![feed, now])?;
        Ok(())
    }

    /// Records a failed refresh; stored articles are untouched. `retry_at`
    /// (Unix seconds) leaves the feed alone until then.
    pub fn record_error(
        &mut self,
        feed: FeedId,
        error: &Failure<'_>,
        now: i64,
        retry_at: Option<i64>,
    ) -> Result<()> {
        let clean = crate::text::sanitize::clean_line;
        self.conn
            .prepare_cached(
                "UPDATE feeds SET last_status = 'error', last_error = ?2, last_checked = ?3,
                     retry_at = ?4, failures = failures + 1, last_error_detail = ?5
                 WHERE id = ?1",
            )?
            // Error texts can quote a server: stored clean, shown as stored.
            .execute(params![
                feed,
                clean(error.message),
                now,
                retry_at,
                error.detail.map(clean)
            ])?;
        Ok(())
    }

    /// When a feed may be fetched again (None: now) and how many of its
    /// refreshes in a row failed.
    pub fn backoff(&self, feed: FeedId) -> Result<(Option<i64>, u32)> {
        Ok(self
            .conn
            .prepare_cached("SELECT retry_at, failures FROM feeds WHERE id = ?1")?
            .query_row([feed], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u32))
            })
            .optional()?
            .unwrap_or((None, 0)))
    }
}

mod marks;
mod packed;
mod pending;
mod prune;
#[cfg(test)]
mod query_tests;
mod reads;
mod recent;
mod recover;
mod schema;
mod stories;
mod sync;
mod write;
pub use packed::StoredBody;
pub use pending::{IndexEntry, PendingArticle};
use reads::summary_from_row;
pub use recent::Arrivals;
pub use stories::StoryRow;
pub use sync::{Mark, QueuedChange, RemoteEntry, RemoteFeed};
use write::write_feed;
pub use write::{Prepared, prepare};
mod topics;
use schema::MIGRATIONS;

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod count_tests;

#[cfg(test)]
mod sync_feeds_tests {
    use super::*;
    use crate::config::FeedSource;

    fn feed(url: &str, name: &str, tags: &[&str]) -> FeedConfig {
        FeedConfig {
            name: Some(name.to_owned()),
            source: FeedSource::Http(url::Url::parse(url).unwrap()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            options: Default::default(),
        }
    }

    #[test]
    fn an_unchanged_feed_list_is_not_written_and_a_changed_one_is() {
        let mut store = Store::open_in_memory().unwrap();
        let list = vec![
            feed("https://a.org/rss", "A", &["x"]),
            feed("https://b.org/rss", "B", &[]),
        ];
        let ids = store.sync_feeds(&list).unwrap();
        let writes = store.conn.total_changes();
        assert_eq!(store.sync_feeds(&list).unwrap(), ids);
        assert_eq!(store.conn.total_changes(), writes, "nothing changed");
        let mut renamed = list.clone();
        renamed[1] = feed("https://b.org/rss", "Bee", &["y"]);
        assert_eq!(store.sync_feeds(&renamed).unwrap(), ids);
        assert_eq!(store.feeds().unwrap()[1].name, "Bee");
        let swapped = vec![renamed[1].clone(), renamed[0].clone()];
        assert_eq!(store.sync_feeds(&swapped).unwrap(), vec![ids[1], ids[0]]);
        assert_eq!(store.feeds().unwrap()[0].name, "Bee");
        assert_eq!(store.sync_feeds(&swapped[..1]).unwrap(), vec![ids[1]]);
        assert_eq!(store.feeds().unwrap().len(), 1, "a dropped feed is hidden");
    }
}
