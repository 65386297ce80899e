//! The collection machinery behind feature extraction: [`Builder`] finds
//! each feature by (kind, key) while an article is read, [`Entry`] is a
//! feature being collected and [`Label`] its readable form, written out
//! only for the features kept.

use std::borrow::Cow;
use std::rc::Rc;

use super::{Feature, Kind};

/// A feature's readable form, written out only for the features kept.
pub(super) enum Label<'a> {
    Text(Cow<'a, str>),
    /// A word pair: its two words' labels.
    Pair(&'a str, &'a str),
}

/// A feature being collected: its key shared with the lookup map, its
/// label borrowed from the article's words.
pub(super) struct Entry<'a> {
    pub(super) kind: Kind,
    pub(super) key: Rc<str>,
    label: Label<'a>,
    pub(super) in_title: u8,
    pub(super) in_body: u8,
    pub(super) eligible: u8,
    pub(super) capitalized: u8,
}

impl Entry<'_> {
    /// The finished feature, its label written out.
    pub(super) fn into_feature(self) -> Feature {
        let label = match self.label {
            Label::Text(text) => text.into_owned(),
            Label::Pair(a, b) => format!("{a} {b}"),
        };
        Feature {
            kind: self.kind,
            key: self.key.to_string(),
            label,
            in_title: self.in_title,
            in_body: self.in_body,
            eligible: self.eligible,
            capitalized: self.capitalized,
        }
    }
}

/// Features being collected, found by (kind, key) in constant time
/// (one map per kind, so a lookup needs no owned key).
#[derive(Default)]
pub(super) struct Builder<'a> {
    pub(super) list: Vec<Entry<'a>>,
    positions: [rustc_hash::FxHashMap<Rc<str>, usize>; 4],
}

impl<'a> Builder<'a> {
    /// The feature of (kind, key), new with `label` when not seen yet.
    pub(super) fn entry(
        &mut self,
        kind: Kind,
        key: &str,
        label: impl FnOnce() -> Label<'a>,
    ) -> &mut Entry<'a> {
        match self.positions[kind as usize].get(key) {
            Some(&index) => &mut self.list[index],
            None => self.insert(kind, key.into(), label()),
        }
    }

    /// `entry` for a key already shared (a stem): no copy when new.
    pub(super) fn entry_shared(
        &mut self,
        kind: Kind,
        key: &Rc<str>,
        label: Label<'a>,
    ) -> &mut Entry<'a> {
        match self.positions[kind as usize].get(&**key) {
            Some(&index) => &mut self.list[index],
            None => self.insert(kind, key.clone(), label),
        }
    }

    /// Adds a new feature with no occurrences yet.
    fn insert(&mut self, kind: Kind, key: Rc<str>, label: Label<'a>) -> &mut Entry<'a> {
        self.positions[kind as usize].insert(key.clone(), self.list.len());
        self.list.push(Entry {
            kind,
            key,
            label,
            in_title: 0,
            in_body: 0,
            eligible: 0,
            capitalized: 0,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Whether (kind, key) was collected already.
    pub(super) fn contains(&self, kind: Kind, key: &str) -> bool {
        self.positions[kind as usize].contains_key(key)
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
