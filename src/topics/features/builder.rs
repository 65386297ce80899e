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
use crate::topics::text::{Analyzer, Form, StemId, StemTexts};

/// A feature's readable form, written out only for the features kept.
pub(super) enum Label<'a> {
    Text(Cow<'a, str>),
    /// A word pair: its two words' labels.
    Pair(&'a str, &'a str),
}

/// What tells a feature from the article's others.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    /// A name's or a category's key, a pair's "stem stem".
    Text(Rc<str>),
    /// A word's stem, by its number in the analyzer.
    Stem(StemId),
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

/// Features being collected, found in constant time: words by stem
/// number, names and categories by key (one map a kind, looked up without
/// an owned key), pairs by their words.
pub(super) struct Builder<'a> {
    pub(super) list: Vec<Entry<'a>>,
    words: HashMap<StemId, usize>,
    positions: [HashMap<Rc<str>, usize>; 4],
    pairs: HashMap<Key, usize>,
    /// Whose stem numbers the word keys are.
    analyzer: &'a Analyzer,
}

/// Each word form's lookup in an article, by (folded form, capitalized),
/// done once an article.
pub(super) type SeenForms<'a> = HashMap<(&'a str, bool), Seen>;

impl<'a> Builder<'a> {
    /// Room for the features of about `words` words.
    pub(super) fn with_capacity(words: usize, analyzer: &'a Analyzer) -> Builder<'a> {
        Builder {
            list: Vec::with_capacity(words),
            words: HashMap::with_capacity_and_hasher(words, Default::default()),
            positions: Default::default(),
            pairs: HashMap::with_capacity_and_hasher(words, Default::default()),
            analyzer,
        }
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
    pub(super) fn word(&mut self, form: Form, label: &'a str) -> usize {
        let next = self.list.len();
        match self.words.entry(form.stem) {
            Occupied(known) => *known.get(),
            Vacant(free) => {
                free.insert(next);
                self.list.push(Entry::new(
                    Kind::Word,
                    Key::Stem(form.stem),
                    form.spaced,
                    Label::Text(Cow::Borrowed(label)),
                ));
                next
            }
        }
    }

    /// The place of a word's feature, by its stem.
    pub(super) fn find_word(&self, stem: StemId) -> Option<usize> {
        self.words.get(&stem).copied()
    }

    /// The key of the pair of the words at `a` and `b`.
    pub(super) fn pair_key(&self, a: usize, b: usize) -> Key {
        let (x, y) = (&self.list[a], &self.list[b]);
        if x.spaced || y.spaced {
            let stems = self.analyzer.stem_texts();
            let (x, y) = (
                self.text_key(a as u32, &stems),
                self.text_key(b as u32, &stems),
            );
            let mut key = String::with_capacity(x.len() + 1 + y.len());
            key.push_str(x);
            key.push(' ');
            key.push_str(y);
            Key::Text(key.into())
        } else {
            Key::Words(a as u32, b as u32)
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
            Key::Stem(..) | Key::Words(..) => false,
        };
        self.list.push(Entry::new(kind, key, spaced, label));
        self.list.len() - 1
    }

    /// Writes out the feature at `index`, its key and label, into `out`.
    pub(super) fn write(&self, index: usize, stems: &StemTexts<'_>, out: &mut Features) {
        let entry = &self.list[index];
        let key = match &entry.key {
            Key::Text(key) => (&**key, None),
            Key::Stem(stem) => (stems.get(*stem), None),
            Key::Words(a, b) => (self.text_key(*a, stems), Some(self.text_key(*b, stems))),
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

    /// The key of a word's feature, its stem.
    fn text_key<'s>(&'s self, index: u32, stems: &'s StemTexts<'_>) -> &'s str {
        match &self.list[index as usize].key {
            Key::Stem(stem) => stems.get(*stem),
            Key::Text(key) => key,
            Key::Words(..) => "",
        }
    }
}

impl<'a> Entry<'a> {
    fn new(kind: Kind, key: Key, spaced: bool, label: Label<'a>) -> Entry<'a> {
        Entry {
            kind,
            key,
            spaced,
            label,
            in_title: 0,
            in_body: 0,
            eligible: 0,
            capitalized: 0,
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
