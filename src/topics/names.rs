//! Names in an article: runs of capitalised words ("Kim Jong Un", "North
//! Sea", "European Space Agency"), without the titles people carry
//! ("President", "Mr", "leader"), countries under one name whatever the
//! form ("North Korean" is "North Korea"), and the short mentions of a
//! name resolved to its full form within the article ("Putin" and "Mr
//! Putin" count for "Vladimir Putin", "Kim" for "Kim Jong Un").

use super::countries::country_of;
use super::text::{Analyzer, Word};

/// A name found in an article, with where it occurred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub key: String,
    pub label: String,
    pub in_title: u8,
    pub in_body: u8,
}

/// Words between a name and its bearer's title, or inside a name.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "bin", "al",
    "ibn", "el", "dos", "das",
];

/// Titles and roles written before a name; never part of it. Sorted, for
/// the binary search in [`is_title`].
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "acting", "admiral", "ambassador", "archbishop", "bishop", "capt", "captain", "cardinal",
    "ceo", "chair", "chairman", "chairwoman", "chancellor", "chief", "coach", "col", "colonel",
    "commander", "comrade", "congressman", "congresswoman", "dame", "dear", "defence", "defense",
    "deputy", "director", "dr", "emperor", "envoy", "foreign", "former", "gen", "general", "gov",
    "governor", "judge", "justice", "king", "lady", "leader", "lieutenant", "lord", "lt",
    "marshal", "mayor", "minister", "miss", "mr", "mrs", "ms", "officer", "pope", "premier",
    "president", "prime", "prince", "princess", "prof", "professor", "queen", "rep",
    "representative", "rev", "reverend", "saint", "secretary", "sen", "senator", "sergeant", "sir",
    "spokesman", "spokesperson", "spokeswoman", "st", "state", "supreme", "vice",
];

/// Whether a folded word is a title ([`TITLES`] is sorted).
fn is_title(folded: &str) -> bool {
    TITLES.binary_search(&folded).is_ok()
}

/// Collects the names of one text (a title or a body).
#[derive(Default)]
pub struct Names {
    pub list: Vec<Name>,
    /// One-word mentions ("Putin", "Kim"): (folded, in title).
    singles: Vec<(String, bool)>,
}

impl Names {
    /// Reads the runs of capitalised words of `words`.
    pub fn read(&mut self, words: &[Word], analyzer: &Analyzer, title: bool) {
        let mut run: Vec<&Word> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            // "Pieter van Doorne", "Bashar al-Assad": particles inside a name.
            let particle = !run.is_empty()
                && !word.capitalized
                && PARTICLES.contains(&word.folded.as_ref())
                && words
                    .get(i + 1)
                    .is_some_and(|next| next.capitalized && !next.after_break);
            if particle {
                run.push(word);
                continue;
            }
            let continues =
                word.capitalized && !run.is_empty() && !word.after_break && !word.sentence_start;
            if !continues && !run.is_empty() {
                self.flush(&mut run, analyzer, title);
            }
            if word.capitalized {
                run.push(word);
                if word.possessive {
                    self.flush(&mut run, analyzer, title);
                }
            }
        }
        self.flush(&mut run, analyzer, title);
    }

    /// A run splits at its titles ("Russian President Vladimir Putin" is
    /// "Russian" and "Vladimir Putin"); each part is a name, a country or
    /// a one-word mention.
    fn flush(&mut self, run: &mut Vec<&Word>, analyzer: &Analyzer, title: bool) {
        if run.is_empty() {
            return;
        }
        for part in run.split(|w| is_title(&w.folded)) {
            let mut part = part;
            while let [first, rest @ ..] = part
                && (analyzer.is_stop(&first.folded) || PARTICLES.contains(&first.folded.as_ref()))
            {
                part = rest;
            }
            while let [rest @ .., last] = part
                && analyzer.is_stop(&last.folded)
            {
                part = rest;
            }
            // One word counts only toward a longer name of the article.
            if let [only] = part {
                self.singles.push((only.folded.to_string(), title));
                continue;
            }
            if part.len() < 2 || part.len() > 5 {
                continue;
            }
            let key = join(part.iter().map(|w| w.folded.as_ref()));
            let (key, label) = match country_of(&key) {
                Some(country) => (country.key.to_owned(), country.name.to_owned()),
                None => (key, join(part.iter().map(|w| w.label()))),
            };
            self.add(key, &label, title, 1);
        }
        run.clear();
    }

    fn add(&mut self, key: String, label: &str, title: bool, count: u8) {
        let name = match self.list.iter_mut().position(|n| n.key == key) {
            Some(i) => &mut self.list[i],
            None => {
                self.list.push(Name {
                    key,
                    label: label.to_owned(),
                    in_title: 0,
                    in_body: 0,
                });
                let last = self.list.len() - 1;
                &mut self.list[last]
            }
        };
        if title {
            name.in_title = name.in_title.saturating_add(count);
        } else {
            name.in_body = name.in_body.saturating_add(count);
        }
    }

    /// Counts each one-word mention toward the one name of the article
    /// that starts or ends with it ("Putin", "Kim"); a word that fits
    /// several names ("Kim" beside "Kim Jong Un" and "Kim Yo Jong") or
    /// none stays a word.
    pub fn resolve_mentions(&mut self) {
        let singles = std::mem::take(&mut self.singles);
        for (word, title) in singles {
            let mut matches = self.list.iter().enumerate().filter(|(_, n)| {
                country_of(&n.key).is_none() && {
                    let mut parts = n.key.split(' ');
                    parts.next() == Some(word.as_str()) || parts.next_back() == Some(word.as_str())
                }
            });
            if let (Some((i, _)), None) = (matches.next(), matches.next()) {
                let key = self.list[i].key.clone();
                let label = self.list[i].label.clone();
                self.add(key, &label, title, 1);
            }
        }
    }
}

fn join<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut out = String::with_capacity(parts.clone().map(|p| p.len() + 1).sum());
    for part in parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::text::{Lang, words};

    fn names(title: &str, body: &str) -> Vec<(String, String, u8, u8)> {
        let analyzer = Analyzer::new(Lang::English);
        let mut names = Names::default();
        names.read(&words(title), &analyzer, true);
        names.read(&words(body), &analyzer, false);
        names.resolve_mentions();
        names
            .list
            .into_iter()
            .map(|n| (n.key, n.label, n.in_title, n.in_body))
            .collect()
    }

    #[test]
    fn titles_are_not_part_of_a_name() {
        let found = names(
            "",
            "Talks began when President Vladimir Putin met the North Korean leader Kim Jong Un.",
        );
        let keys: Vec<&str> = found.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(keys, ["vladimir putin", "north korea", "kim jong un"]);
    }

    #[test]
    fn short_mentions_count_for_the_full_name() {
        let found = names(
            "Putin hosts Kim",
            "Russia's Vladimir Putin greeted Kim Jong-un. Later, Mr Putin said Kim was welcome.",
        );
        let putin = found.iter().find(|n| n.0 == "vladimir putin").unwrap();
        let kim = found.iter().find(|n| n.0 == "kim jong un").unwrap();
        assert_eq!((putin.2, putin.3), (1, 2), "{found:?}");
        assert_eq!((kim.2, kim.3), (1, 2), "{found:?}");
    }

    #[test]
    fn demonyms_become_their_country() {
        let found = names("", "The talks were held in the North Korean capital.");
        assert_eq!(found[0].0, "north korea");
        assert_eq!(found[0].1, "North Korea");
    }

    #[test]
    fn a_mention_that_fits_two_names_stays_a_word() {
        let found = names("", "Both Kim Jong Un and Kim Yo Jong spoke. Then Kim left.");
        assert!(found.iter().all(|n| n.3 == 1), "{found:?}");
    }

    #[test]
    fn titles_are_sorted_and_found() {
        assert!(TITLES.windows(2).all(|w| w[0] < w[1]), "{TITLES:?}");
        assert_eq!(TITLES.len(), 78);
        assert!(
            ["mr", "president", "reverend", "st"]
                .iter()
                .all(|w| is_title(w))
        );
        assert!(!["putin", "kim", "north", ""].iter().any(|w| is_title(w)));
    }
}
