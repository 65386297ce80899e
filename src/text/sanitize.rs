//! The one place that makes text from the network safe for a terminal.
//!
//! Feed titles, article text, HTTP reason phrases and page text can all carry
//! control bytes and escape sequences (clipboard writes with OSC 52, title
//! changes, cursor moves). Everything that came from outside passes through
//! [`clean_text`] or [`clean_line`] before it is printed or drawn.

/// Removes control characters and whole escape sequences, keeping newlines
/// and tabs. Use for multi-line text such as article bodies.
pub fn clean_text(input: &str) -> String {
    clean(input, false)
}

/// [`clean_text`] for a string we own: no copy when it is clean already.
pub fn clean_text_owned(input: String) -> String {
    if is_clean(&input) {
        input
    } else {
        clean(&input, false)
    }
}

/// Like [`clean_text`] but for one-line fields (titles, names, URLs):
/// newlines and tabs become spaces and runs of whitespace collapse to one.
pub fn clean_line(input: &str) -> String {
    let text = clean(input, true);
    let mut out = String::with_capacity(text.len());
    // ASCII whitespace only: a no-break or en space in a title is meant.
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// For one display line that is already laid out: control characters and
/// escape sequences go, tabs become spaces, and spacing is kept as is.
pub fn clean_line_keep_spaces(input: &str) -> String {
    clean(input, true)
}

/// True when `input` holds nothing [`clean_text`] would remove, so callers
/// on hot paths can skip the copy.
pub fn is_clean(input: &str) -> bool {
    // A byte scan: every character it looks for has a distinct UTF-8 form
    // (C0 and DEL as single bytes, C1 as C2 80..9F, the bidi controls as
    // E2 80 AA..AE and E2 81 A6..A9), and no other character contains those
    // byte sequences. Feeds are long; this runs on every text of a refresh.
    let bytes = input.as_bytes();
    // Bytes that may start something to remove; most chunks have none, and
    // testing a whole chunk (no early exit) compiles to vector code.
    let suspicious =
        |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f) | (b == 0xc2) | (b == 0xe2);
    for (c, chunk) in bytes.chunks(32).enumerate() {
        if !chunk.iter().fold(false, |any, &b| any | suspicious(b)) {
            continue;
        }
        for (k, &b) in chunk.iter().enumerate() {
            let at = c * 32 + k;
            let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
            let dirty = match b {
                0xc2 => (0x80..=0x9f).contains(&next(1)),
                0xe2 => matches!(
                    (next(1), next(2)),
                    (0x80, 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
                ),
                _ => suspicious(b),
            };
            if dirty {
                return false;
            }
        }
    }
    true
}

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
const CSI_8BIT: char = '\u{9b}';
const OSC_8BIT: char = '\u{9d}';
const DCS_8BIT: char = '\u{90}';
const ST_8BIT: char = '\u{9c}';

fn clean(input: &str, one_line: bool) -> String {
    if is_clean(input) && !(one_line && input.chars().any(is_invisible)) {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
                    skip_string(&mut chars)
                }
                // Two-byte sequences (ESC c, ESC 7, ESC ( B ...): drop the next
                // character too, and for charset designations the one after.
                Some('(') | Some(')') | Some('*') | Some('+') | Some('#') | Some('%') => {
                    chars.next();
                }
                _ => {}
            },
            CSI_8BIT => skip_csi(&mut chars),
            OSC_8BIT | DCS_8BIT => skip_string(&mut chars),
            '\n' | '\t' if !one_line => out.push(c),
            '\n' | '\t' | '\r' => out.push(' '),
            c if is_control(c) || is_bidi_override(c) => {}
            c if one_line && is_invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// CSI: parameter and intermediate bytes, then one final byte in 0x40..=0x7e.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            // Malformed sequence: stop skipping so normal text is not eaten.
            return;
        }
    }
}

/// OSC/DCS/APC/PM strings end with BEL, ST (ESC \) or the 8-bit ST.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | ST_8BIT => return,
            ESC => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'
}

/// Invisible characters that can make a title or link read other than it
/// is (zero-width space, direction marks, word joiners, BOM), removed from
/// one-line fields. The zero-width (non-)joiners stay: scripts and emoji
/// need them to render.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// Explicit bidi embeddings, overrides and isolates can make text display in
/// an order other than the one it is stored in (spoofed links and titles).
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_agrees_with_the_character_rules() {
        let reference = |s: &str| !s.chars().any(|c| is_control(c) || is_bidi_override(c));
        for code in (0..0x3000)
            .chain(0xfe00..0x10000)
            .chain([0x1f600, 0x10ffff])
        {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            for text in [
                format!("{c}"),
                format!("ab{c}"),
                format!("{c}é"),
                format!("é{c}\u{2028}"),
                // Across the scan's 32-byte chunks.
                format!("{}{c}", "a".repeat(31)),
                format!("{}{c}x", "a".repeat(30)),
            ] {
                assert_eq!(
                    is_clean(&text),
                    reference(&text),
                    "U+{code:04X} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn one_line_fields_lose_invisible_characters_but_keep_joiners() {
        assert_eq!(
            clean_line("pay\u{200b}pal\u{feff}.com\u{200f}"),
            "paypal.com"
        );
        assert_eq!(clean_line("a\u{2066}b\u{2069}"), "ab");
        let family = "\u{1f468}\u{200d}\u{1f469}";
        assert_eq!(clean_line(family), family);
        assert_eq!(
            clean_text("body\u{200b}text"),
            "body\u{200b}text",
            "bodies keep them: they carry no link"
        );
    }

    #[test]
    fn osc_52_clipboard_write_is_removed_whole() {
        let hostile = "Breaking\u{1b}]52;c;ZWNobyBwd25lZA==\u{07} news";
        assert_eq!(clean_line(hostile), "Breaking news");
    }

    #[test]
    fn osc_terminated_by_string_terminator_is_removed() {
        assert_eq!(clean_line("a\u{1b}]0;title\u{1b}\\b"), "ab");
    }

    #[test]
    fn csi_colour_and_cursor_sequences_are_removed() {
        assert_eq!(clean_text("\u{1b}[31mred\u{1b}[0m \u{1b}[2J"), "red ");
        assert_eq!(clean_text("x\u{9b}1;2Hy"), "xy");
    }

    #[test]
    fn c0_and_c1_controls_are_removed_but_newlines_kept_in_text() {
        assert_eq!(clean_text("a\u{0}b\u{8}c\u{85}d\nline\te"), "abcd\nline\te");
    }

    #[test]
    fn one_line_fields_fold_whitespace() {
        assert_eq!(
            clean_line("  Title\n\twith\r\n breaks  "),
            "Title with breaks"
        );
    }

    #[test]
    fn bidi_overrides_are_removed() {
        assert_eq!(clean_line("evil\u{202e}txt.exe"), "eviltxt.exe");
    }

    #[test]
    fn clean_text_is_untouched_and_unicode_survives() {
        let s = "Kim Jong-un 会谈 🚀 café";
        assert!(is_clean(s));
        assert_eq!(clean_text(s), s);
    }

    #[test]
    fn unterminated_sequences_do_not_panic() {
        assert_eq!(clean_line("a\u{1b}"), "a");
        assert_eq!(clean_line("a\u{1b}]52;never ends"), "a");
        assert_eq!(clean_line("a\u{1b}["), "a");
    }
}
