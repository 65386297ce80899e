//! Term ids by kind and key, as the store hands them out while it writes
//! an article's features: millions of keys, looked up once per feature.
//!
//! A key is known by a 64-bit hash of its kind and text (foldhash's
//! quality hasher, seeded per process), so a table slot is 12 bytes and a
//! lookup reads one slot, not the key: the table is a third of a table of
//! keys and each lookup one cache miss instead of three. Two keys whose
//! hashes agree would share an id (the later key's counts go to the
//! earlier term); for the two million terms of 50,000 articles that is
//! about one chance in ten million, and costs one term's weight in a
//! ranking, never a wrong article or a crash.

use std::hash::{BuildHasher, Hash, Hasher};

use super::features::Kind;

/// A known key: its hash in two halves and its id (12 bytes, no padding).
#[derive(Debug, Clone, Copy)]
struct Slot([u32; 3]);

impl Slot {
    fn hash(&self) -> u64 {
        u64::from(self.0[0]) | u64::from(self.0[1]) << 32
    }
}

/// Term ids by kind and key.
#[derive(Default)]
pub struct TermIds {
    table: hashbrown::HashTable<Slot>,
    hasher: foldhash::quality::RandomState,
}

impl TermIds {
    pub fn new() -> TermIds {
        TermIds::default()
    }

    /// How many keys are known.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The id of a known key.
    pub fn get(&self, kind: Kind, key: &str) -> Option<u32> {
        let hash = self.key_hash(kind, key);
        self.table
            .find(hash, |slot| slot.hash() == hash)
            .map(|slot| slot.0[2])
    }

    /// Gives `key` the id `id` (replacing the id it had).
    pub fn insert(&mut self, kind: Kind, key: &str, id: u32) {
        let hash = self.key_hash(kind, key);
        let slot = Slot([hash as u32, (hash >> 32) as u32, id]);
        match self
            .table
            .entry(hash, |known| known.hash() == hash, Slot::hash)
        {
            hashbrown::hash_table::Entry::Occupied(mut known) => *known.get_mut() = slot,
            hashbrown::hash_table::Entry::Vacant(free) => {
                free.insert(slot);
            }
        }
    }

    fn key_hash(&self, kind: Kind, key: &str) -> u64 {
        let mut hasher = self.hasher.build_hasher();
        (kind as u8).hash(&mut hasher);
        key.hash(&mut hasher);
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_by_kind_and_text() {
        let mut ids = TermIds::new();
        ids.insert(Kind::Word, "putin", 7);
        ids.insert(Kind::Name, "putin", 8);
        ids.insert(Kind::Word, "put", 9);
        assert_eq!(ids.get(Kind::Word, "putin"), Some(7));
        assert_eq!(ids.get(Kind::Name, "putin"), Some(8));
        assert_eq!(ids.get(Kind::Word, "put"), Some(9));
        assert_eq!(ids.get(Kind::Word, "puti"), None);
        assert_eq!(ids.get(Kind::Pair, "putin"), None);
        assert_eq!(ids.len(), 3);
    }

    #[test]
    fn a_key_given_again_takes_the_new_id_and_stays_one_key() {
        let mut ids = TermIds::new();
        ids.insert(Kind::Word, "kim", 1);
        ids.insert(Kind::Word, "kim", 5);
        assert_eq!(ids.get(Kind::Word, "kim"), Some(5));
        assert_eq!(ids.len(), 1);
    }

    #[test]
    fn many_keys_survive_the_tables_growing() {
        let mut ids = TermIds::new();
        for i in 0..50_000u32 {
            ids.insert(Kind::Pair, &format!("key {i}"), i);
        }
        for i in (0..50_000u32).step_by(997) {
            assert_eq!(ids.get(Kind::Pair, &format!("key {i}")), Some(i));
        }
        assert_eq!(ids.get(Kind::Pair, "key 50000"), None);
        assert_eq!(ids.get(Kind::Pair, ""), None);
    }
}
