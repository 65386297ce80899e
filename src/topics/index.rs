//! The topic index: every article's features, weighted against the whole
//! collection (rarer terms count more, names more than common words, pairs
//! more than single words), and the similarity search behind "related".
//!
//! Related articles are ranked by cosine similarity, then re-ranked with the
//! query widened by its closest neighbours (pseudo-relevance feedback), which
//! pulls in the other outlets' wording of the same story, and by how well
//! each candidate's neighbours agree with the query's. Closeness in time
//! breaks ties in live use but is not needed for the ranking itself.

use std::borrow::Cow;

use bytemuck::{Pod, Zeroable};
use rustc_hash::FxHashMap as HashMap;

use super::features::{Features, Kind};
use crate::model::{ArticleId, FeedId};

mod cache;
mod catalog;
mod census;
mod checksum;
mod codes;
mod labels;
mod query;
mod snapshot;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod spill_tests;
mod stored;
mod terms;
mod weights;
use cache::Cache;
pub use codes::Counts;
use codes::{CODE_BITS, CODE_MASK, code_of, pack};
use labels::{Labels, More, Span, Texts};
pub use snapshot::{SnapshotError, SnapshotStamp};
use stored::Packed;
use terms::Tables;
pub use weights::Weights;

pub type TermId = u32;

/// Below this an article shares no more than a common word or two.
pub const RELATED_MIN: f32 = 0.05;

/// What adding an article updates of a term: 16 bytes, four to a cache
/// line (its texts are apart, in [`TermText`]).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
struct TermInfo {
    df: u32,
    eligible: u32,
    capitalized: u32,
    /// Its [`Kind`] plus one; 0 for an id no term was given.
    kind: u32,
}

impl TermInfo {
    fn kind(&self) -> Option<Kind> {
        self.kind
            .checked_sub(1)
            .and_then(|k| u8::try_from(k).ok())
            .and_then(Kind::from_u8)
    }
}

/// A term's key and spellings, in [`TopicIndex::texts`].
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
struct TermText {
    key: Span,
    labels: Labels,
}

/// One article: its place in [`TopicIndex::doc_terms`] and what stories
/// and live use need of it. Plain data, as saved in the snapshot.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
struct Doc {
    article: ArticleId,
    feed: FeedId,
    /// Its time, when `flags` has [`HAS_TIME`].
    time: i64,
    /// Where its terms are in [`TopicIndex::doc_terms`], and how many.
    start: u32,
    len: u32,
    flags: u32,
    _pad: u32,
}

const LIVE: u32 = 1;
const HAS_TIME: u32 = 2;

impl Doc {
    fn live(&self) -> bool {
        self.flags & LIVE != 0
    }

    fn time(&self) -> Option<i64> {
        (self.flags & HAS_TIME != 0).then_some(self.time)
    }
}

/// One related article.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub article: ArticleId,
    pub score: f32,
    /// Labels of the strongest topics both articles share.
    pub shared: Vec<String>,
}

#[derive(Default)]
pub struct TopicIndex {
    weights: Option<Weights>,
    /// Term ids by key, built when first needed (see [`Tables`]).
    tables: Tables,
    terms: Vec<TermInfo>,
    names: Vec<TermText>,
    /// Spellings past each term's first (few terms have any).
    more: More,
    /// Every term's key and spellings.
    texts: Texts,
    docs: Vec<Doc>,
    /// Every document's terms and where they occurred, packed (see
    /// [`pack`]), one run per document, in document order.
    doc_terms: Packed,
    by_article: HashMap<ArticleId, usize>,
    live_docs: usize,
    /// Weighted vectors and norms, rebuilt when the collection changed.
    cache: Option<Cache>,
    /// Where big arrays are spilled to (see [`TopicIndex::spill_to`]).
    spill: Option<std::path::PathBuf>,
    /// Items an array holds in memory before it is spilled (0: the
    /// default, [`stored::SPILL_AT`]).
    spill_at: usize,
}

/// Terms kept per document vector: the strongest say what it is about,
/// and the cut bounds memory and query time on long bodies.
const VECTOR_TERMS: usize = 64;
/// Terms of a query that are scored (its strongest).
const QUERY_TERMS: usize = 32;

impl TopicIndex {
    pub fn new() -> TopicIndex {
        TopicIndex::default()
    }

    pub fn with_weights(weights: Weights) -> TopicIndex {
        TopicIndex {
            weights: Some(weights),
            ..TopicIndex::default()
        }
    }

    fn weights(&self) -> Weights {
        self.weights.unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.live_docs
    }

    /// Terms known, by id: the next new term's id.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Articles removed or replaced whose terms are still kept.
    pub fn removed(&self) -> usize {
        self.docs.len() - self.live_docs
    }

    pub fn is_empty(&self) -> bool {
        self.live_docs == 0
    }

    pub fn contains(&self, article: ArticleId) -> bool {
        self.by_article
            .get(&article)
            .is_some_and(|&d| self.docs[d].live())
    }

    /// Adds or replaces an article from its extracted features.
    pub fn add(
        &mut self,
        article: ArticleId,
        feed: FeedId,
        time: Option<i64>,
        features: &Features,
    ) {
        let counted: Vec<(TermId, Counts)> = features
            .iter()
            .map(|f| (self.intern(f.kind, f.key, f.label), Counts::of(&f)))
            .collect();
        self.add_counts(article, feed, time, &counted);
    }

    /// Adds or replaces an article whose terms are already known by id
    /// (see [`TopicIndex::set_term`]).
    pub fn add_counts(
        &mut self,
        article: ArticleId,
        feed: FeedId,
        time: Option<i64>,
        counted: &[(TermId, Counts)],
    ) {
        self.remove(article);
        let start = self.doc_terms.len();
        let spill_at = self.spill_at();
        let doc_terms = self.doc_terms.tail();
        let tail_start = doc_terms.len();
        for &(id, counts) in counted {
            let (Some(info), Some(packed)) =
                (self.terms.get_mut(id as usize), pack(id, code_of(counts)))
            else {
                continue;
            };
            info.df += 1;
            info.eligible += counts.eligible as u32;
            info.capitalized += counts.capitalized as u32;
            // Kept even when it occurred nowhere that weighs (code 0), so
            // that replacing the article takes back its counts.
            doc_terms.push(packed);
        }
        let added = doc_terms.len() - tail_start;
        let full = doc_terms.len() >= spill_at;
        let (Ok(start32), Ok(len)) = (u32::try_from(start), u32::try_from(added)) else {
            doc_terms.truncate(tail_start);
            return;
        };
        self.by_article.insert(article, self.docs.len());
        self.docs.push(Doc {
            article,
            feed,
            time: time.unwrap_or(0),
            start: start32,
            len,
            flags: LIVE | if time.is_some() { HAS_TIME } else { 0 },
            _pad: 0,
        });
        self.live_docs += 1;
        self.cache = None;
        if let (true, Some(dir)) = (full, &self.spill) {
            // Not written: they stay in memory.
            let _ = self.doc_terms.spill(dir);
        }
    }

    /// A document's terms, packed (see [`pack`]), those that weigh
    /// nothing (code 0) included.
    fn packed_terms(&self, doc: &Doc) -> Cow<'_, [u32]> {
        let start = doc.start as usize;
        self.doc_terms.run(start..start + doc.len as usize)
    }

    /// The terms a document has where it weighs (title or body).
    fn term_ids(&self, doc: usize) -> Vec<TermId> {
        weighing(&self.packed_terms(&self.docs[doc])).collect()
    }

    /// Where the big arrays built from now on go as they grow: spill
    /// files in `dir` (see [`Packed::spill`]); kept in memory when `None`.
    pub fn spill_to(&mut self, dir: Option<std::path::PathBuf>) {
        self.spill = dir;
    }

    /// Items an array holds in memory before it is spilled.
    fn spill_at(&self) -> usize {
        if self.spill_at == 0 {
            stored::SPILL_AT
        } else {
            self.spill_at
        }
    }

    /// Drops terms that only one article has from the lists of articles
    /// dated before `before` (all, when `None`): they link nothing yet
    /// (their weight is zero) and are most of the memory. Recent articles
    /// keep them, so that the next outlet to cover their story, added
    /// later, still links to them.
    pub fn compact(&mut self, before: Option<i64>) {
        let terms = &self.terms;
        let all = self.doc_terms.make_mut();
        let mut kept = Vec::with_capacity(all.len());
        for doc in &mut self.docs {
            let start = doc.start as usize;
            let run = all.get(start..start + doc.len as usize).unwrap_or_default();
            let begin = kept.len();
            if !doc.live() {
                // Nothing reads a removed document's terms again.
            } else if before.is_some_and(|cut| doc.time().is_none_or(|t| t >= cut)) {
                kept.extend_from_slice(run);
            } else {
                kept.extend(
                    run.iter()
                        .filter(|&&p| terms[(p >> CODE_BITS) as usize].df >= 2),
                );
            }
            doc.start = begin as u32;
            doc.len = (kept.len() - begin) as u32;
        }
        kept.shrink_to_fit();
        self.doc_terms = kept.into();
        self.cache = None;
    }

    /// The newest article's time.
    pub fn newest(&self) -> Option<i64> {
        self.docs
            .iter()
            .filter(|d| d.live())
            .filter_map(|d| d.time())
            .max()
    }

    /// Forgets an article (its postings are skipped from now on).
    pub fn remove(&mut self, article: ArticleId) {
        let Some(&d) = self.by_article.get(&article) else {
            return;
        };
        if !self.docs[d].live() {
            return;
        }
        self.docs[d].flags &= !LIVE;
        self.live_docs -= 1;
        let start = self.docs[d].start as usize;
        let end = start + self.docs[d].len as usize;
        for &p in self.doc_terms.run(start..end).iter() {
            let info = &mut self.terms[(p >> CODE_BITS) as usize];
            info.df = info.df.saturating_sub(1);
        }
        self.cache = None;
    }
}

/// The terms of a packed run that weigh (title or body).
fn weighing(run: &[u32]) -> impl Iterator<Item = TermId> + '_ {
    run.iter()
        .filter(|&&p| p & CODE_MASK != 0)
        .map(|&p| p >> CODE_BITS)
}

/// A term's weight in a vector sorted by term id.
pub(super) fn lookup(vector: &[(TermId, f32)], term: TermId) -> f32 {
    vector
        .binary_search_by_key(&term, |&(t, _)| t)
        .map_or(0.0, |i| vector[i].1)
}
