//! Display width of terminal text: truncation and padding by columns, not
//! bytes or chars, so wide CJK characters, emoji and combining marks line up.
//! Cuts fall between grapheme clusters, never inside a flag, an emoji
//! sequence or a letter with its marks.

use unicode_segmentation::UnicodeSegmentation;

/// Cuts `text` to at most `width` columns, ending with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = unicode_width::UnicodeWidthStr::width(grapheme);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push_str(grapheme);
    }
    out.push('…');
    out
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Truncates to `columns`, then pads with spaces to exactly `columns`.
pub fn fit(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(truncate("abc", 5), "abc");
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(truncate("会谈会谈会谈", 5), "会谈…");
    }

    #[test]
    fn cuts_never_split_a_grapheme() {
        // Flags are pairs of regional indicators; a family is a ZWJ sequence.
        let flags = "\u{1f1f3}\u{1f1f4}\u{1f1f8}\u{1f1ea}\u{1f1eb}\u{1f1ee}";
        let cut = truncate(flags, 5);
        assert_eq!(cut, "\u{1f1f3}\u{1f1f4}\u{1f1f8}\u{1f1ea}…");
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let text = format!("{family}{family}{family}");
        let cut = truncate(&text, 4);
        assert!(cut.ends_with('…'));
        assert!(cut.trim_end_matches('…').ends_with('\u{1f467}'), "{cut:?}");
    }

    #[test]
    fn combining_marks_take_no_column() {
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}xyz", 4),
            "e\u{301}e\u{301}e\u{301}…"
        );
    }
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn fit_pads_and_cuts_by_columns() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("会谈会谈", 5), "会谈…");
        assert_eq!(fit("会谈会谈", 6), "会谈… ");
        assert_eq!(width(&fit("🚀 launch", 6)), 6);
    }
}
