//! The languages topics are read in: guessed from a feed's titles, each
//! with its stemmer and stop-word list.

use rust_stemmers::Algorithm;

/// Languages with a stemmer and a stop-word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    English,
    German,
    French,
    Spanish,
    Italian,
    Portuguese,
    Dutch,
    Swedish,
    Norwegian,
    Danish,
    Finnish,
    Russian,
    Other,
}

impl Lang {
    /// Guesses the language of a sample of text (a feed's titles); a guess
    /// that is not reliable (a few titles full of names) is English.
    pub fn detect(sample: &str) -> Lang {
        use whatlang::Lang as W;
        let info = whatlang::detect(sample).filter(|info| info.is_reliable());
        match info.map(|info| info.lang()) {
            Some(W::Eng) | None => Lang::English,
            Some(W::Deu) => Lang::German,
            Some(W::Fra) => Lang::French,
            Some(W::Spa) => Lang::Spanish,
            Some(W::Ita) => Lang::Italian,
            Some(W::Por) => Lang::Portuguese,
            Some(W::Nld) => Lang::Dutch,
            Some(W::Swe) => Lang::Swedish,
            Some(W::Nob) => Lang::Norwegian,
            Some(W::Dan) => Lang::Danish,
            Some(W::Fin) => Lang::Finnish,
            Some(W::Rus) => Lang::Russian,
            Some(_) => Lang::Other,
        }
    }

    pub(super) fn codes(self) -> Option<(Algorithm, &'static str)> {
        Some(match self {
            Lang::English => (Algorithm::English, "en"),
            Lang::German => (Algorithm::German, "de"),
            Lang::French => (Algorithm::French, "fr"),
            Lang::Spanish => (Algorithm::Spanish, "es"),
            Lang::Italian => (Algorithm::Italian, "it"),
            Lang::Portuguese => (Algorithm::Portuguese, "pt"),
            Lang::Dutch => (Algorithm::Dutch, "nl"),
            Lang::Swedish => (Algorithm::Swedish, "sv"),
            Lang::Norwegian => (Algorithm::Norwegian, "nb"),
            Lang::Danish => (Algorithm::Danish, "da"),
            Lang::Finnish => (Algorithm::Finnish, "fi"),
            Lang::Russian => (Algorithm::Russian, "ru"),
            Lang::Other => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_detection_picks_german() {
        assert_eq!(
            Lang::detect(
                "Die Bundesregierung hat heute neue Regeln für den Bahnverkehr beschlossen"
            ),
            Lang::German
        );
    }
}
