//! SQLite storage: schema migrations, refresh writes (each feed whole or not
//! at all), the index queue, and the queries the CLI and the reader need.
//! The only module with SQL.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::config::FeedConfig;
use crate::model::{
    ArticleDetail, ArticleId, ArticleQuery, ArticleSummary, FeedId, FeedSummary, FullText,
    ParsedFeed, Validators,
};

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

    pub fn validators(&self, feed: FeedId) -> Result<Validators> {
        Ok(self
            .conn
            .prepare_cached("SELECT etag, last_modified FROM feeds WHERE id = ?1")?
            .query_row([feed], |r| {
                Ok(Validators {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
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
        error: &str,
        now: i64,
        retry_at: Option<i64>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE feeds SET last_status = 'error', last_error = ?2, last_checked = ?3,
                     retry_at = ?4, failures = failures + 1
                 WHERE id = ?1",
            )?
            // Error texts can quote a server: stored clean, shown as stored.
            .execute(params![
                feed,
                crate::text::sanitize::clean_line(error),
                now,
                retry_at
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

    /// Active feeds in config order with their article counts.
    pub fn feeds(&self) -> Result<Vec<FeedSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.id, COALESCE(NULLIF(f.name, ''), f.title, f.url), f.url, f.tags,
                 (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id),
                 (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0),
                 f.last_status, f.last_error
             FROM feeds f WHERE f.active = 1 ORDER BY f.position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FeedSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                url: r.get(2)?,
                tags: split_list(&r.get::<_, String>(3)?),
                total: r.get::<_, i64>(4)? as u64,
                unread: r.get::<_, i64>(5)? as u64,
                last_status: r.get(6)?,
                last_error: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Articles of active feeds, newest first, filtered by `query`.
    pub fn articles(&self, query: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
        let mut sql = String::from(
            "SELECT a.id, a.feed_id, COALESCE(NULLIF(f.name, ''), f.title, f.url), a.title,
                 a.link, a.published, a.read, a.starred, a.categories,
                 (SELECT story FROM article_stories s WHERE s.article_id = a.id)
             FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE f.active = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(feed) = query.feed {
            sql.push_str(" AND a.feed_id = ?");
            args.push(feed.into());
        }
        if query.unread_only {
            sql.push_str(" AND a.read = 0");
        }
        if let Some(search) = query.search.as_deref() {
            let Some(expr) = fts_query(search) else {
                return Ok(Vec::new());
            };
            sql.push_str(
                " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            );
            args.push(expr.into());
        }
        sql.push_str(" ORDER BY a.sort_time DESC, a.id DESC");
        if let Some(limit) = query.limit {
            sql.push_str(" LIMIT ?");
            args.push((limit.min(i64::MAX as u64) as i64).into());
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), summary_from_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Finds an article by numeric id, link URL or guid.
    pub fn find_article(&self, spec: &str) -> Result<Option<ArticleId>> {
        let spec = spec.trim();
        if let Ok(id) = spec.parse::<i64>() {
            let found = self
                .conn
                .prepare_cached("SELECT id FROM articles WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        let by_link = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE link = ?1 ORDER BY id LIMIT 1")?
            .query_row([spec], |r| r.get(0))
            .optional()?;
        if by_link.is_some() {
            return Ok(by_link);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE key = ?1 ORDER BY id LIMIT 1")?
            .query_row([format!("guid:{spec}")], |r| r.get(0))
            .optional()?)
    }

    pub fn article(&self, id: ArticleId) -> Result<Option<ArticleDetail>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT a.id, a.feed_id, COALESCE(NULLIF(f.name, ''), f.title, f.url), a.title,
                     a.link, a.published, a.read, a.starred, a.categories,
                     (SELECT story FROM article_stories s WHERE s.article_id = a.id),
                     a.guid, a.author, a.content, a.full_html, a.full_byline, a.full_site
                 FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ArticleDetail {
                    summary: summary_from_row(r)?,
                    guid: r.get(10)?,
                    author: r.get(11)?,
                    content: packed::unpack(r.get_ref(12)?),
                    full: r.get::<_, Option<String>>(13)?.map(|html| FullText {
                        html,
                        byline: r.get(14).ok().flatten(),
                        site: r.get(15).ok().flatten(),
                    }),
                })
            })
            .optional()?)
    }

    pub fn set_read(&mut self, id: ArticleId, read: bool) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE articles SET read = ?2 WHERE id = ?1")?
            .execute(params![id, read])?;
        Ok(())
    }

    /// Marks many articles read or unread in one transaction; the changes
    /// to articles of a sync server are queued for it in the same one.
    pub fn set_read_many(&mut self, ids: &[ArticleId], read: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        let mut changed = Vec::with_capacity(ids.len());
        {
            let mut stmt =
                tx.prepare_cached("UPDATE articles SET read = ?2 WHERE id = ?1 AND read != ?2")?;
            for &id in ids {
                if stmt.execute(params![id, read])? > 0 {
                    changed.push(id);
                }
            }
        }
        sync::queue_marks(
            &tx,
            &changed,
            sync::Mark::Read,
            read,
            crate::library::now_secs(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Articles of a feed first seen at `since` or later that have no full
    /// text yet, with their links.
    pub fn new_articles_without_full_text(
        &self,
        feed: FeedId,
        since: i64,
    ) -> Result<Vec<(ArticleId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, link FROM articles WHERE feed_id = ?1 AND first_seen >= ?2
                 AND full_html IS NULL AND link IS NOT NULL",
        )?;
        let rows = stmt.query_map(params![feed, since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Stores an article's extracted full text (read offline from then on).
    /// The article goes back on the index queue: related articles and
    /// topics then read the whole text.
    pub fn store_full_text(&mut self, id: ArticleId, full: &FullText, now: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        let changed = tx
            .prepare_cached(
                "UPDATE articles SET full_html = ?2, full_byline = ?3, full_site = ?4,
                     full_fetched = ?5 WHERE id = ?1",
            )?
            .execute(params![id, full.html, full.byline, full.site, now])?;
        if changed > 0 {
            tx.prepare_cached(
                "INSERT INTO index_queue (article_id, replace) VALUES (?1, 1)
                 ON CONFLICT (article_id) DO UPDATE SET stamp = stamp + 1, replace = 1",
            )?
            .execute([id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Stars or unstars an article (queued for its sync server, if any).
    pub fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        let changed = tx
            .prepare_cached("UPDATE articles SET starred = ?2 WHERE id = ?1 AND starred != ?2")?
            .execute(params![id, starred])?;
        if changed > 0 {
            let now = crate::library::now_secs();
            sync::queue_marks(&tx, &[id], sync::Mark::Starred, starred, now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks every article read, or only one feed's. Returns how many changed.
    pub fn mark_all_read(&mut self, feed: Option<FeedId>) -> Result<u64> {
        let query = ArticleQuery {
            feed,
            unread_only: true,
            ..Default::default()
        };
        let ids: Vec<ArticleId> = self.articles(&query)?.into_iter().map(|a| a.id).collect();
        self.set_read_many(&ids, true)?;
        Ok(ids.len() as u64)
    }
}

fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: r.get(0)?,
        feed_id: r.get(1)?,
        feed: r.get(2)?,
        title: r.get(3)?,
        link: r.get(4)?,
        published: r.get(5)?,
        read: r.get(6)?,
        starred: r.get(7)?,
        categories: split_list(&r.get::<_, String>(8)?),
        story: r.get(9)?,
    })
}

fn split_list(joined: &str) -> Vec<String> {
    joined
        .split('\n')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Turns what a person typed into an FTS5 query: every word must match,
/// the last one as a prefix. Operators and quotes are taken literally.
fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut query = words.join(" ");
    if input.ends_with(|c: char| c.is_alphanumeric()) {
        query.push('*');
    }
    Some(query)
}

mod packed;
mod pending;
mod recover;
mod schema;
mod stories;
mod sync;
mod write;
pub use packed::StoredBody;
pub use pending::{IndexEntry, PendingArticle};
pub use stories::StoryRow;
pub use sync::{Mark, QueuedChange, RemoteEntry, RemoteFeed};
use write::write_feed;
pub use write::{Prepared, prepare};
mod topics;
use schema::MIGRATIONS;

#[cfg(test)]
mod tests;
