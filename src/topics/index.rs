//! The topic index: every article's features, weighted against the whole
//! collection (rarer terms count more, names more than common words, pairs
//! more than single words), and the similarity search behind "related".
//!
//! Related articles are ranked by cosine similarity, then re-ranked with the
//! query widened by its closest neighbours (pseudo-relevance feedback), which
//! pulls in the other outlets' wording of the same story, and by how well
//! each candidate's neighbours agree with the query's. Closeness in time
//! breaks ties in live use but is not needed for the ranking itself.

use rustc_hash::FxHashMap as HashMap;

use super::features::{Features, Kind};
use crate::model::{ArticleId, FeedId};

mod catalog;
mod codes;
mod labels;
mod query;
mod weights;
pub use codes::Counts;
use codes::{CODE_BITS, CODE_MASK, code_of, pack};
use labels::{Labels, Span, Texts};
use query::{term_idf, weigh};
pub use weights::Weights;

pub type TermId = u32;

/// Below this an article shares no more than a common word or two.
pub const RELATED_MIN: f32 = 0.05;

#[derive(Debug, Clone, Default)]
struct TermInfo {
    kind: Option<Kind>,
    /// Its key, in [`TopicIndex::texts`].
    key: Span,
    labels: Labels,
    df: u32,
    eligible: u32,
    capitalized: u32,
}

/// A term in a lookup table: its id, 32 bits of its key's hash and where
/// its key is (comparing keys reads the text alone).
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: TermId,
    hash: u32,
    key: Span,
}

#[derive(Debug, Clone)]
struct Doc {
    article: ArticleId,
    feed: FeedId,
    time: Option<i64>,
    /// Terms and where they occurred, packed (see [`pack`]).
    terms: Vec<u32>,
    live: bool,
}

impl Doc {
    fn term_ids(&self) -> impl Iterator<Item = TermId> + '_ {
        self.terms.iter().map(|&p| p >> CODE_BITS)
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
    /// Term ids by key, one table per kind, with their key's hash and
    /// place (the key itself is in `texts`, stored once).
    term_ids: [hashbrown::HashTable<Slot>; 4],
    terms: Vec<TermInfo>,
    /// Every term's key and spellings.
    texts: Texts,
    docs: Vec<Doc>,
    by_article: HashMap<ArticleId, usize>,
    live_docs: usize,
    /// Weighted vectors and norms, rebuilt when the collection changed.
    cache: Option<Cache>,
}

struct Cache {
    /// Weight of each term across the collection.
    idf: Vec<(f32, f32)>,
    norms: Vec<f32>,
    /// Packed (document, code) of each term, for scoring without lookups
    /// (see [`pack`]).
    weighted: Vec<Vec<u32>>,
    body_weight: f32,
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

    pub fn is_empty(&self) -> bool {
        self.live_docs == 0
    }

    pub fn contains(&self, article: ArticleId) -> bool {
        self.by_article
            .get(&article)
            .is_some_and(|&d| self.docs[d].live)
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
        let mut terms = Vec::with_capacity(counted.len());
        for &(id, counts) in counted {
            let code = code_of(counts);
            let (Some(info), Some(packed)) = (self.terms.get_mut(id as usize), pack(id, code))
            else {
                continue;
            };
            info.df += 1;
            info.eligible += counts.eligible as u32;
            info.capitalized += counts.capitalized as u32;
            if code != 0 {
                terms.push(packed);
            }
        }
        self.by_article.insert(article, self.docs.len());
        self.docs.push(Doc {
            article,
            feed,
            time,
            terms,
            live: true,
        });
        self.live_docs += 1;
        self.cache = None;
    }

    /// Drops terms that only one article has from the lists of articles
    /// dated before `before` (all, when `None`): they link nothing yet
    /// (their weight is zero) and are most of the memory. Recent articles
    /// keep them, so that the next outlet to cover their story, added
    /// later, still links to them.
    pub fn compact(&mut self, before: Option<i64>) {
        let terms = &self.terms;
        for doc in &mut self.docs {
            if before.is_some_and(|cut| doc.time.is_none_or(|t| t >= cut)) {
                continue;
            }
            doc.terms
                .retain(|&p| terms[(p >> CODE_BITS) as usize].df >= 2);
            doc.terms.shrink_to_fit();
        }
        self.cache = None;
    }

    /// The newest article's time.
    pub fn newest(&self) -> Option<i64> {
        self.docs
            .iter()
            .filter(|d| d.live)
            .filter_map(|d| d.time)
            .max()
    }

    /// Forgets an article (its postings are skipped from now on).
    pub fn remove(&mut self, article: ArticleId) {
        if let Some(&d) = self.by_article.get(&article)
            && self.docs[d].live
        {
            self.docs[d].live = false;
            self.live_docs -= 1;
            for term in self.docs[d].term_ids() {
                let info = &mut self.terms[term as usize];
                info.df = info.df.saturating_sub(1);
            }
            self.cache = None;
        }
    }

    /// The id of a term, new or known; `label` counts toward its spelling.
    /// A key past what the index can hold gets an id no article keeps.
    pub fn intern(&mut self, kind: Kind, key: &str, label: &str) -> TermId {
        let hash = key_hash(key);
        let texts = &self.texts;
        let known = self.term_ids[kind as usize]
            .find(spread(hash), |slot| {
                slot.hash == hash && texts.get(slot.key) == key
            })
            .copied();
        match known {
            Some(slot) => {
                let same = (label == key).then_some(slot.key);
                self.terms[slot.id as usize]
                    .labels
                    .count(label, same, &mut self.texts);
                slot.id
            }
            None => self.add_term(kind, key, label, hash).unwrap_or(TermId::MAX),
        }
    }

    /// A term not known yet, under the next id, its key's hash worked out
    /// (the table is not searched again); `None` when its key does not fit.
    fn add_term(&mut self, kind: Kind, key: &str, label: &str, hash: u32) -> Option<TermId> {
        let id = self.terms.len() as TermId;
        let span = self.texts.add(key)?;
        let mut info = TermInfo {
            kind: Some(kind),
            key: span,
            ..TermInfo::default()
        };
        let same = (label == key).then_some(span);
        info.labels.count(label, same, &mut self.texts);
        self.terms.push(info);
        let slot = Slot {
            id,
            hash,
            key: span,
        };
        self.term_ids[kind as usize].insert_unique(spread(hash), slot, |slot| spread(slot.hash));
        Some(id)
    }

    /// Registers a term under a given id (ids from the database); false
    /// when its key does not fit (see [`Texts::add`]).
    pub fn set_term(&mut self, id: TermId, kind: Kind, key: &str, label: &str) -> bool {
        let Some(span) = self.texts.add(key) else {
            return false;
        };
        let index = id as usize;
        if self.terms.len() <= index {
            self.terms.resize_with(index + 1, TermInfo::default);
        }
        let info = &mut self.terms[index];
        info.kind = Some(kind);
        info.key = span;
        let same = (label == key).then_some(span);
        info.labels.count(label, same, &mut self.texts);
        let hash = key_hash(key);
        let texts = &self.texts;
        let entry = self.term_ids[kind as usize].entry(
            spread(hash),
            |slot| slot.hash == hash && texts.get(slot.key) == key,
            |slot| spread(slot.hash),
        );
        let slot = Slot {
            id,
            hash,
            key: span,
        };
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut known) => *known.get_mut() = slot,
            hashbrown::hash_table::Entry::Vacant(free) => {
                free.insert(slot);
            }
        }
        true
    }

    /// A term's key.
    fn key(&self, term: TermId) -> &str {
        self.terms
            .get(term as usize)
            .map_or("", |info| self.texts.get(info.key))
    }

    /// Weights every document against the current collection.
    pub fn prepare(&mut self) {
        if self.cache.is_some() {
            return;
        }
        let w = self.weights();
        let n = self.live_docs.max(1) as f32;
        let idf: Vec<(f32, f32)> = self.terms.iter().map(|t| term_idf(t, n, &w)).collect();
        let mut norms = Vec::with_capacity(self.docs.len());
        // Sized up front: growing by doubling would waste up to half.
        let mut weighted: Vec<Vec<u32>> = self
            .terms
            .iter()
            .map(|t| Vec::with_capacity(if t.df >= 2 { t.df as usize } else { 0 }))
            .collect();
        for (d, doc) in self.docs.iter().enumerate() {
            if !doc.live {
                norms.push(0.0);
                continue;
            }
            let vector = weigh(&doc.terms, &idf, w.body);
            let norm = vector.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
            for &(packed, _) in &vector {
                let term = packed >> CODE_BITS;
                if let Some(posting) = pack(d as u32, packed & CODE_MASK) {
                    weighted[term as usize].push(posting);
                }
            }
            norms.push(norm);
        }
        self.cache = Some(Cache {
            idf,
            norms,
            weighted,
            body_weight: w.body,
        });
    }
}

/// A term's weight in a vector sorted by term id.
pub(super) fn lookup(vector: &[(TermId, f32)], term: TermId) -> f32 {
    vector
        .binary_search_by_key(&term, |&(t, _)| t)
        .map_or(0.0, |i| vector[i].1)
}

/// 32 bits of a key's hash, kept beside its id (tables grow without
/// reading the keys again).
fn key_hash(key: &str) -> u32 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(key) >> 32) as u32
}

/// A table hash from the kept 32 bits, mixed over all 64.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}
