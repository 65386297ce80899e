//! The prepared index: every term weighted against the collection, each
//! document's vector (its strongest terms) and norm, and each term's
//! weighted postings, all as flat arrays (offsets into one run each), as
//! the snapshot saves them.

use std::borrow::Cow;

use super::census::TopicLists;
use super::query::{strength, term_idf, weigh_into};
use super::{CODE_BITS, CODE_MASK, Packed, TermId, TopicIndex, VECTOR_TERMS, pack};

pub(super) struct Cache {
    /// Weight of each term across the collection, in titles and bodies.
    pub(super) idf: Vec<[f32; 2]>,
    pub(super) norms: Vec<f32>,
    /// Document `d`'s vector is `vector_terms[vector_starts[d]..
    /// vector_starts[d + 1]]`: packed (term, code), sorted by term.
    pub(super) vector_starts: Vec<u32>,
    pub(super) vector_terms: Packed,
    /// Term `t`'s postings, likewise: packed (document, code), by document
    /// (see [`pack`]), for scoring without lookups.
    pub(super) posting_starts: Vec<u32>,
    pub(super) postings: Packed,
    pub(super) body_weight: f32,
    /// Each topic's documents (see [`TopicLists`]).
    pub(super) topics: TopicLists,
    /// The topics of the whole index, as saved with a snapshot (see
    /// [`TopicIndex::census`]).
    pub(super) census: Option<Vec<super::census::Census>>,
}

impl Cache {
    /// A term's (title, body) weight.
    pub(super) fn idf(&self, term: TermId) -> (f32, f32) {
        self.idf
            .get(term as usize)
            .map_or((0.0, 0.0), |&[title, body]| (title, body))
    }

    /// A document's vector, packed (term, code), sorted by term.
    pub(super) fn packed_vector(&self, doc: usize) -> Cow<'_, [u32]> {
        let (Some(&start), Some(&end)) =
            (self.vector_starts.get(doc), self.vector_starts.get(doc + 1))
        else {
            return Cow::Borrowed(&[]);
        };
        self.vector_terms.run(start as usize..end as usize)
    }

    /// A document's weighted vector, sorted by term id.
    pub(super) fn vector(&self, doc: usize) -> Vec<(TermId, f32)> {
        self.packed_vector(doc)
            .iter()
            .map(|&p| {
                let term = p >> CODE_BITS;
                (
                    term,
                    strength(p & CODE_MASK, self.idf(term), self.body_weight),
                )
            })
            .collect()
    }

    /// A term's weighted postings.
    pub(super) fn postings(&self, term: TermId) -> Cow<'_, [u32]> {
        let t = term as usize;
        let (Some(&start), Some(&end)) =
            (self.posting_starts.get(t), self.posting_starts.get(t + 1))
        else {
            return Cow::Borrowed(&[]);
        };
        self.postings.run(start as usize..end as usize)
    }

    /// The documents where topic `term` weighs, in document order.
    pub(super) fn topic_docs(&self, term: TermId) -> Vec<usize> {
        let t = term as usize;
        let lists = &self.topics;
        let (Some(&start), Some(&end)) = (lists.starts.get(t), lists.starts.get(t + 1)) else {
            return Vec::new();
        };
        let run = lists.docs.run(start as usize..end as usize);
        run.iter().map(|&p| (p >> CODE_BITS) as usize).collect()
    }

    /// Postings in a term's list (without reading them).
    pub(super) fn posting_count(&self, term: TermId) -> usize {
        let t = term as usize;
        match (self.posting_starts.get(t), self.posting_starts.get(t + 1)) {
            (Some(&start), Some(&end)) => end.saturating_sub(start) as usize,
            _ => 0,
        }
    }
}

impl TopicIndex {
    /// Weights every document against the current collection.
    pub fn prepare(&mut self) {
        if self.cache.is_some() {
            return;
        }
        let w = self.weights();
        let n = self.live_docs.max(1) as f32;
        let idf: Vec<[f32; 2]> = self
            .terms
            .iter()
            .map(|t| {
                let (title, body) = term_idf(t, n, &w);
                [title, body]
            })
            .collect();
        let mut norms = Vec::with_capacity(self.docs.len());
        let mut vector_starts = Vec::with_capacity(self.docs.len() + 1);
        vector_starts.push(0u32);
        let mut vector_terms = Packed::default();
        if self.spill.is_none() {
            // Room for every vector at its longest, so that it never moves.
            let longest = self.docs.iter().filter(|d| d.live());
            let longest = longest.map(|d| (d.len as usize).min(VECTOR_TERMS)).sum();
            vector_terms.tail().reserve_exact(longest);
        }
        let mut counts = vec![0u32; self.terms.len() + 1];
        let mut vector = Vec::new();
        let spill_at = self.spill_at();
        let mut runs = self.doc_terms.cursor();
        for doc in &self.docs {
            if doc.live() {
                let start = doc.start as usize;
                let run = runs.get(start..start + doc.len as usize);
                weigh_into(&run, &idf, w.body, &mut vector);
                let norm = vector.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
                let tail = vector_terms.tail();
                for &(packed, _) in &vector {
                    counts[(packed >> CODE_BITS) as usize + 1] += 1;
                    tail.push(packed);
                }
                norms.push(norm);
                if let (true, Some(dir)) = (tail.len() >= spill_at, &self.spill) {
                    // Not written: they stay in memory.
                    let _ = vector_terms.spill(dir);
                }
            } else {
                norms.push(0.0);
            }
            vector_starts.push(vector_terms.len() as u32);
        }
        if let Some(dir) = &self.spill {
            let _ = vector_terms.spill(dir);
        }
        // Each term's postings start where the ones before it end.
        for t in 1..counts.len() {
            counts[t] += counts[t - 1];
        }
        let posting_starts = counts.clone();
        let mut postings = vec![0u32; vector_terms.len()];
        let mut vectors = vector_terms.cursor();
        for (d, pair) in vector_starts.windows(2).enumerate() {
            for &packed in vectors.get(pair[0] as usize..pair[1] as usize).iter() {
                let slot = &mut counts[(packed >> CODE_BITS) as usize];
                postings[*slot as usize] = pack(d as u32, packed & CODE_MASK).unwrap_or(u32::MAX);
                *slot += 1;
            }
        }
        drop(vectors);
        self.cache = Some(Cache {
            idf,
            norms,
            vector_starts,
            vector_terms,
            posting_starts,
            postings: postings.into(),
            body_weight: w.body,
            topics: self.topic_lists(),
            census: None,
        });
    }
}
