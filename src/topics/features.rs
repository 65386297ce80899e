//! What an article is about, as index features: stemmed words, adjacent
//! word pairs, multi-word names ("Kim Jong Un", "North Sea") and the feed's
//! own categories, with where they occurred. Pure and cheap: it reads the
//! title and only the opening of the body, where news puts the story.

use super::text::{Analyzer, Word, fold, is_title_case, words};

/// How many body words are read: the lede carries the story.
pub const BODY_WORDS: usize = 120;

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

/// One feature of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    pub kind: Kind,
    /// Normalised form, the identity of the topic ("kim jong un").
    pub key: String,
    /// Readable form as written ("Kim Jong-un").
    pub label: String,
    pub in_title: u8,
    pub in_body: u8,
    /// Occurrences where a capital letter means something (mid-sentence,
    /// not in a Title Case headline), and how many of those were capitalized.
    pub eligible: u8,
    pub capitalized: u8,
}

/// The text of an article that topics are drawn from.
pub struct ArticleText<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub categories: &'a [String],
}

/// Extracts the features of one article.
pub fn extract(text: &ArticleText<'_>, analyzer: &Analyzer) -> Vec<Feature> {
    let mut features = Builder::default();
    let title_words = words(text.title);
    // Only the opening is read: cut the text before splitting it.
    let mut cut = text.body.len().min(BODY_WORDS * 12);
    while !text.body.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut body_words = words(&text.body[..cut]);
    body_words.truncate(BODY_WORDS);
    let title_case = is_title_case(&title_words, analyzer);
    add_words(&mut features, &title_words, analyzer, true, title_case);
    add_words(&mut features, &body_words, analyzer, false, false);
    for category in text.categories {
        let key = fold(category.trim());
        if key.trim().is_empty() {
            continue;
        }
        let feature = features.entry(Kind::Category, key, category.trim());
        feature.in_title = feature.in_title.saturating_add(1);
    }
    features.list
}

/// Features being collected, found by (kind, key) in constant time.
#[derive(Default)]
struct Builder {
    list: Vec<Feature>,
    positions: std::collections::HashMap<(Kind, String), usize>,
}

impl Builder {
    fn entry(&mut self, kind: Kind, key: String, label: &str) -> &mut Feature {
        let list = &mut self.list;
        let index = *self
            .positions
            .entry((kind, key))
            .or_insert_with_key(|(kind, key)| {
                list.push(Feature {
                    kind: *kind,
                    key: key.clone(),
                    label: label.to_owned(),
                    in_title: 0,
                    in_body: 0,
                    eligible: 0,
                    capitalized: 0,
                });
                list.len() - 1
            });
        &mut self.list[index]
    }
}

fn add_words(
    features: &mut Builder,
    words: &[Word],
    analyzer: &Analyzer,
    title: bool,
    title_case: bool,
) {
    let bump = |f: &mut Feature| {
        if title {
            f.in_title = f.in_title.saturating_add(1);
        } else {
            f.in_body = f.in_body.saturating_add(1);
        }
    };
    let mut previous: Option<(String, String)> = None;
    for word in words {
        if analyzer.is_stop(&word.folded)
            || word.folded.chars().all(|c| c.is_ascii_digit()) && word.folded.len() < 3
        {
            previous = None;
            continue;
        }
        let stem = analyzer.stem(&word.folded);
        let label: &str = if word.capitalized {
            &word.surface
        } else {
            &word.folded
        };
        // Word pairs come from titles only: a headline's pairs name its
        // story, while a body's pairs are mostly unique and cost memory.
        let pair_with = if title { previous.take() } else { None };
        let feature = features.entry(Kind::Word, stem.clone(), label);
        bump(feature);
        if !word.sentence_start && !title_case {
            feature.eligible = feature.eligible.saturating_add(1);
            if word.capitalized {
                feature.capitalized = feature.capitalized.saturating_add(1);
            }
        }
        if let Some((previous_stem, previous_label)) = pair_with
            && !word.after_break
        {
            let key = format!("{previous_stem} {stem}");
            let pair_label = format!("{previous_label} {label}");
            bump(features.entry(Kind::Pair, key, &pair_label));
        }
        if title {
            previous = Some((stem, label.to_owned()));
        }
    }
    if !title_case {
        add_names(features, words, analyzer, title);
    }
}

const NAME_PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "bin", "al",
    "ibn", "el", "dos", "das",
];

/// Runs of two or more capitalized words are names: "North Sea", "Kim
/// Jong-un", "European Space Agency". Stop words at either end are dropped.
fn add_names(features: &mut Builder, words: &[Word], analyzer: &Analyzer, title: bool) {
    let mut run: Vec<&Word> = Vec::new();
    let flush = |run: &mut Vec<&Word>, features: &mut Builder| {
        while run.first().is_some_and(|w| analyzer.is_stop(&w.folded)) {
            run.remove(0);
        }
        while run.last().is_some_and(|w| analyzer.is_stop(&w.folded)) {
            run.pop();
        }
        if run.len() >= 2 && run.len() <= 5 {
            let key = run
                .iter()
                .map(|w| w.folded.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let label = run
                .iter()
                .map(|w| w.surface.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let feature = features.entry(Kind::Name, key, &label);
            if title {
                feature.in_title = feature.in_title.saturating_add(1);
            } else {
                feature.in_body = feature.in_body.saturating_add(1);
            }
        }
        run.clear();
    };
    for (i, word) in words.iter().enumerate() {
        // "Pieter van Doorne", "Bashar al-Assad": particles inside a name.
        let particle = !run.is_empty()
            && !word.capitalized
            && NAME_PARTICLES.contains(&word.folded.as_str())
            && words
                .get(i + 1)
                .is_some_and(|next| next.capitalized && !next.after_break);
        if particle {
            run.push(word);
            continue;
        }
        let continues =
            word.capitalized && (run.is_empty() || !word.after_break) && !word.sentence_start;
        let starts = word.capitalized && word.sentence_start;
        if continues {
            run.push(word);
        } else {
            flush(&mut run, features);
            if starts {
                run.push(word);
            }
        }
    }
    flush(&mut run, features);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::text::Lang;

    fn features(title: &str, body: &str) -> Vec<Feature> {
        extract(
            &ArticleText {
                title,
                body,
                categories: &["World News".to_owned()],
            },
            &Analyzer::new(Lang::English),
        )
    }

    fn keys(features: &[Feature], kind: Kind) -> Vec<String> {
        features
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.key.clone())
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
