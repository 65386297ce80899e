//! Article HTML -> terminal text with html2text: numbered links with the
//! list at the end, or plain body text. Pure: no I/O, no terminal.

use html2text::render::TrivialDecorator;

use crate::sanitize::clean_text;

/// How an article body is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderMode {
    /// Text with `[n]` link markers and the numbered link list at the end.
    WithLinks,
    /// Body text only: no link list, no decorations.
    Plain,
}

/// Renders HTML at `width` columns. Never fails: broken HTML renders as
/// best it can and an internal error falls back to tag-stripped text.
pub fn render_html(html: &str, width: usize, mode: RenderMode) -> String {
    let width = width.clamp(20, 1000);
    // Control bytes go before html2text sees them, so a stripped ESC cannot
    // leave the rest of its sequence behind as visible junk.
    let html = clean_text(html);
    let trivial = || html2text::config::with_decorator(TrivialDecorator::new());
    let rendered = crate::contain::contain(|| match mode {
        RenderMode::WithLinks => trivial()
            .do_decorate()
            .link_footnotes(true)
            .string_from_read(html.as_bytes(), width),
        RenderMode::Plain => trivial()
            .link_footnotes(false)
            .string_from_read(html.as_bytes(), width),
    });
    let text = match rendered {
        Ok(Ok(text)) => text,
        _ => crate::plaintext::html_to_text(&html),
    };
    tidy(&clean_text(&text))
}

/// Trims trailing spaces and collapses runs of blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML: &str = "<p>Read <a href=\"https://example.org/a\">the report</a> and \
                        <a href=\"https://example.org/b\">the data</a>.</p><p>Second.</p>";

    #[test]
    fn links_are_numbered_and_listed() {
        let text = render_html(HTML, 80, RenderMode::WithLinks);
        assert!(text.contains("the report[1]"), "{text}");
        assert!(text.contains("[1]: https://example.org/a"), "{text}");
        assert!(text.contains("[2]: https://example.org/b"), "{text}");
    }

    #[test]
    fn plain_mode_has_no_link_list() {
        let text = render_html(HTML, 80, RenderMode::Plain);
        assert_eq!(text, "Read the report and the data.\n\nSecond.\n");
    }

    #[test]
    fn width_is_respected() {
        let html = "<p>".to_owned() + &"word ".repeat(50) + "</p>";
        let text = render_html(&html, 30, RenderMode::Plain);
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
    }

    #[test]
    fn escape_sequences_in_bodies_are_stripped() {
        let text = render_html("<p>a\u{1b}]52;c;eA==\u{7}b</p>", 40, RenderMode::Plain);
        assert_eq!(text, "ab\n");
    }
}
