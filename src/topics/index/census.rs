//! The topic list: how many articles have each topic and how closely they
//! agree with each other. The list of the whole index is saved with its
//! snapshot, so listing topics reads no document.

use bytemuck::{Pod, Zeroable};
use rustc_hash::FxHashMap as HashMap;

use super::{
    ArticleId, CODE_BITS, CODE_MASK, Cache, Kind, Packed, TermId, TopicIndex, lookup, pack,
};

/// Each topic's documents, where it weighs (title or body), in document
/// order: `docs[starts[t]..starts[t + 1]]` are topic `t`'s, packed (see
/// [`pack`], code 0). Filtering by a topic reads its run, never every
/// document; the topic list counts the same runs.
#[derive(Default)]
pub(super) struct TopicLists {
    pub(super) starts: Vec<u32>,
    pub(super) docs: Packed,
}

/// Articles of a topic whose likeness to each other is measured.
const COHESION_SAMPLE: usize = 6;

/// A topic of two or more articles: how many, and how alike a sample of
/// them are (see [`cohesion`]).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(super) struct Census {
    pub(super) term: TermId,
    pub(super) count: u32,
    pub(super) cohesion: f32,
}

/// The mean cosine similarity of the sampled articles of a topic, pair by pair.
fn cohesion(cache: &Cache, sample: &[usize]) -> f32 {
    let vectors: Vec<Vec<(TermId, f32)>> = sample.iter().map(|&d| cache.vector(d)).collect();
    let (mut sum, mut pairs) = (0.0, 0);
    for (i, a) in vectors.iter().enumerate() {
        for (j, b) in vectors.iter().enumerate().skip(i + 1) {
            let dot: f32 = a.iter().map(|&(t, v)| v * lookup(b, t)).sum();
            let norms = cache.norms[sample[i]] * cache.norms[sample[j]];
            if norms > 0.0 {
                sum += dot / norms;
            }
            pairs += 1;
        }
    }
    if pairs == 0 { 0.0 } else { sum / pairs as f32 }
}

impl TopicIndex {
    /// Topics across `articles` (or all) with how many articles have each,
    /// the most telling first: a topic counts by its articles times how
    /// closely they agree with each other (a name or a story's subject
    /// gathers articles about one thing; "European" or "Technology" is
    /// spread over many). A word that is part of a name ("Agency" in
    /// "European Space Agency") gives way to the name when the name covers
    /// most of its articles.
    pub fn topic_counts(&mut self, articles: Option<&[ArticleId]>) -> Vec<(String, u32)> {
        self.prepare();
        let Some(cache) = &self.cache else {
            return Vec::new();
        };
        let census = match (articles, &cache.census) {
            (None, Some(saved)) => saved.clone(),
            _ => self.census(cache, articles),
        };
        let ranked: Vec<(TermId, u32, f32)> = census
            .into_iter()
            .map(|c| {
                let name = self.terms[c.term as usize].kind() == Some(Kind::Name);
                let telling = c.count as f32 * (0.2 + c.cohesion);
                (c.term, c.count, if name { telling * 1.25 } else { telling })
            })
            .collect();
        self.readable_topics(ranked)
    }

    /// The topics of `articles` (or all) that two or more have, by term.
    pub(super) fn census(&self, cache: &Cache, articles: Option<&[ArticleId]>) -> Vec<Census> {
        let counts = match articles {
            Some(ids) => self.count_topics(ids),
            None => self.count_all_topics(cache),
        };
        let mut list: Vec<Census> = counts
            .into_iter()
            .filter(|(_, (c, _))| *c >= 2)
            .map(|(term, (count, docs))| Census {
                term,
                count,
                cohesion: cohesion(cache, &docs),
            })
            .collect();
        list.sort_unstable_by_key(|c| c.term);
        list
    }

    /// Articles of each topic among `articles`, and the first few of them.
    fn count_topics(&self, articles: &[ArticleId]) -> HashMap<TermId, (u32, Vec<usize>)> {
        let mut counts: HashMap<TermId, (u32, Vec<usize>)> = HashMap::default();
        for doc in articles
            .iter()
            .filter_map(|a| self.by_article.get(a).copied())
        {
            if !self.docs[doc].live() {
                continue;
            }
            for term in self.term_ids(doc).into_iter().filter(|&t| self.is_topic(t)) {
                let entry = counts.entry(term).or_default();
                entry.0 += 1;
                if entry.1.len() < COHESION_SAMPLE {
                    entry.1.push(doc);
                }
            }
        }
        counts
    }

    /// [`TopicIndex::count_topics`] of every article, from the topic lists.
    fn count_all_topics(&self, cache: &Cache) -> HashMap<TermId, (u32, Vec<usize>)> {
        let lists = &cache.topics;
        (0..self.terms.len())
            .filter_map(|t| {
                let (&start, &end) = (lists.starts.get(t)?, lists.starts.get(t + 1)?);
                let (start, end) = (start as usize, end as usize);
                if end <= start {
                    return None;
                }
                let first = lists.docs.run(start..end.min(start + COHESION_SAMPLE));
                let sample = first.iter().map(|&p| (p >> CODE_BITS) as usize).collect();
                Some((t as TermId, ((end - start) as u32, sample)))
            })
            .collect()
    }

    /// Each topic's documents (see [`TopicLists`]): two passes over every
    /// document's terms, one to count, one to place.
    pub(super) fn topic_lists(&self) -> TopicLists {
        let topic: Vec<bool> = (0..self.terms.len())
            .map(|t| self.is_topic(t as TermId))
            .collect();
        let mut starts = vec![0u32; self.terms.len() + 1];
        self.each_topic_of_docs(&topic, |term, _| starts[term + 1] += 1);
        for t in 1..starts.len() {
            starts[t] += starts[t - 1];
        }
        let mut slots = starts.clone();
        let mut docs = vec![0u32; starts.last().map_or(0, |&l| l as usize)];
        self.each_topic_of_docs(&topic, |term, doc| {
            if let Some(slot) = docs.get_mut(slots[term] as usize) {
                *slot = pack(doc as u32, 0).unwrap_or(u32::MAX);
            }
            slots[term] += 1;
        });
        TopicLists {
            starts,
            docs: docs.into(),
        }
    }

    /// Calls `found(term, doc)` for every topic where it weighs in a live
    /// document, in document order.
    fn each_topic_of_docs(&self, topic: &[bool], mut found: impl FnMut(usize, usize)) {
        let mut runs = self.doc_terms.cursor();
        for (d, doc) in self.docs.iter().enumerate().filter(|(_, d)| d.live()) {
            let start = doc.start as usize;
            for &p in runs.get(start..start + doc.len as usize).iter() {
                let term = (p >> CODE_BITS) as usize;
                if p & CODE_MASK != 0 && topic.get(term) == Some(&true) {
                    found(term, d);
                }
            }
        }
    }
}
