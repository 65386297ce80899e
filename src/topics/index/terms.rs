//! Terms by id and by key: interning extracted features, registering ids
//! from the database, and the lookup tables by key, built only when a key
//! is first looked up (an index loaded from its snapshot, or fed ids from
//! the database, never needs them).

use super::{Kind, Span, TermId, TermInfo, TermText, TopicIndex};

/// A term in a lookup table: its id, 32 bits of its key's hash and where
/// its key is (comparing keys reads the text alone).
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: TermId,
    hash: u32,
    key: Span,
}

/// Term ids by key, one table per kind, with their key's hash and place
/// (the key itself is in the index's texts, stored once).
#[derive(Default)]
pub(super) struct Tables {
    by_kind: [hashbrown::HashTable<Slot>; 4],
    /// Whether the tables hold every term (else they are built on first use).
    stale: bool,
}

impl Tables {
    /// Tables to be built from the terms when first needed.
    pub(super) fn stale() -> Tables {
        Tables {
            stale: true,
            ..Tables::default()
        }
    }
}

impl TopicIndex {
    /// Fills the lookup tables from the terms, if they are behind; a later
    /// id wins a key, as when ids are registered in order.
    fn tables(&mut self) -> &mut [hashbrown::HashTable<Slot>; 4] {
        if self.tables.stale {
            self.tables = Tables::default();
            for (id, (info, text)) in self.terms.iter().zip(&self.names).enumerate() {
                let Some(kind) = info.kind() else {
                    continue;
                };
                let key = self.texts.get(text.key);
                let slot = Slot {
                    id: id as TermId,
                    hash: key_hash(key),
                    key: text.key,
                };
                insert(
                    &mut self.tables.by_kind[kind as usize],
                    slot,
                    key,
                    &self.texts,
                );
            }
        }
        &mut self.tables.by_kind
    }

    /// The id of a term, new or known; `label` counts toward its spelling.
    /// A key past what the index can hold gets an id no article keeps.
    pub fn intern(&mut self, kind: Kind, key: &str, label: &str) -> TermId {
        let hash = key_hash(key);
        self.tables();
        let texts = &self.texts;
        let known = self.tables.by_kind[kind as usize]
            .find(spread(hash), |slot| {
                slot.hash == hash && texts.get(slot.key) == key
            })
            .copied();
        match known {
            Some(slot) => {
                let same = (label == key).then_some(slot.key);
                self.count_label(slot.id, label, same);
                slot.id
            }
            None => self.add_term(kind, key, label, hash).unwrap_or(TermId::MAX),
        }
    }

    /// Counts a spelling of a known term.
    fn count_label(&mut self, id: TermId, label: &str, same: Option<Span>) {
        let Some(text) = self.names.get_mut(id as usize) else {
            return;
        };
        let more = self.more.get_mut(&id);
        if let Some(new) = text.labels.count(label, same, &mut self.texts, more) {
            self.more.entry(id).or_default().push(new);
        }
    }

    /// A term not known yet, under the next id, its key's hash worked out
    /// (the table is not searched again); `None` when its key does not fit.
    fn add_term(&mut self, kind: Kind, key: &str, label: &str, hash: u32) -> Option<TermId> {
        let id = self.terms.len() as TermId;
        let span = self.texts.add(key)?;
        self.terms.push(TermInfo {
            kind: kind as u32 + 1,
            ..TermInfo::default()
        });
        self.names.push(TermText {
            key: span,
            ..TermText::default()
        });
        let same = (label == key).then_some(span);
        self.count_label(id, label, same);
        let slot = Slot {
            id,
            hash,
            key: span,
        };
        self.tables.by_kind[kind as usize]
            .insert_unique(spread(hash), slot, |slot| spread(slot.hash));
        Some(id)
    }

    /// Registers a term under a given id (ids from the database); false
    /// when its key does not fit (see [`Texts::add`]).
    pub fn set_term(&mut self, id: TermId, kind: Kind, key: &str, label: &str) -> bool {
        let Some(span) = self.texts.add(key) else {
            return false;
        };
        let index = id as usize;
        if self.terms.len() <= index {
            self.terms.resize(index + 1, TermInfo::default());
            self.names.resize(index + 1, TermText::default());
        }
        self.terms[index].kind = kind as u32 + 1;
        self.names[index].key = span;
        let same = (label == key).then_some(span);
        self.count_label(id, label, same);
        // Tables still to be built (or none yet: ids from the database are
        // rarely looked up by key) will find it among the terms.
        if self.tables.by_kind.iter().all(|t| t.is_empty()) {
            self.tables.stale = true;
        }
        if !self.tables.stale {
            let slot = Slot {
                id,
                hash: key_hash(key),
                key: span,
            };
            insert(
                &mut self.tables.by_kind[kind as usize],
                slot,
                key,
                &self.texts,
            );
        }
        true
    }

    /// A term's key.
    pub(super) fn key(&self, term: TermId) -> &str {
        self.names
            .get(term as usize)
            .map_or("", |text| self.texts.get(text.key))
    }
}

/// Puts a slot in a table, replacing the one of the same key.
fn insert(table: &mut hashbrown::HashTable<Slot>, slot: Slot, key: &str, texts: &super::Texts) {
    let entry = table.entry(
        spread(slot.hash),
        |known| known.hash == slot.hash && texts.get(known.key) == key,
        |known| spread(known.hash),
    );
    match entry {
        hashbrown::hash_table::Entry::Occupied(mut known) => *known.get_mut() = slot,
        hashbrown::hash_table::Entry::Vacant(free) => {
            free.insert(slot);
        }
    }
}

/// 32 bits of a key's hash, kept beside its id (tables grow without
/// reading the keys again).
fn key_hash(key: &str) -> u32 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(key) >> 32) as u32
}

/// A table hash from the kept 32 bits, mixed over all 64.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}
