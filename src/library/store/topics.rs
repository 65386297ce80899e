//! Topic data in the database: term ids, each article's feature counts
//! (8 bytes a feature), loading them into a `TopicIndex`, and the article
//! lookups the topic views need (by ids, all links).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use std::path::{Path, PathBuf};

use super::{Result, Store, summary_from_row};
use crate::model::{ArticleId, ArticleSummary};
use crate::topics::TopicIndex;
use crate::topics::index::SnapshotStamp;

impl Store {
    /// Articles by id, in the order given (unknown ids are skipped).
    pub fn articles_by_ids(&self, ids: &[ArticleId]) -> Result<Vec<ArticleSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.feed_id, COALESCE(NULLIF(f.name, ''), f.title, f.url), a.title,
                 a.link, a.published, a.read, a.starred, a.categories,
                 (SELECT story FROM article_stories s WHERE s.article_id = a.id)
             FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id], summary_from_row).optional()? {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// A number that grows whenever topic data is written.
    pub fn topic_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM article_topics",
            [],
            |r| r.get(0),
        )?)
    }

    /// (id, link) of every article of the active feeds, oldest first.
    pub fn article_links(&self) -> Result<Vec<(ArticleId, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.link FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE f.active = 1 ORDER BY a.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Builds the topic index of every article of the active feeds.
    pub fn load_topic_index(&self) -> Result<crate::topics::TopicIndex> {
        let mut index = crate::topics::TopicIndex::new();
        self.extend_topic_index(&mut index, 0)?;
        // Articles of the last days keep every term: stories still grow.
        let recent = index.newest().map(|t| t - RECENT_SECS);
        index.compact(recent);
        Ok(index)
    }

    /// Adds to `index` the topic data written after sequence number
    /// `after_seq` (see [`Store::topic_seq`]); returns how many articles
    /// were added or replaced.
    pub fn extend_topic_index(
        &self,
        index: &mut crate::topics::TopicIndex,
        after_seq: i64,
    ) -> Result<usize> {
        use crate::topics::{Counts, Kind};
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, key, label FROM topic_terms WHERE id >= ?1")?;
        let mut rows = stmt.query([index.term_count() as i64])?;
        while let Some(row) = rows.next()? {
            let Some(kind) = Kind::from_u8(row.get(1)?) else {
                continue;
            };
            let key: String = row.get(2)?;
            let label: String = row.get(3)?;
            index.set_term(row.get::<_, i64>(0)? as u32, kind, &key, &label);
        }
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.feed_id, a.sort_time, t.features
             FROM article_topics t JOIN articles a ON a.id = t.article_id
             JOIN feeds f ON f.id = a.feed_id WHERE f.active = 1 AND t.seq > ?1
             ORDER BY t.seq, t.article_id",
        )?;
        let mut rows = stmt.query([after_seq])?;
        let mut counted = Vec::new();
        let mut added = 0;
        while let Some(row) = rows.next()? {
            let blob = row.get_ref(3)?.as_blob().map_err(rusqlite::Error::from)?;
            counted.clear();
            for chunk in blob.chunks_exact(8) {
                let id = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                counted.push((
                    id,
                    Counts {
                        in_title: chunk[4],
                        in_body: chunk[5],
                        eligible: chunk[6],
                        capitalized: chunk[7],
                    },
                ));
            }
            index.add_counts(row.get(0)?, row.get(1)?, row.get(2)?, &counted);
            added += 1;
        }
        Ok(added)
    }
}

impl Store {
    /// The topic index of every article of the active feeds, prepared, read
    /// from its snapshot beside the database when that is current (topic
    /// rows written since are added) and built afresh and saved otherwise.
    /// Answers are those of an index built afresh (it is not compacted, so
    /// that adding to it links what a fresh build would). Returns the
    /// state of the database it covers.
    pub fn open_topic_index(&self) -> Result<(TopicIndex, SnapshotStamp)> {
        // Read before the rows: rows written meanwhile are added again
        // next time, which replaces them.
        let seq = self.topic_seq()?;
        let path = self.topic_snapshot_path();
        // Big arrays built here go to spill files beside the database as
        // they grow (a directory that cannot be written keeps them).
        let spill = path.as_deref().and_then(Path::parent).map(|d| {
            if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d.to_owned()
            }
        });
        if let (Some(path), Some(generation)) = (&path, self.topic_generation()?)
            && let Ok((mut index, stamp)) = TopicIndex::read_snapshot(path, generation)
            && stamp.seq <= seq
        {
            index.spill_to(spill.clone());
            let added = self.extend_topic_index(&mut index, stamp.seq)?;
            // An article indexed again leaves its old counts of spellings
            // behind (only its documents are counted off): built afresh,
            // the index answers as it should.
            if index.removed() == 0 {
                index.prepare();
                let stamp = SnapshotStamp { seq, generation };
                if added > 0 {
                    let _ = index.write_snapshot(path, stamp);
                }
                return Ok((index, stamp));
            }
        }
        // A store that cannot be written to still answers, unsaved.
        let generation = self.ensure_topic_generation().ok();
        let generation_now = self.topic_generation()?;
        let mut index = TopicIndex::new();
        index.spill_to(spill);
        self.extend_topic_index(&mut index, 0)?;
        index.prepare();
        let stamp = SnapshotStamp {
            seq,
            generation: generation_now.unwrap_or(0),
        };
        if let (Some(path), Some(_), Some(_)) = (&path, generation, generation_now) {
            let _ = index.write_snapshot(path, stamp);
        }
        Ok((index, stamp))
    }

    /// Where the topic index's snapshot is kept: beside the database file
    /// (none for a database in memory).
    pub fn topic_snapshot_path(&self) -> Option<PathBuf> {
        let db = self.conn.path().filter(|p| !p.is_empty())?;
        Some(PathBuf::from(format!("{db}.topics")))
    }

    /// A number that changes whenever topic data is taken away or moved
    /// (an article or feed removed, a feed turned off or on, an article's
    /// feed or time changed), kept by triggers; `None` until they exist.
    pub fn topic_generation(&self) -> Result<Option<i64>> {
        let parts: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN
                 ('topic_generation', 'topic_gen_topics', 'topic_gen_articles',
                  'topic_gen_moved', 'topic_gen_feeds', 'topic_gen_active')",
            [],
            |r| r.get(0),
        )?;
        if parts != 6 {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT generation FROM topic_generation WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Creates the generation counter and its triggers (once per database).
    fn ensure_topic_generation(&self) -> Result<()> {
        if self.topic_generation()?.is_some() {
            return Ok(());
        }
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(GENERATION_SQL)?;
        tx.commit()?;
        Ok(())
    }
}

const GENERATION_SQL: &str = "
CREATE TABLE IF NOT EXISTS topic_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
-- Random to start with: a snapshot left behind by another database at the
-- same path does not match.
INSERT OR IGNORE INTO topic_generation (id, generation) VALUES (1, abs(random() >> 8));
CREATE TRIGGER IF NOT EXISTS topic_gen_topics AFTER DELETE ON article_topics
BEGIN UPDATE topic_generation SET generation = generation + 1; END;
CREATE TRIGGER IF NOT EXISTS topic_gen_articles AFTER DELETE ON articles
BEGIN UPDATE topic_generation SET generation = generation + 1; END;
CREATE TRIGGER IF NOT EXISTS topic_gen_moved AFTER UPDATE OF feed_id, sort_time ON articles
WHEN OLD.feed_id IS NOT NEW.feed_id OR OLD.sort_time IS NOT NEW.sort_time
BEGIN UPDATE topic_generation SET generation = generation + 1; END;
CREATE TRIGGER IF NOT EXISTS topic_gen_feeds AFTER DELETE ON feeds
BEGIN UPDATE topic_generation SET generation = generation + 1; END;
CREATE TRIGGER IF NOT EXISTS topic_gen_active AFTER UPDATE OF active ON feeds
WHEN OLD.active IS NOT NEW.active
BEGIN UPDATE topic_generation SET generation = generation + 1; END;
";

/// How far back from the newest article the index keeps terms that no
/// other article has yet.
const RECENT_SECS: i64 = 3 * 24 * 3600;

/// Topic term ids by kind and key.
pub(super) type TermIds = crate::topics::TermIds;

pub(super) fn load_term_ids(conn: &Connection) -> Result<TermIds> {
    let mut ids = TermIds::new();
    let mut stmt = conn.prepare("SELECT id, kind, key FROM topic_terms")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let kind = crate::topics::Kind::from_u8(row.get(1)?);
        let id = u32::try_from(row.get::<_, i64>(0)?).ok();
        let key = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        if let (Some(kind), Some(id)) = (kind, id) {
            ids.insert(kind, key, id);
        }
    }
    Ok(ids)
}

/// Stores an article's topic features: terms get ids (new ones are added),
/// the counts go into one compact blob (8 bytes a feature).
pub(super) fn write_topics(
    tx: &Transaction<'_>,
    seq: i64,
    article: ArticleId,
    features: &crate::topics::Features,
    terms: &mut TermIds,
) -> Result<()> {
    let mut blob = Vec::with_capacity(features.len() * 8);
    let mut insert_term =
        tx.prepare_cached("INSERT INTO topic_terms (kind, key, label) VALUES (?1, ?2, ?3)")?;
    for feature in features.iter() {
        let id = match terms.get(feature.kind, feature.key) {
            Some(id) => id,
            None => {
                insert_term.execute(params![feature.kind as u8, feature.key, feature.label])?;
                // Ids are kept in 32 bits (the blob's width).
                let id = tx.last_insert_rowid() as u32;
                terms.insert(feature.kind, feature.key, id);
                id
            }
        };
        blob.extend_from_slice(&id.to_le_bytes());
        blob.extend_from_slice(&[
            feature.in_title,
            feature.in_body,
            feature.eligible,
            feature.capitalized,
        ]);
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO article_topics (article_id, seq, features) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![article, seq, blob])?;
    Ok(())
}
