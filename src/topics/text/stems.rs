//! The stems an [`Analyzer`](super::Analyzer) has worked out, by number:
//! news repeats its words, and a lookup is cheaper than the Snowball
//! algorithm; a number compares and hashes cheaper than the stem's text.
//! Only a cache: what it holds never changes what a word's stem is.

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

/// A stem, by its number in the analyzer's cache: two words have the same
/// number exactly when they have the same stem, within one article (the
/// cache may be emptied between articles, see [`Stems::start_article`]).
pub type StemId = u32;

/// What the analyzer knows of a folded word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    pub stem: StemId,
    pub stop: bool,
    /// The stem has a space (a hyphenated word).
    pub spaced: bool,
}

/// Word forms past this many are forgotten, between articles.
const MAX_FORMS: usize = 100_000;

/// Folded word -> its stem's number, and stem numbers -> their text.
#[derive(Default)]
pub(super) struct Stems {
    /// Most words fit inside the key: no second read to compare them.
    forms: HashMap<CompactString, Form>,
    ids: HashMap<Box<str>, StemId>,
    /// Every stem's text, one after another (close together in memory,
    /// as an article's features are written out from them)...
    texts: String,
    /// ...and where each ends.
    ends: Vec<u32>,
}

impl Stems {
    /// The cached form of a folded word.
    pub(super) fn form(&self, folded: &str) -> Option<Form> {
        self.forms.get(folded).copied()
    }

    /// Caches a folded word's stem and stop flag; returns its form.
    pub(super) fn insert(&mut self, folded: &str, stem: String, stop: bool) -> Form {
        let spaced = stem.contains(' ');
        let id = match self.ids.get(stem.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.ends.len() as StemId;
                self.texts.push_str(&stem);
                self.ends.push(self.texts.len() as u32);
                self.ids.insert(stem.into_boxed_str(), id);
                id
            }
        };
        let form = Form {
            stem: id,
            stop,
            spaced,
        };
        self.forms.insert(CompactString::new(folded), form);
        form
    }

    /// The text of a stem by its number ("" for a number not handed out).
    pub(super) fn text(&self, id: StemId) -> &str {
        let id = id as usize;
        let start = match id {
            0 => 0,
            _ => self.ends.get(id - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(id).copied().unwrap_or(0);
        self.texts.get(start as usize..end as usize).unwrap_or("")
    }

    /// Forgets everything once the cache has grown past its bound; called
    /// between articles, as an article holds stem numbers while it is read.
    pub(super) fn start_article(&mut self) {
        // The texts' offsets are u32: 100,000 forms have far fewer bytes.
        if self.forms.len() >= MAX_FORMS || self.texts.len() > u32::MAX as usize / 2 {
            *self = Stems::default();
        }
    }
}

/// The analyzer's stem texts, borrowed while an article's features are
/// written out.
pub struct StemTexts<'a>(pub(super) std::cell::Ref<'a, Stems>);

impl StemTexts<'_> {
    /// The text of a stem by its number.
    pub fn get(&self, id: StemId) -> &str {
        self.0.text(id)
    }
}
