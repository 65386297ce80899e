//! Term ids by kind and key, as the store hands them out while it writes
//! an article's features: millions of keys, looked up once per feature.
//!
//! Keys live side by side in one string and the tables hold 16-byte slots
//! (id, 32 bits of the key's hash, where the key is), so a lookup reads one
//! slot and one key, and a new key costs no allocation of its own.

use super::features::Kind;

#[derive(Debug, Clone, Copy)]
struct Slot {
    id: u32,
    hash: u32,
    start: u32,
    len: u32,
}

/// Term ids by kind and key.
#[derive(Default)]
pub struct TermIds {
    by_kind: [hashbrown::HashTable<Slot>; 4],
    keys: String,
}

impl TermIds {
    pub fn new() -> TermIds {
        TermIds::default()
    }

    /// How many keys are known.
    pub fn len(&self) -> usize {
        self.by_kind.iter().map(hashbrown::HashTable::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of a known key.
    pub fn get(&self, kind: Kind, key: &str) -> Option<u32> {
        let hash = key_hash(key);
        self.by_kind[kind as usize]
            .find(spread(hash), |slot| {
                slot.hash == hash && self.key(slot) == key
            })
            .map(|slot| slot.id)
    }

    /// Gives `key` the id `id` (replacing the id it had); false when the
    /// keys would pass 4 GiB (the key is then left unknown).
    pub fn insert(&mut self, kind: Kind, key: &str, id: u32) -> bool {
        let (Ok(start), Ok(len)) = (u32::try_from(self.keys.len()), u32::try_from(key.len()))
        else {
            return false;
        };
        if start.checked_add(len).is_none() {
            return false;
        }
        let hash = key_hash(key);
        let keys = &self.keys;
        let entry = self.by_kind[kind as usize].entry(
            spread(hash),
            |slot| slot.hash == hash && key_at(keys, slot) == key,
            |slot| spread(slot.hash),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(mut known) => known.get_mut().id = id,
            hashbrown::hash_table::Entry::Vacant(free) => {
                free.insert(Slot {
                    id,
                    hash,
                    start,
                    len,
                });
                self.keys.push_str(key);
            }
        }
        true
    }

    fn key(&self, slot: &Slot) -> &str {
        key_at(&self.keys, slot)
    }
}

fn key_at<'a>(keys: &'a str, slot: &Slot) -> &'a str {
    let start = slot.start as usize;
    keys.get(start..start + slot.len as usize)
        .unwrap_or_default()
}

/// 32 bits of a key's hash, kept in its slot (tables grow without reading
/// the keys again).
fn key_hash(key: &str) -> u32 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(key) >> 32) as u32
}

/// A table hash from the kept 32 bits, mixed over all 64.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_by_kind_and_text() {
        let mut ids = TermIds::new();
        assert!(ids.insert(Kind::Word, "putin", 7));
        assert!(ids.insert(Kind::Name, "putin", 8));
        assert!(ids.insert(Kind::Word, "put", 9));
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
