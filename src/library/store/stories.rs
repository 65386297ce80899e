//! Stories in the database: each article's story once assigned, the
//! stories with their articles, and the members of one story.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, summary_from_row};
use crate::model::{ArticleId, ArticleSummary, FeedId};

/// A story as the list and `tidings stories` show it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRow {
    pub id: i64,
    /// Its articles, earliest first: the first is the lead.
    pub articles: Vec<ArticleSummary>,
}

impl StoryRow {
    /// How many outlets (feeds) cover it.
    pub fn sources(&self) -> usize {
        let mut feeds: Vec<FeedId> = self.articles.iter().map(|a| a.feed_id).collect();
        feeds.sort_unstable();
        feeds.dedup();
        feeds.len()
    }

    /// Its outlets' names, in the order they covered it.
    pub fn feeds(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for article in &self.articles {
            if !names.contains(&article.feed) {
                names.push(article.feed.clone());
            }
        }
        names
    }
}

const SUMMARY_COLUMNS: &str = "a.id, a.feed_id, COALESCE(NULLIF(f.name, ''), f.title, f.url),
    a.title, a.link, a.published, a.read, a.starred, a.categories, s.story";

impl Store {
    /// Every stored assignment: (article, story, feed).
    pub fn story_rows(&self) -> Result<Vec<(ArticleId, i64, FeedId)>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.article_id, s.story, a.feed_id
             FROM article_stories s JOIN articles a ON a.id = s.article_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Records new assignments in one transaction; an article keeps the
    /// story it has.
    pub fn add_to_stories(&mut self, assignments: &[(ArticleId, i64)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_stories (article_id, story) VALUES (?1, ?2)",
            )?;
            for &(article, story) in assignments {
                insert.execute(params![article, story])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The story of an article and its other articles (active feeds),
    /// earliest first; none for an article no other covers.
    pub fn story_of(&self, article: ArticleId) -> Result<Option<StoryRow>> {
        let story: Option<i64> = self
            .conn
            .prepare_cached("SELECT story FROM article_stories WHERE article_id = ?1")?
            .query_row([article], |r| r.get(0))
            .optional()?;
        let Some(story) = story else {
            return Ok(None);
        };
        Ok(Some(StoryRow {
            id: story,
            articles: self.story_members(story)?,
        }))
    }

    /// The articles of a story (active feeds), earliest first.
    pub fn story_members(&self, story: i64) -> Result<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM article_stories s
             JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id
             WHERE s.story = ?1 AND f.active = 1 ORDER BY a.sort_time, a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([story], summary_from_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Stories of two or more articles (of active feeds), biggest first;
    /// with `unread_only`, those that have an unread article.
    pub fn stories(&self, unread_only: bool) -> Result<Vec<StoryRow>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM article_stories s
             JOIN articles a ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id
             WHERE f.active = 1 ORDER BY s.story, a.sort_time, a.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], summary_from_row)?;
        let mut stories: Vec<StoryRow> = Vec::new();
        for row in rows {
            let article = row?;
            let story = article.story.unwrap_or_default();
            match stories.last_mut() {
                Some(last) if last.id == story => last.articles.push(article),
                _ => stories.push(StoryRow {
                    id: story,
                    articles: vec![article],
                }),
            }
        }
        stories.retain(|s| {
            s.articles.len() >= 2 && (!unread_only || s.articles.iter().any(|a| !a.read))
        });
        let newest = |s: &StoryRow| s.articles.iter().filter_map(|a| a.published).max();
        stories.sort_by_cached_key(|s| {
            (
                std::cmp::Reverse(s.sources()),
                std::cmp::Reverse(s.articles.len()),
                std::cmp::Reverse(newest(s)),
                s.id,
            )
        });
        Ok(stories)
    }
}
