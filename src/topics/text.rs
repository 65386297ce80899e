//! Words of an article for the topic index: splitting, case and diacritic
//! folding, possessives and hyphens, stop words and stemming per language.
//! Pure; the same rules serve indexing and queries.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::Stemmer;
use unicode_normalization::UnicodeNormalization;

pub use super::lang::Lang;

mod stems;
use stems::Stems;
pub use stems::{Form, StemId, StemTexts};

/// A word as written, with what the index needs to know about it;
/// borrowed from the text where folding changes nothing (most words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Folded form: lowercase, no diacritics, no possessive, hyphens as spaces.
    pub folded: Cow<'a, str>,
    /// As written (possessive removed), for readable labels; empty for a
    /// word in lowercase (its folded form reads the same).
    pub surface: Cow<'a, str>,
    pub capitalized: bool,
    /// First word of its sentence (capitals there say nothing).
    pub sentence_start: bool,
    /// Punctuation (other than a hyphen or apostrophe) came right before it.
    pub after_break: bool,
    /// Written with a possessive ("Russia's"): a name ends here.
    pub possessive: bool,
}

impl Word<'_> {
    /// How the word reads in a label: as written when capitalised.
    pub fn label(&self) -> &str {
        if self.surface.is_empty() {
            &self.folded
        } else {
            &self.surface
        }
    }
}

/// Stop words and stemming for one language.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    stop: rustc_hash::FxHashSet<&'static str>,
    /// Stems already worked out, and whether each word is a stop word.
    stems: RefCell<Stems>,
}

impl Analyzer {
    pub fn new(lang: Lang) -> Analyzer {
        let (stemmer, stop) = match lang.codes() {
            Some((algorithm, code)) => (
                Some(Stemmer::create(algorithm)),
                stop_words::lookup(code).unwrap_or(&[]),
            ),
            None => (None, &[][..]),
        };
        let mut set: rustc_hash::FxHashSet<&'static str> = stop.iter().copied().collect();
        if lang == Lang::English {
            set.extend(super::news_words::NEWS_STOP_WORDS.iter().copied());
        }
        Analyzer {
            stemmer,
            stop: set,
            stems: Default::default(),
        }
    }

    pub fn is_stop(&self, folded: &str) -> bool {
        self.stop.contains(folded) || folded.chars().count() < 2 || is_year(folded)
    }

    /// The stem of a folded word (each part of a hyphenated word stemmed).
    pub fn stem(&self, folded: &str) -> String {
        let id = self.form(folded).stem;
        self.stem_texts().get(id).to_owned()
    }

    /// A folded word's stem, by number, and whether it is a stop word: one
    /// cached lookup.
    pub fn form(&self, folded: &str) -> Form {
        if let Some(form) = self.stems.borrow().form(folded) {
            return form;
        }
        let stem = self.stem_uncached(folded);
        let stop = self.is_stop(folded);
        self.stems.borrow_mut().insert(folded, stem, stop)
    }

    /// The texts of the stems handed out by [`Analyzer::form`] in this
    /// article, borrowed: no [`Analyzer::form`] until they are dropped.
    pub fn stem_texts(&self) -> StemTexts<'_> {
        StemTexts(self.stems.borrow())
    }

    /// Called before each article: the stem numbers of the last one may
    /// be handed out anew.
    pub fn start_article(&self) {
        self.stems.borrow_mut().start_article();
    }

    fn stem_uncached(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(stemmer) if !folded.contains(' ') => stemmer.stem(folded).into_owned(),
            Some(stemmer) => folded
                .split(' ')
                .map(|part| stemmer.stem(part).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
            None => folded.to_owned(),
        }
    }
}

/// Years date a story but do not say what it is about.
fn is_year(word: &str) -> bool {
    word.len() == 4
        && (word.starts_with("19") || word.starts_with("20"))
        && word.bytes().all(|b| b.is_ascii_digit())
}

/// Lowercase, without diacritics, possessive `'s` dropped, hyphens as spaces.
pub fn fold(word: &str) -> String {
    let word = strip_possessive(word);
    if word.is_ascii() {
        let mut out = String::with_capacity(word.len());
        for b in word.bytes() {
            match b {
                b'-' => out.push(' '),
                b'\'' => {}
                b => out.push(b.to_ascii_lowercase() as char),
            }
        }
        return out;
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '-' | '\u{2010}' | '\u{2011}' => out.push(' '),
            '\'' | '\u{2019}' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S", "s'", "s\u{2019}"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 2
        {
            // "Reuters'" keeps its s: only the apostrophe goes.
            return if suffix.starts_with('s') {
                &word[..word.len() - suffix.len() + 1]
            } else {
                stem
            };
        }
    }
    word
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '\u{2019}' | '\u{2010}' | '\u{2011}' | '.')
}

/// Splits text into words, keeping hyphenated words and possessives whole
/// ("Jong-un", "Russia's", "U.S.") and marking sentence starts.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    words_into(text, &mut out);
    out
}

/// [`words`], added to `out`.
pub fn words_into<'a>(text: &'a str, out: &mut Vec<Word<'a>>) {
    out.reserve(text.len() / 6);
    let mut sentence_start = true;
    let mut after_break = true;
    let mut at = 0;
    while let Some((c, len)) = char_at(text, at) {
        if !is_word_char(c) {
            if matches!(c, '.' | '!' | '?' | '\n' | ':' | ';' | '|') {
                sentence_start = true;
            }
            if !c.is_whitespace() {
                after_break = true;
            }
            at += len;
            continue;
        }
        let start = at;
        let plain = c.is_ascii_lowercase() || c.is_ascii_digit();
        let (end, plain) = word_end(text, at + len, plain);
        let slice = &text[start..end];
        // Lowercase ASCII without joiners (most words) reads the same
        // folded.
        if plain {
            out.push(Word {
                folded: Cow::Borrowed(slice),
                surface: Cow::Borrowed(""),
                capitalized: false,
                sentence_start,
                after_break,
                possessive: false,
            });
        } else if let Some(word) = word_of(slice, sentence_start, after_break) {
            out.push(word);
        }
        sentence_start = false;
        after_break = false;
        at = end;
    }
}

/// [`ASCII_CLASS`] of an ASCII lowercase letter or digit.
const LOWER: u8 = 1;
/// [`ASCII_CLASS`] of an ASCII capital.
const UPPER: u8 = 2;

/// The class of each byte: [`LOWER`], [`UPPER`], or 0 for the rest
/// (punctuation, spaces, and the bytes of other scripts' chars).
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            table[b] = LOWER;
        } else if byte.is_ascii_uppercase() {
            table[b] = UPPER;
        }
        b += 1;
    }
    table
};

/// Where the word going on at byte `end` of `text` ends, and whether it is
/// `plain` (so far) and stays so: ASCII lowercase letters and digits only.
/// ASCII letters and digits (most of a word) are taken a byte at a time.
fn word_end(text: &str, mut end: usize, mut plain: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    loop {
        while let Some(&b) = bytes.get(end) {
            let class = ASCII_CLASS[b as usize];
            if class == 0 {
                break;
            }
            plain &= class == LOWER;
            end += 1;
        }
        let Some((next, len)) = char_at(text, end) else {
            return (end, plain);
        };
        // A joiner stays inside the word only between word characters.
        let joined = is_word_char(next)
            || is_joiner(next) && char_at(text, end + len).is_some_and(|(c, _)| is_word_char(c));
        if !joined {
            return (end, plain);
        }
        plain = false;
        end += len;
    }
}

/// The char at byte `at` of `text` (a char boundary) and its length, read
/// without decoding when it is ASCII (most of the text).
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    match text.as_bytes().get(at) {
        None => None,
        Some(&b) if b.is_ascii() => Some((b as char, 1)),
        Some(_) => text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map(|c| (c, c.len_utf8())),
    }
}

/// One word of a text that folding changes (capitals, joiners, other
/// scripts); `None` when nothing is left of it.
fn word_of(slice: &str, sentence_start: bool, after_break: bool) -> Option<Word<'_>> {
    let raw: Cow<'_, str> = if slice.contains('.') {
        slice.replace('.', "").into()
    } else {
        slice.into()
    };
    let stripped_len = strip_possessive(&raw).len();
    let possessive = stripped_len != raw.len();
    let capitalized = raw.chars().next().is_some_and(char::is_uppercase);
    let folded = fold(&raw);
    if folded.trim().is_empty() {
        return None;
    }
    // Most words are lowercase: their label is the folded form.
    let surface = match (&raw, capitalized) {
        (_, false) => Cow::Borrowed(""),
        (Cow::Borrowed(s), true) => Cow::Borrowed(&s[..stripped_len]),
        (Cow::Owned(s), true) => Cow::Owned(s[..stripped_len].to_owned()),
    };
    Some(Word {
        folded: Cow::Owned(folded),
        surface,
        capitalized,
        sentence_start,
        after_break,
        possessive,
    })
}

/// True when most words of a line are capitalized (a Title Case headline),
/// so that capitals there say nothing about names.
pub fn is_title_case(words: &[Word<'_>], analyzer: &Analyzer) -> bool {
    let (mut content, mut caps) = (0, 0);
    for word in words.iter().filter(|w| !analyzer.is_stop(&w.folded)) {
        content += 1;
        caps += usize::from(word.capitalized);
    }
    content >= 3 && caps * 10 >= content * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_merges_case_hyphens_possessives_and_diacritics() {
        assert_eq!(fold("Jong-un"), "jong un");
        assert_eq!(fold("Russia's"), "russia");
        assert_eq!(fold("Russia\u{2019}s"), "russia");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Reuters'"), "reuters");
    }

    #[test]
    fn words_keep_hyphenated_names_and_mark_sentences() {
        let w = words("Kim Jong-un meets Putin. Talks in U.S. end");
        let folded: Vec<&str> = w.iter().map(|w| w.folded.as_ref()).collect();
        assert_eq!(
            folded,
            [
                "kim", "jong un", "meets", "putin", "talks", "in", "us", "end"
            ]
        );
        assert!(w[0].sentence_start && !w[1].sentence_start && w[4].sentence_start);
        assert!(w[1].capitalized);
    }

    #[test]
    fn english_stems_plurals_together() {
        let a = Analyzer::new(Lang::English);
        assert_eq!(a.stem("strikes"), a.stem("strike"));
        assert_eq!(&*a.stem("jong un"), "jong un");
        assert!(a.is_stop("the") && a.is_stop("says") && !a.is_stop("korea"));
    }

    #[test]
    fn title_case_headlines_are_recognised() {
        let a = Analyzer::new(Lang::English);
        assert!(is_title_case(
            &words("Apple Unveils New iPhone Models At Event"),
            &a
        ));
        assert!(!is_title_case(
            &words("Apple unveils new iPhone models at event"),
            &a
        ));
    }
}
