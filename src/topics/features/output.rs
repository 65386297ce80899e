//! An article's extracted features as handed on: [`Features`] keeps every
//! key and label end to end in one string, so an article's features cost
//! two allocations rather than two a feature; [`Feature`] is one of them,
//! read from it.

use std::fmt;

use super::Kind;

/// One feature of one article, borrowed from its [`Features`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature<'a> {
    pub kind: Kind,
    /// Normalised form, the identity of the topic ("kim jong un").
    pub key: &'a str,
    /// Readable form as written ("Kim Jong-un").
    pub label: &'a str,
    pub in_title: u8,
    pub in_body: u8,
    /// Occurrences where a capital letter means something (mid-sentence,
    /// not in a Title Case headline), and how many of those were capitalized.
    pub eligible: u8,
    pub capitalized: u8,
}

/// The features of one article, in the order they were kept.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Each feature's key then its label, one after another.
    text: String,
    list: Vec<Stored>,
}

/// A feature in [`Features`]: its key is `text[start..key_end]`, its
/// label `text[key_end..label_end]`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stored {
    kind: Kind,
    start: u32,
    key_end: u32,
    label_end: u32,
    counts: [u8; 4],
}

/// A key or label to write out: one string, or two joined by a space.
pub(super) type Parts<'s> = (&'s str, Option<&'s str>);

impl Features {
    /// Room for `features` features of about `bytes` bytes of text.
    pub(super) fn with_capacity(features: usize, bytes: usize) -> Features {
        Features {
            text: String::with_capacity(bytes),
            list: Vec::with_capacity(features),
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Feature<'_>> + '_ {
        self.list.iter().map(|s| self.read(s))
    }

    fn read(&self, s: &Stored) -> Feature<'_> {
        let (start, key_end, label_end) =
            (s.start as usize, s.key_end as usize, s.label_end as usize);
        let [in_title, in_body, eligible, capitalized] = s.counts;
        Feature {
            kind: s.kind,
            key: self.text.get(start..key_end).unwrap_or_default(),
            label: self.text.get(key_end..label_end).unwrap_or_default(),
            in_title,
            in_body,
            eligible,
            capitalized,
        }
    }

    /// Adds a feature; left out if the article's text would pass 4 GiB
    /// (never: articles are read up to a cap).
    pub(super) fn push(&mut self, kind: Kind, key: Parts<'_>, label: Parts<'_>, counts: [u8; 4]) {
        let start = self.text.len();
        self.write(key);
        let key_end = self.text.len();
        self.write(label);
        let label_end = self.text.len();
        let offsets = (
            u32::try_from(start),
            u32::try_from(key_end),
            u32::try_from(label_end),
        );
        match offsets {
            (Ok(start), Ok(key_end), Ok(label_end)) => self.list.push(Stored {
                kind,
                start,
                key_end,
                label_end,
                counts,
            }),
            _ => self.text.truncate(start),
        }
    }

    fn write(&mut self, (a, b): Parts<'_>) {
        self.text.push_str(a);
        if let Some(b) = b {
            self.text.push(' ');
            self.text.push_str(b);
        }
    }
}

impl fmt::Debug for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
