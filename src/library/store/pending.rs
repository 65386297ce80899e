//! The index queue: stored articles waiting for their search and topic
//! entries, read in id order and written back by the indexer in one
//! transaction per batch.

use rusqlite::params;

use super::topics::{load_term_ids, write_topics};
use super::{Result, Store};
use crate::model::{ArticleId, FeedId};
use crate::topics::Features;

/// An article as the indexer needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingArticle {
    pub id: ArticleId,
    pub feed_id: FeedId,
    pub title: String,
    /// The stored HTML body (content, else summary).
    pub content: Option<String>,
    /// The feed's summary when a fuller body exists too.
    pub summary: Option<String>,
    /// The extracted full text (HTML), once fetched.
    pub full: Option<String>,
    pub categories: Vec<String>,
    /// An older search entry exists and must go first.
    pub replace: bool,
    /// The queue row's version: a change stored meanwhile keeps it queued.
    pub stamp: i64,
}

/// What the indexer made of a [`PendingArticle`].
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    pub id: ArticleId,
    pub replace: bool,
    pub stamp: i64,
    pub title: String,
    /// Plain text of the body, for the search index.
    pub text: String,
    pub features: Features,
}

/// The queued articles past an id, in id order (see
/// [`Store::pending_after`]).
const PENDING_AFTER: &str =
    "SELECT q.article_id, a.feed_id, a.title, COALESCE(a.content, a.summary),
        a.categories, q.replace, q.stamp,
        CASE WHEN a.content IS NOT NULL THEN a.summary END, a.full_html
    FROM index_queue q CROSS JOIN articles a ON a.id = q.article_id
    WHERE q.article_id > ?1 ORDER BY q.article_id LIMIT ?2";

impl Store {
    /// How many articles wait for the indexer.
    pub fn pending_count(&self) -> Result<u64> {
        let count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM index_queue", [], |r| r.get(0))?;
        Ok(count.max(0) as u64)
    }

    /// Up to `limit` queued articles with ids above `after`, in id order.
    /// The queue is walked in order and each article found by its id
    /// (CROSS JOIN keeps that order of the loops): the planner, with no
    /// statistics of the queue, would rather walk every article past
    /// `after` and sort them, reading the whole rest of the queue for
    /// each batch.
    pub fn pending_after(&self, after: ArticleId, limit: usize) -> Result<Vec<PendingArticle>> {
        let mut stmt = self.conn.prepare_cached(PENDING_AFTER)?;
        let rows = stmt.query_map(params![after, limit as i64], |r| {
            let categories: String = r.get(4)?;
            Ok(PendingArticle {
                id: r.get(0)?,
                feed_id: r.get(1)?,
                title: r.get(2)?,
                content: super::packed::unpack(r.get_ref(3)?),
                summary: super::packed::unpack(r.get_ref(7)?),
                full: super::packed::unpack(r.get_ref(8)?),
                categories: categories
                    .split('\n')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                replace: r.get(5)?,
                stamp: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Titles of a feed's latest articles, one sentence each: a sample to
    /// tell its language by.
    pub fn title_sample(&self, feed: FeedId, limit: usize) -> Result<String> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT title FROM articles WHERE feed_id = ?1 ORDER BY sort_time DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![feed, limit as i64], |r| r.get::<_, String>(0))?;
        let mut sample = String::new();
        for title in rows {
            sample.push_str(&title?);
            sample.push_str(". ");
        }
        Ok(sample)
    }

    /// Writes search and topic entries in one transaction and takes the
    /// articles off the queue, unless they changed again meanwhile.
    pub fn write_index(&mut self, entries: &[IndexEntry]) -> Result<()> {
        if self.terms.is_none() {
            self.terms = Some(load_term_ids(&self.conn)?);
        }
        let Store { conn, terms } = self;
        let written = write_entries(conn, entries, terms.get_or_insert_with(Default::default));
        if written.is_err() {
            // Term ids handed out in the rolled-back transaction are void.
            *terms = None;
        }
        written
    }
}

fn write_entries(
    conn: &mut rusqlite::Connection,
    entries: &[IndexEntry],
    terms: &mut super::topics::TermIds,
) -> Result<()> {
    let tx = conn.transaction()?;
    // One sequence number per batch; a bare MAX() reads one index entry.
    let seq: i64 = tx
        .query_row("SELECT MAX(seq) FROM article_topics", [], |r| {
            r.get::<_, Option<i64>>(0)
        })?
        .unwrap_or(0)
        + 1;
    {
        let mut fts_insert =
            tx.prepare_cached("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?;
        let mut fts_delete = tx.prepare_cached("DELETE FROM articles_fts WHERE rowid = ?1")?;
        let mut dequeue =
            tx.prepare_cached("DELETE FROM index_queue WHERE article_id = ?1 AND stamp = ?2")?;
        let mut requeue =
            tx.prepare_cached("UPDATE index_queue SET replace = 1 WHERE article_id = ?1")?;
        for entry in entries {
            write_topics(&tx, seq, entry.id, &entry.features, terms)?;
            if dequeue.execute(params![entry.id, entry.stamp])? == 0 {
                // Changed while we read it: index it again, replacing.
                requeue.execute([entry.id])?;
            }
        }
        // The search entries last: a statement that may need undoing on
        // its own (the ones above) makes FTS5 write out what it holds,
        // and it keeps a batch's words in memory until the commit.
        for entry in entries {
            if entry.replace {
                fts_delete.execute([entry.id])?;
            }
            fts_insert.execute(params![entry.id, entry.title, entry.text])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_read_walking_the_queue_in_order_without_sorting() {
        let store = Store::open_in_memory().unwrap();
        // As `PRAGMA optimize` leaves a store whose queue was empty then:
        // statistics of many articles, none of the queue.
        store
            .conn
            .execute_batch(
                "ANALYZE sqlite_schema;
                 INSERT INTO sqlite_stat1 VALUES
                     ('articles', 'sqlite_autoindex_articles_1', '50000 81 1'),
                     ('articles', 'articles_by_time', '50000 9 1');
                 ANALYZE sqlite_schema;",
            )
            .unwrap();
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {PENDING_AFTER}"))
            .unwrap();
        let steps: Vec<String> = stmt
            .query_map(params![0, 10], |r| r.get(3))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert!(
            steps[0].starts_with("SEARCH q USING INTEGER PRIMARY KEY"),
            "{steps:?}"
        );
        assert!(
            steps[1].starts_with("SEARCH a USING INTEGER PRIMARY KEY"),
            "{steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "{steps:?}"
        );
    }
}
