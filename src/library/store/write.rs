//! Writing a refreshed feed's articles: new ones inserted, changed ones
//! updated in place (flags kept), each queued for the search and topic
//! indexer.

use std::collections::HashMap;

use rusqlite::{Transaction, params};
use sha2::{Digest, Sha256};

use super::Result;
use super::packed::{StoredBody, pack};
use crate::model::{ArticleId, FeedId, NewArticle, ParsedFeed, Validators};

/// Writes one fetched feed: its articles, then its title and validators.
pub(super) fn write_feed(
    tx: &Transaction<'_>,
    feed: FeedId,
    parsed: &ParsedFeed,
    prepared: &[Prepared],
    validators: &Validators,
    now: i64,
) -> Result<u64> {
    let new = upsert_articles(tx, feed, &parsed.articles, prepared, now)?;
    tx.prepare_cached(
        "UPDATE feeds SET title = COALESCE(?2, title), site_link = COALESCE(?3, site_link),
             etag = ?4, last_modified = ?5, last_status = 'updated', last_error = NULL, last_error_detail = NULL,
             last_checked = ?6, retry_at = NULL, failures = 0, max_age = ?7
         WHERE id = ?1",
    )?
    .execute(params![
        feed,
        parsed.title,
        parsed.site_link,
        validators.etag,
        validators.last_modified,
        now,
        validators.max_age.map(|s| s as i64)
    ])?;
    Ok(new)
}

pub(super) fn upsert_articles(
    tx: &Transaction<'_>,
    feed: FeedId,
    articles: &[NewArticle],
    prepared: &[Prepared],
    now: i64,
) -> Result<u64> {
    let existing = stored_digests(tx, feed)?;
    let pruned = super::prune::pruned_keys(tx, feed)?;
    let mut new = 0;
    let mut seen_in_batch: std::collections::HashSet<&str> = Default::default();
    for (i, article) in articles.iter().enumerate() {
        // A feed listing the same item twice stores it once; an item
        // dropped by `max_articles` does not come back.
        if !seen_in_batch.insert(article.key.as_str()) || pruned.contains(&article.key) {
            continue;
        }
        let prepared_here;
        let prepared = match prepared.get(i) {
            Some(prepared) => prepared,
            None => {
                prepared_here = prepare(article);
                &prepared_here
            }
        };
        match existing.get(&article.key) {
            Some((_, old)) if *old == prepared.digest => {}
            Some((id, _)) => update_article(tx, *id, article, prepared)?,
            None => {
                insert_article(tx, feed, article, prepared, now)?;
                new += 1;
            }
        }
    }
    super::prune::forget_gone(tx, feed, &pruned, &seen_in_batch)?;
    // New articles are unread; marks and deletions are counted by triggers.
    if new > 0 {
        tx.prepare_cached(
            "UPDATE feeds SET total = total + ?2, unread = unread + ?2 WHERE id = ?1",
        )?
        .execute(params![feed, new as i64])?;
    }
    Ok(new)
}

/// The stored articles of a feed: (id, digest) by key.
fn stored_digests(
    tx: &Transaction<'_>,
    feed: FeedId,
) -> Result<HashMap<String, (ArticleId, Vec<u8>)>> {
    let mut stmt = tx.prepare_cached("SELECT key, id, digest FROM articles WHERE feed_id = ?1")?;
    let rows = stmt.query_map([feed], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Rewrites a changed article (flags kept) and queues it to be indexed
/// again. Search and topic entries are made later, by the indexer, from
/// that queue: a refresh only stores (see `crate::library::indexer`).
fn update_article(
    tx: &Transaction<'_>,
    id: ArticleId,
    article: &NewArticle,
    prepared: &Prepared,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE articles SET guid = ?2, link = ?3, title = ?4, author = ?5, published = ?6,
             sort_time = COALESCE(?6, sort_time), summary = ?7, content = ?8, categories = ?9,
             digest = ?10, enclosures = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        article.guid,
        article.link,
        article.title,
        article.author,
        article.published,
        article.summary,
        prepared.content,
        article.categories.join("\n"),
        prepared.digest,
        enclosure_lines(article)
    ])?;
    tx.prepare_cached(
        "INSERT INTO index_queue (article_id, replace) VALUES (?1, 1)
         ON CONFLICT (article_id) DO UPDATE SET stamp = stamp + 1",
    )?
    .execute([id])?;
    Ok(())
}

/// Adds a new article and queues it for the indexer.
fn insert_article(
    tx: &Transaction<'_>,
    feed: FeedId,
    article: &NewArticle,
    prepared: &Prepared,
    now: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO articles (feed_id, key, guid, link, title, author, published, sort_time,
             summary, content, categories, digest, first_seen, enclosures)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        feed,
        article.key,
        article.guid,
        article.link,
        article.title,
        article.author,
        article.published,
        article.published.unwrap_or(now),
        article.summary,
        prepared.content,
        article.categories.join("\n"),
        prepared.digest,
        now,
        enclosure_lines(article)
    ])?;
    tx.prepare_cached("INSERT INTO index_queue (article_id, replace) VALUES (?1, 0)")?
        .execute([tx.last_insert_rowid()])?;
    Ok(())
}

/// The article's enclosures as stored (none: NULL).
fn enclosure_lines(article: &NewArticle) -> Option<String> {
    (!article.enclosures.is_empty()).then(|| {
        let lines: Vec<String> = article.enclosures.iter().map(|e| e.to_line()).collect();
        lines.join("\n")
    })
}

/// An article as written: its body packed, and a fingerprint of what the
/// reader shows (to skip rewriting unchanged items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    content: Option<StoredBody>,
    digest: Vec<u8>,
}

/// Works out what [`Prepared`] holds; cheap, and safe on any thread.
pub fn prepare(article: &NewArticle) -> Prepared {
    Prepared {
        content: article.content.as_deref().map(pack),
        digest: digest(article),
    }
}

fn digest(article: &NewArticle) -> Vec<u8> {
    let mut hasher = Sha256::new();
    for part in [
        article.guid.as_deref(),
        article.link.as_deref(),
        Some(article.title.as_str()),
        article.author.as_deref(),
        article.summary.as_deref(),
        article.content.as_deref(),
    ] {
        hasher.update(part.unwrap_or("\u{0}").as_bytes());
        hasher.update([0xff]);
    }
    hasher.update(article.published.unwrap_or(i64::MIN).to_le_bytes());
    for category in &article.categories {
        hasher.update(category.as_bytes());
        hasher.update([0xfe]);
    }
    hasher.finalize()[..16].to_vec()
}
