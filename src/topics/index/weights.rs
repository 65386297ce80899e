//! How strongly each kind of feature counts in the topic index, and the
//! tuning of related search (feedback, re-ranking, time).

/// How strongly each kind of feature counts.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub word: f32,
    pub pair: f32,
    pub name: f32,
    pub category: f32,
    /// Extra weight for words that are nearly always capitalized (names).
    pub proper: f32,
    pub body: f32,
    /// Neighbours that widen the query, and how much they count.
    pub feedback_docs: usize,
    pub feedback: f32,
    /// Days over which time closeness fades (live use).
    pub time_scale_days: f32,
    /// Each further feedback neighbour counts this much of the one before.
    pub feedback_decay: f32,
    /// How much agreeing neighbours lift a candidate (see `rerank`), and
    /// how many of the first candidates are re-ranked.
    pub rerank: f32,
    pub rerank_docs: usize,
    /// Share of the name boost given to words in bodies (1: as in titles).
    pub body_proper: f32,
    /// How name-like a word is before its capitals are seen.
    pub proper_prior: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            word: 1.0,
            pair: 1.2,
            name: 1.2,
            category: 0.05,
            proper: 0.8,
            body: 0.6,
            feedback_docs: 4,
            feedback: 1.2,
            time_scale_days: 4.0,
            feedback_decay: 0.8,
            rerank: 8.0,
            rerank_docs: 60,
            body_proper: 0.0,
            proper_prior: 0.3,
        }
    }
}
