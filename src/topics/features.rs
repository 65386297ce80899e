//! What an article is about, as index features: stemmed words, adjacent
//! word pairs, names ("Kim Jong Un", "North Korea") and the feed's own
//! categories, with where they occurred. It reads the whole article:
//! title, summary and body (the full text once fetched), up to a cap that
//! bounds the cost of very long pages. Pure.

use std::borrow::Cow;
use std::collections::hash_map::Entry::{Occupied, Vacant};

use super::countries::{Country, country_of};
use super::names::Names;
use super::text::{Analyzer, StemId, Word, fold, is_title_case, words, words_into};

mod builder;
mod output;
use builder::{Builder, Entry, Key, Label, Seen, SeenForms, bump};
pub use output::{Feature, Features};

/// How many words of summary and body are read.
pub const BODY_WORDS: usize = 1500;

/// Features kept per article: what is in the title, the names, then the
/// most repeated words (the rest would cost storage and link little).
pub const MAX_FEATURES: usize = 128;

/// Body word pairs are kept from the opening (the lede) or when repeated.
const LEDE_WORDS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Word = 0,
    Pair = 1,
    Name = 2,
    Category = 3,
}

impl Kind {
    pub fn from_u8(value: u8) -> Option<Kind> {
        Some(match value {
            0 => Kind::Word,
            1 => Kind::Pair,
            2 => Kind::Name,
            3 => Kind::Category,
            _ => return None,
        })
    }
}

/// The text of an article that topics are drawn from.
pub struct ArticleText<'a> {
    pub title: &'a str,
    /// The feed's summary when the article also has a fuller body.
    pub summary: &'a str,
    /// Plain text of the body: the extracted full text once fetched.
    pub body: &'a str,
    pub categories: &'a [String],
}

/// Extracts the features of one article.
pub fn extract(text: &ArticleText<'_>, analyzer: &Analyzer) -> Features {
    analyzer.start_article();
    let mut body_words = Vec::new();
    words_into(cut(text.summary, BODY_WORDS), &mut body_words);
    words_into(cut(text.body, BODY_WORDS), &mut body_words);
    body_words.truncate(BODY_WORDS);
    let mut title_words = words(text.title);
    let title_case = is_title_case(&title_words, analyzer);
    if title_case {
        recase(&mut title_words, &body_words);
    }
    let mut features = Builder::with_capacity(title_words.len() + body_words.len(), analyzer);
    let mut seen = SeenForms::with_capacity_and_hasher(
        title_words.len() + body_words.len(),
        Default::default(),
    );
    add_words(
        &mut features,
        &mut seen,
        &title_words,
        analyzer,
        true,
        title_case,
    );
    add_words(
        &mut features,
        &mut seen,
        &body_words,
        analyzer,
        false,
        false,
    );
    let mut names = Names::default();
    names.read(&title_words, analyzer, true);
    names.read(&body_words, analyzer, false);
    names.resolve_mentions();
    for name in names.list {
        // A pair inside a name says what the name says: the body's count
        // goes (a headline's stays: short texts need it).
        let mut previous: Option<StemId> = None;
        for part in name.key.split(' ') {
            let stem = analyzer.form(part).stem;
            let inside = match previous.map(|p| (features.find_word(p), features.find_word(stem))) {
                Some((Some(a), Some(b))) => features.find_pair(&features.pair_key(a, b)),
                _ => None,
            };
            if let Some(inside) = inside {
                features.list[inside].in_body = 0;
            }
            previous = Some(stem);
        }
        let feature = features.entry(Kind::Name, &name.key, || Label::Text(name.label.into()));
        feature.in_title = feature.in_title.saturating_add(name.in_title);
        feature.in_body = feature.in_body.saturating_add(name.in_body);
    }
    for category in text.categories {
        let key = fold(category.trim());
        if key.trim().is_empty() {
            continue;
        }
        let feature = features.entry(Kind::Category, &key, || {
            Label::Text(Cow::Borrowed(category.trim()))
        });
        feature.in_title = feature.in_title.saturating_add(1);
    }
    let kept = prune(&features.list);
    // Keys and labels run about a dozen bytes each.
    let mut out = Features::with_capacity(kept.len(), kept.len() * 24);
    let stems = analyzer.stem_texts();
    for i in kept {
        features.write(i, &stems, &mut out);
    }
    out
}

/// The start of a text, about `words` words long, cut on a char boundary.
fn cut(text: &str, words: usize) -> &str {
    let mut end = text.len().min(words * 8);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A Title Case headline's capitals say nothing; the body's casing of the
/// same words does ("Kim Jong Un" is a name there, "Rail" is not).
fn recase(title: &mut [Word], body: &[Word]) {
    let mut casing: rustc_hash::FxHashMap<&str, (u32, u32)> = Default::default();
    for word in body.iter().filter(|w| !w.sentence_start) {
        let entry = casing.entry(word.folded.as_ref()).or_default();
        if word.capitalized {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    for word in title.iter_mut() {
        let (upper, lower) = casing.get(word.folded.as_ref()).copied().unwrap_or((0, 0));
        word.capitalized = word.capitalized && upper > lower;
    }
}

/// The places of the features kept: pairs left with no count go; of the
/// rest, the strongest [`MAX_FEATURES`]: title terms, names and capitalised
/// words, then the most repeated, earlier ones first on ties.
fn prune(list: &[Entry<'_>]) -> Vec<usize> {
    const DROPPED: u8 = u8::MAX;
    let rank = |f: &Entry<'_>| {
        if f.kind == Kind::Pair && f.in_title == 0 && f.in_body == 0 {
            return DROPPED;
        }
        let title = u8::from(f.in_title > 0) * 16;
        let name = u8::from(f.kind == Kind::Name || f.capitalized > 0) * 8;
        let category = u8::from(f.kind == Kind::Category) * 32;
        category + title + name + f.in_body.min(7)
    };
    // Strongest first, then by place: a counting sort on the rank (below
    // 64), stable, so places stay in order within a rank.
    let ranks: Vec<u8> = list.iter().map(rank).collect();
    let mut starts = [0usize; 65];
    for &r in ranks.iter().filter(|&&r| r != DROPPED) {
        starts[64 - usize::from(r)] += 1;
    }
    for r in 1..65 {
        starts[r] += starts[r - 1];
    }
    let places = ranks.iter().enumerate().filter(|(_, r)| **r != DROPPED);
    if starts[64] <= MAX_FEATURES {
        return places.map(|(i, _)| i).collect();
    }
    let mut order = vec![0; MAX_FEATURES];
    for (i, &r) in places {
        let slot = &mut starts[63 - usize::from(r)];
        if let Some(place) = order.get_mut(*slot) {
            *place = i;
        }
        *slot += 1;
    }
    order
}

/// A word's label: its country's name, as written when capitalised, or
/// its folded form.
fn word_label<'a>(word: &'a Word<'a>, country: Option<Country>) -> &'a str {
    match (country, word.capitalized) {
        (Some(c), _) => c.name,
        (None, true) => &word.surface,
        (None, false) => &word.folded,
    }
}

fn add_words<'a>(
    features: &mut Builder<'a>,
    seen: &mut SeenForms<'a>,
    words: &'a [Word<'a>],
    analyzer: &Analyzer,
    title: bool,
    title_case: bool,
) {
    let mut previous: Option<(usize, &'a str)> = None;
    // Body pairs seen once, past the lede: kept only if they repeat (a
    // title's pairs are all kept).
    let room = if title { 0 } else { words.len() };
    let mut pending_pairs: rustc_hash::FxHashMap<Key, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(room, Default::default());
    let mut pending: Vec<(Key, &'a str, &'a str, u8)> = Vec::new();
    for (position, word) in words.iter().enumerate() {
        let Some((index, country)) = look_up(features, seen, word, analyzer) else {
            previous = None;
            continue;
        };
        let label = match country {
            Some(name) => name,
            None if word.capitalized => &word.surface,
            None => &word.folded,
        };
        let feature = &mut features.list[index];
        bump(feature, title);
        if !word.sentence_start && !title_case {
            feature.eligible = feature.eligible.saturating_add(1);
            if word.capitalized {
                feature.capitalized = feature.capitalized.saturating_add(1);
            }
        }
        if let Some((previous_index, previous_label)) = previous.take()
            && !word.after_break
        {
            let key = features.pair_key(previous_index, index);
            match features.find_pair(&key) {
                Some(known) => bump(&mut features.list[known], title),
                None if title || position < LEDE_WORDS => bump(
                    features.new_pair(key, Label::Pair(previous_label, label)),
                    title,
                ),
                None => match pending_pairs.entry(key) {
                    Occupied(known) => {
                        let i = *known.get();
                        pending[i].3 = pending[i].3.saturating_add(1);
                    }
                    Vacant(free) => {
                        pending.push((free.key().clone(), previous_label, label, 1));
                        free.insert(pending.len() - 1);
                    }
                },
            }
        }
        previous = Some((index, label));
    }
    for (key, a, b, count) in pending {
        if count >= 2 {
            let feature = features.pair(key, || Label::Pair(a, b));
            feature.in_body = feature.in_body.saturating_add(count);
        }
    }
}

/// A word's feature and the country it names, looked up once an article
/// for each form; `None` for a stop word or a short number.
fn look_up<'a>(
    features: &mut Builder<'a>,
    seen: &mut SeenForms<'a>,
    word: &'a Word<'a>,
    analyzer: &Analyzer,
) -> Seen {
    let free = match seen.entry((word.folded.as_ref(), word.capitalized)) {
        Occupied(known) => return *known.get(),
        Vacant(free) => free,
    };
    let short_number = word.folded.chars().all(|c| c.is_ascii_digit()) && word.folded.len() < 3;
    let form = analyzer.form(&word.folded);
    let found = match form {
        _ if short_number || form.stop => None,
        form => {
            // A demonym is its country ("Russian" is "Russia").
            let country = if word.capitalized {
                country_of(&word.folded)
            } else {
                None
            };
            let form = match country {
                Some(c) => analyzer.form(c.key),
                None => form,
            };
            let index = features.word(form, word_label(word, country));
            Some((index, country.map(|c| c.name)))
        }
    };
    *free.insert(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::text::Lang;

    fn features(title: &str, body: &str) -> Features {
        extract(
            &ArticleText {
                title,
                summary: "",
                body,
                categories: &["World News".to_owned()],
            },
            &Analyzer::new(Lang::English),
        )
    }

    fn keys(features: &Features, kind: Kind) -> Vec<String> {
        features
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.key.to_owned())
            .collect()
    }

    #[test]
    fn names_merge_their_spellings() {
        let a = features("Talks with Kim Jong-un stall over sanctions relief", "");
        let b = features("Talks with Kim Jong Un stall over sanctions relief", "");
        assert_eq!(keys(&a, Kind::Name), ["kim jong un"]);
        assert_eq!(keys(&a, Kind::Name), keys(&b, Kind::Name));
    }

    #[test]
    fn possessives_and_plurals_share_a_word() {
        let a = features("Russia's strikes", "");
        let b = features("Russia strike", "");
        assert_eq!(keys(&a, Kind::Word), keys(&b, Kind::Word));
    }

    #[test]
    fn pairs_do_not_cross_punctuation_or_stop_words() {
        let f = features("Storm hits coast, farms damaged in the north", "");
        let pairs = keys(&f, Kind::Pair);
        assert!(pairs.contains(&"storm hit".to_owned()), "{pairs:?}");
        assert!(!pairs.iter().any(|p| p.starts_with("coast")), "{pairs:?}");
    }

    #[test]
    fn capitals_mid_sentence_count_as_name_evidence() {
        let f = features(
            "Fed official speaks",
            "Officials said the Fed would wait. Markets rose.",
        );
        let fed = f
            .iter()
            .find(|f| f.kind == Kind::Word && f.key == "fed")
            .unwrap();
        assert_eq!((fed.eligible, fed.capitalized), (1, 1));
    }

    #[test]
    fn names_keep_their_particles() {
        let f = features(
            "x",
            "The minister, Pieter van Doorne, said the rule stands.",
        );
        assert!(
            keys(&f, Kind::Name).contains(&"pieter van doorne".to_owned()),
            "{f:?}"
        );
    }

    #[test]
    fn categories_are_features() {
        let f = features("x", "");
        assert_eq!(keys(&f, Kind::Category), ["world news"]);
    }
}
