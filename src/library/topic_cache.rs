//! The topic index, following the database: new topic data is added to it,
//! and it is opened afresh (from its snapshot, see
//! [`Store::open_topic_index`]) once it has grown by half or when topic
//! data was taken away (a new generation).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::store::{Result, Store};
use crate::topics::TopicIndex;

#[derive(Default)]
pub(super) struct TopicCache {
    index: Option<TopicIndex>,
    seq: i64,
    generation: Option<i64>,
    /// Articles in the index when it was last opened afresh.
    full_size: usize,
    /// Set while the indexer writes: the index we have serves until the end.
    indexing: Option<Arc<AtomicBool>>,
    /// Whether the database was asked for changes since [`TopicCache::recheck`].
    checked: bool,
}

impl TopicCache {
    /// A cache that, while `indexing` is set, keeps the index it has rather
    /// than following every batch the indexer writes.
    pub(super) fn holding_while(indexing: Arc<AtomicBool>) -> TopicCache {
        TopicCache {
            indexing: Some(indexing),
            ..TopicCache::default()
        }
    }

    /// The next use asks the database whether topics changed.
    pub(super) fn recheck(&mut self) {
        self.checked = false;
    }

    pub(super) fn index(&mut self, store: &Store) -> Result<&mut TopicIndex> {
        let busy = self
            .indexing
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::SeqCst));
        let stale = match &self.index {
            None => true,
            Some(_) if busy || self.checked => false,
            Some(_) => {
                store.topic_seq()? != self.seq || store.topic_generation()? != self.generation
            }
        };
        self.checked = true;
        if stale {
            // Read before loading: rows written meanwhile are added again
            // next time, which replaces them.
            let seq = store.topic_seq()?;
            let generation = store.topic_generation()?;
            // Added to in place, unless topic data was taken away or an
            // article indexed again (see `Store::open_topic_index`).
            let extended = match self.index.as_mut() {
                Some(index)
                    if generation.is_some()
                        && generation == self.generation
                        && index.len() < self.full_size + self.full_size / 2 =>
                {
                    store.extend_topic_index(index, self.seq)?;
                    index.removed() == 0
                }
                _ => false,
            };
            if !extended {
                let (index, _) = store.open_topic_index()?;
                self.full_size = index.len();
                self.index = Some(index);
            }
            self.seq = seq;
            // The generation the index now follows (opening may start one).
            self.generation = match generation {
                Some(known) => Some(known),
                None => store.topic_generation()?,
            };
        }
        Ok(self.index.get_or_insert_with(TopicIndex::new))
    }
}
