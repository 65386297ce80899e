//! How a term is spelled across articles ("Kim Jong-un", "Kim Jong Un"),
//! counted so that the most used spelling labels the topic. Nearly every
//! term has one spelling: it is kept inline, without a map.

/// The spellings of one term and how often each was seen.
#[derive(Debug, Clone, Default)]
pub(super) struct Labels {
    /// In the order first seen.
    seen: Vec<(Box<str>, u32)>,
}

impl Labels {
    /// Counts a spelling, copying the string only when it is new.
    pub(super) fn count(&mut self, label: &str) {
        match self.seen.iter_mut().find(|(l, _)| &**l == label) {
            Some((_, count)) => *count += 1,
            None => {
                self.seen.reserve_exact(1);
                self.seen.push((label.into(), 1));
            }
        }
    }

    /// The most used spelling; on a tie, the one that sorts first.
    pub(super) fn best(&self) -> Option<&str> {
        self.seen
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(l, _)| &**l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_spelling_wins_and_ties_sort() {
        let mut labels = Labels::default();
        assert_eq!(labels.best(), None);
        labels.count("Kim Jong-un");
        labels.count("Kim Jong Un");
        assert_eq!(labels.best(), Some("Kim Jong Un"));
        labels.count("Kim Jong-un");
        assert_eq!(labels.best(), Some("Kim Jong-un"));
    }
}
