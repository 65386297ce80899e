//! The computing side of the indexer: each worker thread takes the next
//! batch of queued articles and turns every article into its search text
//! and topic features. Pure apart from the channels; the writer puts the
//! batches back in order.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use crate::contain::contain;
use crate::library::store::{IndexEntry, PendingArticle};
use crate::text::plaintext::html_to_text;
use crate::topics::{Analyzer, ArticleText, Features, Lang, extract};

/// A batch of queued articles, each with its feed's language; `seq` is
/// its place in the order the writer writes batches in.
pub(super) struct Batch {
    pub(super) seq: usize,
    pub(super) articles: Vec<(PendingArticle, Lang)>,
}

/// What a worker made of a batch: its entries, or the message of a panic
/// that stopped it.
pub(super) type Computed = (usize, Result<Vec<IndexEntry>, String>);

/// A worker thread: batches from the shared inbox until it closes; returns
/// the time it spent computing.
pub(super) fn compute(inbox: &Mutex<Receiver<Batch>>, out: Sender<Computed>) -> Duration {
    // One analyzer per language, so its stem cache serves every feed.
    let mut analyzers: HashMap<Lang, Analyzer> = HashMap::new();
    let mut busy = Duration::ZERO;
    loop {
        // The lock is held only while waiting for the next batch.
        let batch = match inbox.lock() {
            Ok(inbox) => inbox.recv(),
            Err(_) => return busy,
        };
        let Ok(Batch { seq, articles }) = batch else {
            return busy;
        };
        let started = Instant::now();
        let entries = contain(|| {
            articles
                .into_iter()
                .map(|(article, lang)| {
                    let analyzer = analyzers.entry(lang).or_insert_with(|| Analyzer::new(lang));
                    entry_for(article, analyzer)
                })
                .collect()
        })
        .map_err(|panicked| panicked.0);
        busy += started.elapsed();
        if out.send((seq, entries)).is_err() {
            return busy;
        }
    }
}

/// The search text and topic features of one article.
pub fn entry_for(article: PendingArticle, analyzer: &Analyzer) -> IndexEntry {
    entry_with(article, |text| extract(text, analyzer))
}

/// [`entry_for`] with the features drawn by `features`; a panic there
/// costs the article its topics, not its search entry.
pub(super) fn entry_with(
    article: PendingArticle,
    features: impl FnOnce(&ArticleText<'_>) -> Features,
) -> IndexEntry {
    // The full text, once fetched, is what the article says; the feed's
    // body stays searchable beside it.
    let full = article.full.as_deref().map(html_to_text);
    let content = article
        .content
        .as_deref()
        .map(html_to_text)
        .unwrap_or_default();
    let summary = article
        .summary
        .as_deref()
        .map(html_to_text)
        .unwrap_or_default();
    let body = full.as_deref().unwrap_or(&content);
    // A bug here must cost one article its topics, not the whole index.
    let features = contain(|| {
        features(&ArticleText {
            title: &article.title,
            summary: &summary,
            body,
            categories: &article.categories,
        })
    })
    .unwrap_or_default();
    let text = match full {
        Some(full) => format!("{content}\n\n{full}"),
        None => content,
    };
    IndexEntry {
        id: article.id,
        replace: article.replace,
        stamp: article.stamp,
        title: article.title,
        text,
        features,
    }
}
