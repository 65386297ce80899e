//! The similarity search behind "related": terms weighted against the
//! collection, cosine scores over the weighted postings, the query widened
//! with its closest neighbours, candidates re-ranked by how their own
//! neighbours agree with the query's, and closeness in time in live use.

use rustc_hash::FxHashMap as HashMap;

use super::{
    CODE_BITS, CODE_MASK, Cache, Kind, QUERY_TERMS, Related, TermId, TermInfo, TopicIndex,
    VECTOR_TERMS, Weights,
};
use crate::model::ArticleId;

impl TopicIndex {
    /// Articles related to `article`, best first, never itself.
    pub fn related(&mut self, article: ArticleId, limit: usize) -> Vec<Related> {
        self.prepare();
        self.related_prepared(article, limit)
    }

    /// `related` for an index already prepared (shared by many queries).
    pub fn related_prepared(&self, article: ArticleId, limit: usize) -> Vec<Related> {
        let Some(cache) = &self.cache else {
            return Vec::new();
        };
        let Some(&query_doc) = self.by_article.get(&article) else {
            return Vec::new();
        };
        let w = self.weights();
        let query = cache.vector(query_doc);
        let widened = if w.feedback > 0.0 {
            self.widen(cache, query, query_doc, limit, &w)
        } else {
            query
        };
        let keep = (limit.max(1) * 6).max(w.rerank_docs);
        let ranked = self.score(cache, &widened, query_doc, keep, 0.0);
        // The agreement orders; the score stays a similarity (what the
        // story thresholds and RELATED_MIN compare against).
        let boosts = self.rerank(cache, &ranked, &w);
        let query_time = self.docs[query_doc].time();
        let mut results: Vec<(usize, f32, f32)> = ranked
            .into_iter()
            .zip(boosts)
            .map(|((doc, sim), boost)| {
                let time = self.time_factor(query_time, self.docs[doc].time(), &w);
                (doc, sim * time, (sim + boost) * time)
            })
            .collect();
        results.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        results.truncate(limit);
        results
            .into_iter()
            .map(|(doc, score, _)| Related {
                article: self.docs[doc].article,
                score,
                shared: self.shared_labels(cache, query_doc, doc, 5),
            })
            .collect()
    }

    /// Articles most similar to `article` by the plain cosine of their
    /// weighted vectors, best first: one pass over the postings where
    /// `related` makes two and re-ranks, for grouping every new article
    /// into its story (a story needs closeness, not a reading order).
    /// Only articles at least `min` similar are looked at: most articles
    /// share a word or two with any other, and ranking them costs more
    /// than scoring them.
    pub fn similar(&self, article: ArticleId, limit: usize, min: f32) -> Vec<(ArticleId, f32)> {
        let (Some(cache), Some(&doc)) = (&self.cache, self.by_article.get(&article)) else {
            return Vec::new();
        };
        let query = cache.vector(doc);
        self.score(cache, &query, doc, limit, min)
            .into_iter()
            .map(|(d, s)| (self.docs[d].article, s))
            .collect()
    }

    /// The query widened with its closest neighbours' vectors
    /// (pseudo-relevance feedback), rank-decayed: the nearest say most.
    fn widen(
        &self,
        cache: &Cache,
        query: Vec<(TermId, f32)>,
        query_doc: usize,
        limit: usize,
        w: &Weights,
    ) -> Vec<(TermId, f32)> {
        let keep = (limit.max(w.feedback_docs) * 4).max(50);
        let first = self.score(cache, &query, query_doc, keep, 0.0);
        let query_norm = cache.norms[query_doc].max(1e-6);
        let mut widened: HashMap<TermId, f32> = query.into_iter().collect();
        let top: Vec<(usize, f32)> = first
            .iter()
            .take(w.feedback_docs)
            .enumerate()
            .map(|(rank, &(doc, sim))| (doc, sim * w.feedback_decay.powi(rank as i32)))
            .collect();
        let total: f32 = top.iter().map(|(_, s)| s).sum();
        if total > 0.0 {
            for &(doc, sim) in &top {
                let scale = w.feedback * query_norm * sim / total / cache.norms[doc].max(1e-6);
                for &(t, v) in &cache.vector(doc) {
                    *widened.entry(t).or_insert(0.0) += v * scale;
                }
            }
        }
        let mut widened: Vec<(TermId, f32)> = widened.into_iter().collect();
        widened.sort_unstable_by_key(|&(t, _)| t);
        widened
    }

    fn time_factor(&self, a: Option<i64>, b: Option<i64>, w: &Weights) -> f32 {
        match (a, b) {
            (Some(a), Some(b)) => {
                let days = (a - b).unsigned_abs() as f32 / 86_400.0;
                1.0 / (1.0 + days / w.time_scale_days).sqrt()
            }
            _ => 1.0,
        }
    }

    /// Cosine scores of the documents sharing a term with `query`, top
    /// `keep` of those scoring at least `min`.
    fn score(
        &self,
        cache: &Cache,
        query: &[(TermId, f32)],
        skip: usize,
        keep: usize,
        min: f32,
    ) -> Vec<(usize, f32)> {
        // The query's strongest terms carry the score; the rest add noise
        // and time on long bodies.
        let mut terms: Vec<(TermId, f32)> = query.to_vec();
        if terms.len() > QUERY_TERMS {
            terms.select_nth_unstable_by(QUERY_TERMS, |a, b| b.1.total_cmp(&a.1));
            terms.truncate(QUERY_TERMS);
        }
        SCRATCH.with_borrow_mut(|scratch| {
            self.score_into(cache, query, &terms, (skip, keep, min), scratch)
        })
    }

    /// `score` over a scratch row of one score per document, left all
    /// zero again: a fresh row per query would cost a page fault per page.
    fn score_into(
        &self,
        cache: &Cache,
        query: &[(TermId, f32)],
        terms: &[(TermId, f32)],
        (skip, keep, min): (usize, usize, f32),
        scratch: &mut Scratch,
    ) -> Vec<(usize, f32)> {
        if keep == 0 {
            return Vec::new();
        }
        let n = self.live_docs.max(1);
        // Terms in a large share of all articles cost much and say little;
        // past a few days' news, a term in more articles than a story ever
        // has is a beat's, not an event's (and a query must not cost more
        // as the collection grows).
        let common = (n / 8).clamp(64, COMMON_MAX);
        let Scratch { scores, touched } = scratch;
        if scores.len() < self.docs.len() {
            scores.resize(self.docs.len(), 0.0);
        }
        let body_weight = self.weights().body;
        // Each scanned term's postings and the document's weight of the
        // term by its code.
        let runs: Vec<_> = terms
            .iter()
            .filter(|&&(term, qv)| qv > 0.0 && cache.posting_count(term) <= common)
            .map(|&(term, qv)| {
                let idf = cache.idf(term);
                let by_code: [f32; 16] =
                    std::array::from_fn(|code| qv * strength(code as u32, idf, body_weight));
                (cache.postings(term), by_code)
            })
            .collect();
        // Room for every posting: a document is written down unconditionally
        // and kept (the count moves on) only on its first score, without a
        // branch the processor would mispredict half the time.
        touched.clear();
        touched.resize(runs.iter().map(|(p, _)| p.len()).sum::<usize>() + 1, 0);
        let mut kept = 0;
        for (postings, by_code) in &runs {
            for &posting in postings.iter() {
                let doc = posting >> CODE_BITS;
                let slot = &mut scores[doc as usize];
                touched[kept] = doc;
                kept += usize::from(*slot == 0.0);
                *slot += by_code[(posting & CODE_MASK) as usize];
            }
        }
        touched.truncate(kept);
        let query_norm = query
            .iter()
            .map(|(_, v)| v * v)
            .sum::<f32>()
            .sqrt()
            .max(1e-6);
        // Each touched slot becomes its cosine, in place, then is zeroed.
        let mut ranked = Vec::with_capacity(keep.min(touched.len()) + 1);
        let mut floor = 0.0f32;
        // Only live documents have postings (the cache is rebuilt when one
        // is removed): no need to read each document's record.
        for &doc in touched.iter() {
            let d = doc as usize;
            let s = std::mem::take(&mut scores[d]);
            if d == skip || s <= 0.0 {
                continue;
            }
            let cosine = s / (query_norm * cache.norms[d].max(1e-6));
            if cosine < min || ranked.len() >= keep && cosine <= floor {
                continue;
            }
            ranked.push((d, cosine));
            // Keeps at most twice `keep`: halved to the best `keep` when full.
            if ranked.len() >= 2 * keep.max(1) {
                ranked.select_nth_unstable_by(keep - 1, |a: &(usize, f32), b| {
                    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
                });
                ranked.truncate(keep);
                floor = ranked.iter().map(|r| r.1).fold(f32::INFINITY, f32::min);
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(keep);
        ranked
    }

    /// How much to lift each of the first candidates: how alike their
    /// neighbours are to the query's (articles of one story agree with each
    /// other), over the pool of the query and those candidates.
    fn rerank(&self, cache: &Cache, ranked: &[(usize, f32)], w: &Weights) -> Vec<f32> {
        let mut boosts = vec![0.0f32; ranked.len()];
        if w.rerank <= 0.0 {
            return boosts;
        }
        let k = ranked.len().min(w.rerank_docs);
        let vectors: Vec<Vec<(TermId, f32)>> = ranked[..k]
            .iter()
            .map(|&(doc, _)| cache.vector(doc))
            .collect();
        // Profiles over the pool: the query, then the candidates.
        let mut profiles = vec![vec![0.0f32; k + 1]; k + 1];
        profiles[0][0] = 1.0;
        for c in 0..k {
            profiles[0][c + 1] = ranked[c].1;
            profiles[c + 1][0] = ranked[c].1;
            profiles[c + 1][c + 1] = 1.0;
            for j in c + 1..k {
                let norm = cache.norms[ranked[c].0] * cache.norms[ranked[j].0];
                let sim = dot(&vectors[c], &vectors[j]) / norm.max(1e-6);
                profiles[c + 1][j + 1] = sim;
                profiles[j + 1][c + 1] = sim;
            }
        }
        // Square roots: many weak links count nearly as one strong one.
        for p in &mut profiles {
            p.iter_mut().for_each(|x| *x = x.max(0.0).sqrt());
        }
        let length = |p: &[f32]| p.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        let q = &profiles[0];
        let q_len = length(q);
        for c in 0..k {
            let p = &profiles[c + 1];
            let agree = q.iter().zip(p).map(|(a, b)| a * b).sum::<f32>() / (q_len * length(p));
            boosts[c] = w.rerank * agree;
        }
        boosts
    }
}

/// Postings longer than this are not scanned (see [`TopicIndex::score`]).
const COMMON_MAX: usize = 1024;

/// Each thread's scratch space for [`TopicIndex::score`]: a score per
/// document (all zero between queries) and the documents touched.
#[derive(Default)]
struct Scratch {
    scores: Vec<f32>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A term's weight in an article, by its code and its (title, body)
/// idf: the title idf if in the title, plus the body weight times
/// 1 + ln(count) of the bucket's typical count times the body idf.
pub(super) fn strength(code: u32, idf: (f32, f32), body_weight: f32) -> f32 {
    const LOG_TF: [f32; 8] = [0.0, 1.0, 1.693, 2.253, 2.792, 3.303, 3.773, 4.332];
    let title = if code & 8 != 0 { idf.0 } else { 0.0 };
    title + LOG_TF[(code & 7) as usize] * body_weight * idf.1
}

/// How often a word is capitalized where that means something (1: a name).
/// Smoothed by one sighting of `prior`: a word seen only in Title Case
/// headlines is more likely a name than a word seen in lower case.
fn proper_ratio(t: &TermInfo, prior: f32) -> f32 {
    (t.capitalized as f32 + prior) / (t.eligible as f32 + 1.0)
}

/// A term's weight across the collection, in titles and in bodies:
/// rarer terms count more, and names more than common words.
pub(super) fn term_idf(t: &TermInfo, n: f32, w: &Weights) -> (f32, f32) {
    // A term in only one article links nothing.
    if t.df < 2 {
        return (0.0, 0.0);
    }
    let base = (1.0 + n / t.df as f32).ln();
    let (title, body) = match t.kind() {
        Some(Kind::Word) => {
            let boost = w.proper * proper_ratio(t, w.proper_prior);
            (
                w.word * (1.0 + boost),
                w.word * (1.0 + w.body_proper * boost),
            )
        }
        Some(Kind::Pair) => (w.pair, w.pair),
        Some(Kind::Name) => (w.name, w.name),
        Some(Kind::Category) => (w.category, w.category),
        None => (0.0, 0.0),
    };
    (base * title, base * body)
}

/// A document's strongest terms, weighted by `idf`: (packed term, weight)
/// pairs sorted by term id, into `vector`.
pub(super) fn weigh_into(
    terms: &[u32],
    idf: &[[f32; 2]],
    body_weight: f32,
    vector: &mut Vec<(u32, f32)>,
) {
    vector.clear();
    vector.extend(
        terms
            .iter()
            .map(|&p| {
                let idf = idf
                    .get((p >> CODE_BITS) as usize)
                    .map_or((0.0, 0.0), |&[title, body]| (title, body));
                (p, strength(p & CODE_MASK, idf, body_weight))
            })
            .filter(|&(_, v)| v > 0.0),
    );
    if vector.len() > VECTOR_TERMS {
        vector.select_nth_unstable_by(VECTOR_TERMS, |a, b| b.1.total_cmp(&a.1));
        vector.truncate(VECTOR_TERMS);
    }
    vector.sort_unstable_by_key(|&(t, _)| t);
}

/// Dot product of two vectors sorted by term id.
fn dot(a: &[(TermId, f32)], b: &[(TermId, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}
