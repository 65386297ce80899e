//! The collection machinery behind feature extraction: [`Builder`] finds
//! each feature while an article is read (words by stem, word pairs by
//! their two words, names and categories by key), [`Entry`] is a feature
//! being collected and [`Label`] its readable form. Keys and labels are
//! written out only for the features kept.

use std::borrow::Cow;
use std::rc::Rc;

use std::collections::hash_map::Entry::{Occupied, Vacant};

use rustc_hash::FxHashMap as HashMap;

use super::Kind;
use super::output::Features;

/// A feature's readable form, written out only for the features kept.
pub(super) enum Label<'a> {
    Text(Cow<'a, str>),
    /// A word pair: its two words' labels.
    Pair(&'a str, &'a str),
}

/// What tells a feature from the article's others.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    /// A word's stem, a name's or a category's key, a pair's "stem stem".
    Text(Rc<str>),
    /// A pair of two words, by their places in the list, when both stems
    /// are one word each: its key "a b" can then be told apart by its words
    /// alone, and is written out only if kept.
    Words(u32, u32),
}

/// A feature being collected: its key, its label borrowed from the
/// article's words.
pub(super) struct Entry<'a> {
    pub(super) kind: Kind,
    key: Key,
    /// The key has a space (a hyphenated word's stem, a country's name).
    spaced: bool,
    label: Label<'a>,
    pub(super) in_title: u8,
    pub(super) in_body: u8,
    pub(super) eligible: u8,
    pub(super) capitalized: u8,
}

/// A word already looked up in this article, by (folded form, capitalized):
/// a stop word (`None`), or its entry and the country it names.
pub(super) type Seen = Option<(usize, Option<&'static str>)>;

/// Features being collected, found in constant time: by key (one map a
/// kind, looked up without an owned key) or, for pairs, by their words.
#[derive(Default)]
pub(super) struct Builder<'a> {
    pub(super) list: Vec<Entry<'a>>,
    positions: [HashMap<Rc<str>, usize>; 4],
    pairs: HashMap<Key, usize>,
}

/// Each word form's lookup in an article, by (folded form, capitalized),
/// done once an article.
pub(super) type SeenForms<'a> = HashMap<(&'a str, bool), Seen>;

impl<'a> Builder<'a> {
    /// Room for the features of about `words` words.
    pub(super) fn with_capacity(words: usize) -> Builder<'a> {
        let mut builder = Builder {
            list: Vec::with_capacity(words),
            pairs: HashMap::with_capacity_and_hasher(words, Default::default()),
            ..Builder::default()
        };
        builder.positions[Kind::Word as usize].reserve(words);
        builder
    }

    /// The feature of (kind, key), new with `label` when not seen yet.
    pub(super) fn entry(
        &mut self,
        kind: Kind,
        key: &str,
        label: impl FnOnce() -> Label<'a>,
    ) -> &mut Entry<'a> {
        let index = match self.positions[kind as usize].get(key) {
            Some(&index) => index,
            None => self.insert(kind, key.into(), label()),
        };
        &mut self.list[index]
    }

    /// The place of a word's feature, new with `label` when not seen yet.
    pub(super) fn word(&mut self, stem: Rc<str>, label: &'a str) -> usize {
        let next = self.list.len();
        match self.positions[Kind::Word as usize].entry(stem) {
            Occupied(known) => *known.get(),
            Vacant(free) => {
                let key = Key::Text(free.key().clone());
                free.insert(next);
                self.push(Kind::Word, key, Label::Text(Cow::Borrowed(label)))
            }
        }
    }

    /// The place of a word's feature, by its stem.
    pub(super) fn find_word(&self, stem: &str) -> Option<usize> {
        self.positions[Kind::Word as usize].get(stem).copied()
    }

    /// The key of the pair of the words at `a` and `b`.
    pub(super) fn pair_key(&self, a: usize, b: usize) -> Key {
        let (x, y) = (&self.list[a], &self.list[b]);
        match (&x.key, &y.key) {
            (Key::Text(x_key), Key::Text(y_key)) if x.spaced || y.spaced => {
                let (x, y) = (x_key, y_key);
                let mut key = String::with_capacity(x.len() + 1 + y.len());
                key.push_str(x);
                key.push(' ');
                key.push_str(y);
                Key::Text(key.into())
            }
            _ => Key::Words(a as u32, b as u32),
        }
    }

    /// The place of a pair's feature, if collected already.
    pub(super) fn find_pair(&self, key: &Key) -> Option<usize> {
        self.pairs.get(key).copied()
    }

    /// A pair's feature, new with `label` when not seen yet.
    pub(super) fn pair(&mut self, key: Key, label: impl FnOnce() -> Label<'a>) -> &mut Entry<'a> {
        let index = match self.pairs.get(&key) {
            Some(&index) => index,
            None => {
                self.pairs.insert(key.clone(), self.list.len());
                self.push(Kind::Pair, key, label())
            }
        };
        &mut self.list[index]
    }

    /// A pair's feature, known not to be collected yet (see
    /// [`Builder::find_pair`]).
    pub(super) fn new_pair(&mut self, key: Key, label: Label<'a>) -> &mut Entry<'a> {
        let index = self.list.len();
        self.pairs.insert(key.clone(), index);
        self.push(Kind::Pair, key, label);
        &mut self.list[index]
    }

    /// Adds a new feature with no occurrences yet; returns its place.
    fn insert(&mut self, kind: Kind, key: Rc<str>, label: Label<'a>) -> usize {
        self.positions[kind as usize].insert(key.clone(), self.list.len());
        self.push(kind, Key::Text(key), label)
    }

    fn push(&mut self, kind: Kind, key: Key, label: Label<'a>) -> usize {
        let spaced = match &key {
            Key::Text(text) => text.contains(' '),
            Key::Words(..) => false,
        };
        self.list.push(Entry {
            kind,
            key,
            spaced,
            label,
            in_title: 0,
            in_body: 0,
            eligible: 0,
            capitalized: 0,
        });
        self.list.len() - 1
    }

    /// Writes out the feature at `index`, its key and label, into `out`.
    pub(super) fn write(&self, index: usize, out: &mut Features) {
        let entry = &self.list[index];
        let key = match &entry.key {
            Key::Text(key) => (&**key, None),
            Key::Words(a, b) => (self.text_key(*a), Some(self.text_key(*b))),
        };
        let label = match &entry.label {
            Label::Text(text) => (&**text, None),
            Label::Pair(a, b) => (*a, Some(*b)),
        };
        let counts = [
            entry.in_title,
            entry.in_body,
            entry.eligible,
            entry.capitalized,
        ];
        out.push(entry.kind, key, label, counts);
    }

    /// The key of a word's feature (a word's key is always text).
    fn text_key(&self, index: u32) -> &str {
        match &self.list[index as usize].key {
            Key::Text(key) => key,
            Key::Words(..) => "",
        }
    }
}

/// Counts one more occurrence, in the title or the body.
pub(super) fn bump(feature: &mut Entry<'_>, title: bool) {
    if title {
        feature.in_title = feature.in_title.saturating_add(1);
    } else {
        feature.in_body = feature.in_body.saturating_add(1);
    }
}
