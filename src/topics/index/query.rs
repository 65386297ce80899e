//! The similarity search behind "related": cosine scores over the
//! weighted postings, the query widened with its closest neighbours, and
//! closeness in time in live use.

use std::collections::HashMap;

use super::{
    CODE_BITS, CODE_MASK, Cache, QUERY_TERMS, Related, TermId, TopicIndex, Weights, strength,
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
        let query = &cache.vector(&self.docs[query_doc]);
        let first = self.score(
            cache,
            query,
            query_doc,
            (limit.max(w.feedback_docs) * 4).max(50),
        );
        // Widen the query with the closest neighbours' vectors.
        let mut widened: HashMap<TermId, f32> = query.iter().copied().collect();
        let query_norm = cache.norms[query_doc].max(1e-6);
        let top: Vec<&(usize, f32)> = first.iter().take(w.feedback_docs).collect();
        let total: f32 = top.iter().map(|(_, s)| s).sum();
        if total > 0.0 {
            for &&(doc, sim) in &top {
                let scale = w.feedback * query_norm * sim / total / cache.norms[doc].max(1e-6);
                for &(t, v) in &cache.vector(&self.docs[doc]) {
                    *widened.entry(t).or_insert(0.0) += v * scale;
                }
            }
        }
        let mut widened: Vec<(TermId, f32)> = widened.into_iter().collect();
        widened.sort_unstable_by_key(|&(t, _)| t);
        let ranked = self.score(cache, &widened, query_doc, limit.max(1) * 6);
        let query_time = self.docs[query_doc].time;
        let mut results: Vec<(usize, f32)> = ranked
            .into_iter()
            .map(|(doc, sim)| {
                (
                    doc,
                    sim * self.time_factor(query_time, self.docs[doc].time, &w),
                )
            })
            .collect();
        results.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        results.truncate(limit);
        results
            .into_iter()
            .map(|(doc, score)| Related {
                article: self.docs[doc].article,
                score,
                shared: self.shared_labels(cache, query_doc, doc, 5),
            })
            .collect()
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

    /// Cosine scores of every document sharing a term with `query`, top `keep`.
    fn score(
        &self,
        cache: &Cache,
        query: &[(TermId, f32)],
        skip: usize,
        keep: usize,
    ) -> Vec<(usize, f32)> {
        let n = self.live_docs.max(1);
        // Terms in a large share of all articles cost much and say little.
        let common = (n / 8).max(64);
        // The query's strongest terms carry the score; the rest add noise
        // and time on long bodies.
        let mut terms: Vec<(TermId, f32)> = query.to_vec();
        if terms.len() > QUERY_TERMS {
            terms.select_nth_unstable_by(QUERY_TERMS, |a, b| b.1.total_cmp(&a.1));
            terms.truncate(QUERY_TERMS);
        }
        let mut scores = vec![0.0f32; self.docs.len()];
        let mut touched: Vec<u32> = Vec::with_capacity(1024);
        let body_weight = self.weights().body;
        for &(term, qv) in &terms {
            let Some(postings) = cache.weighted.get(term as usize) else {
                continue;
            };
            if postings.len() > common {
                continue;
            }
            // The document's weight of the term, by its code.
            let idf = cache.idf.get(term as usize).copied().unwrap_or(0.0);
            let by_code: [f32; 16] =
                std::array::from_fn(|code| qv * idf * strength(code as u32, body_weight));
            for &posting in postings {
                let doc = posting >> CODE_BITS;
                let slot = &mut scores[doc as usize];
                if *slot == 0.0 {
                    touched.push(doc);
                }
                *slot += by_code[(posting & CODE_MASK) as usize];
            }
        }
        let query_norm = query
            .iter()
            .map(|(_, v)| v * v)
            .sum::<f32>()
            .sqrt()
            .max(1e-6);
        let mut ranked: Vec<(usize, f32)> = touched
            .into_iter()
            .map(|doc| (doc as usize, scores[doc as usize]))
            .filter(|&(doc, s)| doc != skip && s > 0.0 && self.docs[doc].live)
            .map(|(doc, s)| (doc, s / (query_norm * cache.norms[doc].max(1e-6))))
            .collect();
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep, |a, b| b.1.total_cmp(&a.1));
            ranked.truncate(keep);
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}
