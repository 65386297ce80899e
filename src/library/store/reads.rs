//! The reading queries both front ends ask through the library: feeds with
//! their counts, article lists (filtered, searched), one article, and
//! finding an article by id, link or guid.

use rusqlite::OptionalExtension;

use super::{Result, Store, packed};
use crate::model::{
    ArticleDetail, ArticleId, ArticleQuery, ArticleSummary, Enclosure, FeedSummary, FullText,
    RefreshStatus,
};

impl Store {
    /// Active feeds in config order with their article counts (kept by
    /// triggers: this reads no article).
    pub fn feeds(&self) -> Result<Vec<FeedSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.id, COALESCE(NULLIF(f.name, ''), f.title, f.url), f.url, f.tags,
                 f.total, f.unread, f.last_status, f.last_error, f.last_error_detail, f.remote IS NOT NULL
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
                last_status: r
                    .get::<_, Option<String>>(6)?
                    .as_deref()
                    .and_then(RefreshStatus::parse),
                last_error: r.get(7)?,
                last_error_detail: r.get(8)?,
                synced: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Articles of active feeds, newest first, filtered by `query`.
    ///
    /// With a limit, the cost does not grow with the store: the rows are
    /// read in the order of an index on time (of one feed, or of the
    /// unread) and the walk stops at the limit. `CROSS JOIN` keeps SQLite
    /// from starting at the feeds, which sorts every article of every
    /// active feed before the first row comes out.
    pub fn articles(&self, query: &ArticleQuery) -> Result<Vec<ArticleSummary>> {
        self.articles_as(query, |a| a)
    }

    /// [`Store::articles`], each row turned into a `T` as it is read: a
    /// long list in a smaller shape never exists whole as summaries.
    pub fn articles_as<T>(
        &self,
        query: &ArticleQuery,
        mut shape: impl FnMut(ArticleSummary) -> T,
    ) -> Result<Vec<T>> {
        self.walk(
            query,
            |_| true,
            query.limit,
            |r| summary_from_row(r).map(&mut shape),
        )
    }

    /// [`Store::articles`] (its own limit aside) keeping only the rows
    /// whose id `keep` accepts, and reading no further than `limit` of
    /// them: a filter SQL cannot say costs only as far as it must read.
    pub fn articles_where<T>(
        &self,
        query: &ArticleQuery,
        keep: impl FnMut(ArticleId) -> bool,
        limit: Option<u64>,
        mut shape: impl FnMut(ArticleSummary) -> T,
    ) -> Result<Vec<T>> {
        let unlimited = ArticleQuery {
            limit: None,
            ..query.clone()
        };
        self.walk(&unlimited, keep, limit, |r| {
            summary_from_row(r).map(&mut shape)
        })
    }

    /// The ids of [`Store::articles`], in its order, without the rest.
    pub fn article_ids(&self, query: &ArticleQuery) -> Result<Vec<ArticleId>> {
        self.walk(query, |_| true, query.limit, |r| r.get(0))
    }

    /// The rows of `query` in its order that `keep` and its search accept,
    /// as far as `limit` of them, each `read`.
    fn walk<T>(
        &self,
        query: &ArticleQuery,
        mut keep: impl FnMut(ArticleId) -> bool,
        limit: Option<u64>,
        mut read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let Some((sql, args, only)) = self.articles_sql(query)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while (out.len() as u64) < limit.unwrap_or(u64::MAX) {
            let Some(row) = rows.next()? else { break };
            let id: ArticleId = row.get(0)?;
            if only.as_ref().is_none_or(|only| only.contains(id)) && keep(id) {
                out.push(read(row)?);
            }
        }
        Ok(out)
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
                     a.guid, a.author, a.content, a.full_html, a.full_byline, a.full_site,
                     a.enclosures, a.full_image, a.full_lang
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
                        image: r.get(17).ok().flatten(),
                        lang: r.get(18).ok().flatten(),
                    }),
                    enclosures: r
                        .get::<_, Option<String>>(16)?
                        .as_deref()
                        .map(Enclosure::from_lines)
                        .unwrap_or_default(),
                })
            })
            .optional()?)
    }
}

/// Matches a search may have and still be looked up one by one: past
/// them, the list walks its index on time and keeps the matching rows.
const FEW_MATCHES: usize = if cfg!(test) { 8 } else { 2048 };

/// A search's matches, as the statement of [`Store::articles`] uses them.
enum Matches {
    /// All of them (as many as [`FEW_MATCHES`]), newest first.
    Few(Vec<ArticleId>),
    /// More than that, all of them, newest first: the rows walked are
    /// tested against them.
    Many(Matched),
}

/// A statement of [`Store::articles`], its arguments, and the matches its
/// rows are to be tested against (it has no limit then).
pub(super) type Statement = (String, Vec<rusqlite::types::Value>, Option<Matched>);

/// Ids in decreasing order, as the search index gives them.
pub(super) struct Matched(Vec<ArticleId>);

impl Matched {
    fn contains(&self, id: ArticleId) -> bool {
        self.0.binary_search_by(|probe| id.cmp(probe)).is_ok()
    }
}

impl Store {
    /// The statement of [`Store::articles`]; None for a search with no
    /// words (nothing matches).
    pub(super) fn articles_sql(&self, query: &ArticleQuery) -> Result<Option<Statement>> {
        let matches = match query.search.as_deref() {
            None => None,
            Some(search) => match fts_query(search) {
                None => return Ok(None),
                Some(fts) => Some(self.matches(&fts)?),
            },
        };
        Ok(Some(articles_sql(query, matches)))
    }

    /// A search's matches. Their cost follows the matches, never the
    /// whole store: few are looked up one by one and sorted; many are
    /// common enough that walking the list newest first, testing each row,
    /// meets a page's worth soon.
    fn matches(&self, fts: &str) -> Result<Matches> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC",
        )?;
        let mut rows = stmt.query([fts])?;
        let mut ids = Vec::new();
        while let Some(row) = rows.next()? {
            ids.push(row.get(0)?);
        }
        Ok(if ids.len() > FEW_MATCHES {
            Matches::Many(Matched(ids))
        } else {
            Matches::Few(ids)
        })
    }
}

/// The statement of [`Store::articles`] and its arguments, with the
/// matches of its search.
fn articles_sql(query: &ArticleQuery, matches: Option<Matches>) -> Statement {
    let mut sql = String::from(
        "SELECT a.id, a.feed_id, COALESCE(NULLIF(f.name, ''), f.title, f.url), a.title,
             a.link, a.published, a.read, a.starred, a.categories,
             (SELECT story FROM article_stories s WHERE s.article_id = a.id)
         FROM articles a CROSS JOIN feeds f ON f.id = a.feed_id
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
    let mut only = None;
    match matches {
        None => {}
        Some(Matches::Few(ids)) => {
            sql.push_str(" AND a.id IN (SELECT value FROM json_each(?))");
            let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
            args.push(format!("[{}]", list.join(",")).into());
        }
        Some(Matches::Many(ids)) => only = Some(ids),
    }
    sql.push_str(" ORDER BY a.sort_time DESC, a.id DESC");
    if let (Some(limit), None) = (query.limit, &only) {
        sql.push_str(" LIMIT ?");
        args.push((limit.min(i64::MAX as u64) as i64).into());
    }
    (sql, args, only)
}

pub(super) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
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
