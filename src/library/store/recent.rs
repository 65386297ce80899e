//! What refreshes did: the articles stored after a given id (for the
//! notification that follows a refresh) and when each feed was last
//! checked (for the reader's timer).

use rusqlite::params;

use super::Store;

/// Articles new since a refresh began: how many, a few titles (newest
/// first) and the feeds they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrivals {
    pub count: u64,
    pub titles: Vec<String>,
    pub feeds: Vec<String>,
}

impl Store {
    /// When each active feed was last fetched (Unix seconds), if ever, and
    /// how long its server said it stays fresh (seconds).
    pub fn last_checked(
        &self,
    ) -> rusqlite::Result<std::collections::HashMap<i64, (i64, Option<i64>)>> {
        self.conn
            .prepare_cached(
                "SELECT id, last_checked, max_age FROM feeds
                 WHERE active = 1 AND last_checked IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect()
    }

    /// The highest article id so far (0 with none): articles stored later
    /// have higher ids.
    pub fn last_article_id(&self) -> rusqlite::Result<i64> {
        self.conn
            .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM articles")?
            .query_row([], |r| r.get(0))
    }

    /// The articles stored after `after` (an id from `last_article_id`),
    /// with at most `limit` titles.
    pub fn arrivals(&self, after: i64, limit: usize) -> rusqlite::Result<Arrivals> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM articles WHERE id > ?1")?
            .query_row([after], |r| r.get(0))?;
        let titles = self
            .conn
            .prepare_cached(
                "SELECT title FROM articles WHERE id > ?1 ORDER BY sort_time DESC, id DESC LIMIT ?2",
            )?
            .query_map(params![after, limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let feeds = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(NULLIF(f.name, ''), f.title, f.url) FROM feeds f
                 WHERE f.id IN (SELECT DISTINCT feed_id FROM articles WHERE id > ?1)
                 ORDER BY f.position",
            )?
            .query_map([after], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Arrivals {
            count: count.max(0) as u64,
            titles,
            feeds,
        })
    }
}
