//! The text side of the terms: every key and spelling kept once, one after
//! another in one string ([`Texts`]), and how each term is spelled across
//! articles ("Kim Jong-un", "Kim Jong Un"), counted so that the most used
//! spelling labels the topic ([`Labels`]). A term's key and its first
//! spelling sit side by side, so looking a term up reads one place.

/// Where a string is in [`Texts`].
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub(super) struct Span {
    start: u32,
    len: u32,
}

/// Keys and spellings, end to end: one allocation for all of them.
#[derive(Debug, Clone, Default)]
pub(super) struct Texts {
    pub(super) text: String,
}

impl Texts {
    /// Keeps a copy of `s`; `None` past 4 GiB of text (never in practice:
    /// such a term is left out, as ids that do not fit are).
    pub(super) fn add(&mut self, s: &str) -> Option<Span> {
        let start = u32::try_from(self.text.len()).ok()?;
        let len = u32::try_from(s.len()).ok()?;
        start.checked_add(len)?;
        self.text.push_str(s);
        Some(Span { start, len })
    }

    pub(super) fn get(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.text
            .get(start..start + span.len as usize)
            .unwrap_or_default()
    }
}

/// The spellings of one term and how often each was seen: the first
/// inline (nearly every term has one), the others in a side table
/// ([`More`]), so that the record is plain data.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, bytemuck::Pod, bytemuck::Zeroable)]
pub(super) struct Labels {
    first: Span,
    /// Sightings of the first spelling; 0 while there is none.
    count: u32,
}

/// Further spellings of the terms that have more than one.
pub(super) type More = rustc_hash::FxHashMap<u32, Vec<(Span, u32)>>;

impl Labels {
    /// Counts a spelling, copying the string only when it is new; `known`
    /// is where the same text already is (a key spelled as it reads), and
    /// `more` the term's further spellings. A new further spelling is
    /// returned, for the caller to keep beside the others.
    pub(super) fn count(
        &mut self,
        label: &str,
        known: Option<Span>,
        texts: &mut Texts,
        more: Option<&mut Vec<(Span, u32)>>,
    ) -> Option<(Span, u32)> {
        if self.count == 0 {
            if let Some(span) = known.or_else(|| texts.add(label)) {
                self.first = span;
                self.count = 1;
            }
            return None;
        }
        if texts.get(self.first) == label {
            self.count += 1;
            return None;
        }
        if let Some(seen) = more.and_then(|m| m.iter_mut().find(|(s, _)| texts.get(*s) == label)) {
            seen.1 += 1;
            return None;
        }
        texts.add(label).map(|span| (span, 1))
    }

    /// The most used spelling; on a tie, the one that sorts first.
    pub(super) fn best<'t>(&self, more: &[(Span, u32)], texts: &'t Texts) -> Option<&'t str> {
        let first = (self.count > 0).then_some((self.first, self.count));
        first
            .into_iter()
            .chain(more.iter().copied())
            .map(|(span, count)| (texts.get(span), count))
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(label, _)| label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_spelling_wins_and_ties_sort() {
        let mut texts = Texts::default();
        let mut labels = Labels::default();
        let mut more = Vec::new();
        assert_eq!(labels.best(&more, &texts), None);
        assert_eq!(labels.count("Kim Jong-un", None, &mut texts, None), None);
        let new = labels.count("Kim Jong Un", None, &mut texts, None);
        more.extend(new);
        assert_eq!(labels.best(&more, &texts), Some("Kim Jong Un"));
        let again = labels.count("Kim Jong-un", None, &mut texts, Some(&mut more));
        assert_eq!(again, None);
        assert_eq!(labels.best(&more, &texts), Some("Kim Jong-un"));
    }

    #[test]
    fn texts_keep_each_string_where_they_said() {
        let mut texts = Texts::default();
        let a = texts.add("north korea").unwrap();
        let b = texts.add("North Korea").unwrap();
        assert_eq!((texts.get(a), texts.get(b)), ("north korea", "North Korea"));
        let mut labels = Labels::default();
        labels.count("north korea", Some(a), &mut texts, None);
        assert_eq!(labels.best(&[], &texts), Some("north korea"));
    }
}
