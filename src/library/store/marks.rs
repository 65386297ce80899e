//! Changes a reader makes to articles: read, starred, the full text
//! fetched. Marks on articles of a sync server are queued for it in the
//! same transaction (see `sync`).

use rusqlite::params;

use super::sync::{Mark, queue_marks};
use super::{Result, Store};
use crate::model::{ArticleId, ArticleQuery, FeedId, FullText};

impl Store {
    pub fn set_read(&mut self, id: ArticleId, read: bool) -> Result<()> {
        self.set_read_many(&[id], read)
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
        queue_marks(&tx, &changed, Mark::Read, read, crate::library::now_secs())?;
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
                     full_fetched = ?5, full_image = ?6, full_lang = ?7 WHERE id = ?1",
            )?
            .execute(params![
                id,
                full.html,
                full.byline,
                full.site,
                now,
                full.image,
                full.lang
            ])?;
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
            queue_marks(&tx, &[id], Mark::Starred, starred, now)?;
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
