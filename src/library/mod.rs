//! What is stored and what the front ends ask of it: the SQLite store, the
//! indexer that keeps the topic data current, and [`Library`], the use
//! cases the reader's background worker and the command line share (the
//! article list for a filter, topic counts, related articles with one
//! cut-off, stories, full text, read and starred marks). Neither front end
//! writes SQL or builds store rows.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

pub mod indexer;
mod lists;
pub mod store;
mod topic_cache;

pub use lists::{Listing, Ranking};
use store::{Result, Store};
use topic_cache::TopicCache;

use crate::model::{ArticleId, FullText};
use crate::text::extract::Extracted;

/// The time now, in Unix seconds, as the store records it.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The store and the topic index over it, with the use cases on top.
pub struct Library {
    store: Store,
    topics: TopicCache,
}

impl Library {
    /// The library of an open store; its topic index is loaded on first use.
    pub fn new(store: Store) -> Library {
        Library {
            store,
            topics: TopicCache::default(),
        }
    }

    /// A library that follows the database as the indexer writes, except
    /// while `indexing` is set (the reader's worker).
    pub fn following(store: Store, indexing: Arc<AtomicBool>) -> Library {
        Library {
            store,
            topics: TopicCache::holding_while(indexing),
        }
    }

    /// The next question asks the database whether the topics changed
    /// (once per batch of work, not once per question).
    pub fn recheck_topics(&mut self) {
        self.topics.recheck();
    }

    /// The store, for plain reads (feeds, one article, lookups).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn set_read(&mut self, ids: &[ArticleId], read: bool) -> Result<()> {
        self.store.set_read_many(ids, read)
    }

    pub fn set_starred(&mut self, id: ArticleId, starred: bool) -> Result<()> {
        self.store.set_starred(id, starred)
    }

    /// Keeps an article's extracted page; the indexer reads its text next.
    pub fn store_full_text(&mut self, id: ArticleId, page: Extracted) -> Result<FullText> {
        let full = page.into_full_text();
        self.store.store_full_text(id, &full, now_secs())?;
        Ok(full)
    }
}

#[cfg(test)]
mod tests;
