//! Article HTML -> terminal text with html2text: numbered links with the
//! list at the end, or plain body text. Pure: no I/O, no terminal.

use html2text::render::{RichAnnotation, TrivialDecorator};

use crate::text::sanitize::clean_text;

mod page;
pub use page::reader_page;

/// How an article body is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderMode {
    /// Text with `[n]` link markers and the numbered link list at the end.
    WithLinks,
    /// Body text only: no link list, no decorations.
    Plain,
}

/// Bodies nested deeper than pages we extract are shown as plain text:
/// html2text's time grows with the square of the depth (a minute at
/// 100,000), and its recursion with the depth.
fn too_deep(html: &str) -> bool {
    crate::text::extract::nesting_depth(html) > crate::text::extract::MAX_DEPTH
}

/// Renders HTML at `width` columns. Never fails: broken HTML renders as
/// best it can and an internal error falls back to tag-stripped text.
pub fn render_html(html: &str, width: usize, mode: RenderMode) -> String {
    let width = width.clamp(20, 1000);
    // Control bytes go before html2text sees them, so a stripped ESC cannot
    // leave the rest of its sequence behind as visible junk.
    let html = clean_text(html);
    if too_deep(&html) {
        return tidy(&crate::text::plaintext::html_to_text(&html));
    }
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
        _ => crate::text::plaintext::html_to_text(&html),
    };
    tidy(&clean_text(&text))
}

/// How a run of reader text looks; the UI maps this onto its theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TextStyle {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub link: bool,
    pub strike: bool,
    pub heading: bool,
    pub quote: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledSpan {
    pub text: String,
    pub style: TextStyle,
}

/// One display line of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyledLine {
    pub spans: Vec<StyledSpan>,
}

impl StyledLine {
    pub fn plain(text: &str) -> StyledLine {
        StyledLine {
            spans: vec![StyledSpan {
                text: text.to_owned(),
                style: TextStyle::default(),
            }],
        }
    }

    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// An article body laid out for the reader: styled lines with `[n]` link
/// markers, the numbered link list at the end, and the links by number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedBody {
    pub lines: Vec<StyledLine>,
    /// `links[n - 1]` is the target of `[n]`.
    pub links: Vec<String>,
}

/// Renders HTML with styles (bold, italic, code, quotes, headings) for the
/// reader. Pure and bounded: broken HTML falls back to plain text.
pub fn render_rich(html: &str, width: usize) -> RenderedBody {
    let width = width.clamp(20, 1000);
    let html = clean_text(html);
    if too_deep(&html) {
        return RenderedBody {
            lines: textwrap_plain(&crate::text::plaintext::html_to_text(&html), width),
            links: Vec::new(),
        };
    }
    let rendered = crate::contain::contain(|| {
        html2text::config::rich()
            .link_footnotes(true)
            .lines_from_read(html.as_bytes(), width)
    });
    let tagged = match rendered {
        Ok(Ok(lines)) => lines,
        _ => {
            let text = crate::text::plaintext::html_to_text(&html);
            return RenderedBody {
                lines: textwrap_plain(&text, width),
                links: Vec::new(),
            };
        }
    };
    let mut lines: Vec<StyledLine> = Vec::with_capacity(tagged.len());
    let mut links = Vec::new();
    for line in &tagged {
        let mut styled = StyledLine::default();
        for piece in line.tagged_strings() {
            let mut style = TextStyle::default();
            for annotation in &piece.tag {
                match annotation {
                    RichAnnotation::Strong => style.bold = true,
                    RichAnnotation::Emphasis => style.italic = true,
                    RichAnnotation::Code | RichAnnotation::Preformat(_) => style.code = true,
                    RichAnnotation::Link(_) => style.link = true,
                    RichAnnotation::Strikeout => style.strike = true,
                    _ => {}
                }
            }
            let text = crate::text::sanitize::clean_line_keep_spaces(&piece.s);
            if !text.is_empty() {
                styled.spans.push(StyledSpan { text, style });
            }
        }
        let text = styled.text();
        if text.starts_with('#') {
            // A heading shows as styled text, not behind "## ".
            strip_heading_marker(&mut styled);
            styled.spans.iter_mut().for_each(|s| s.style.heading = true);
        } else if text.starts_with('>') {
            styled.spans.iter_mut().for_each(|s| s.style.quote = true);
        }
        if let Some(target) = footnote_target(&text, links.len() + 1) {
            links.push(target);
        }
        lines.push(styled);
    }
    while lines.last().is_some_and(|l| l.text().trim().is_empty()) {
        lines.pop();
    }
    RenderedBody { lines, links }
}

/// Drops the "#" run and the space after it from a heading line's start.
fn strip_heading_marker(line: &mut StyledLine) {
    for span in &mut line.spans {
        let rest = span.text.trim_start_matches('#');
        let rest = rest.strip_prefix(' ').unwrap_or(rest).to_owned();
        let done = !rest.is_empty();
        span.text = rest;
        if done {
            break;
        }
    }
    line.spans.retain(|s| !s.text.is_empty());
}

/// `[n]: url` at the end of html2text output.
fn footnote_target(text: &str, expected: usize) -> Option<String> {
    let rest = text.strip_prefix(&format!("[{expected}]: "))?;
    Some(rest.trim().to_owned()).filter(|t| !t.is_empty())
}

fn textwrap_plain(text: &str, width: usize) -> Vec<StyledLine> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_ascii_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(StyledLine::plain(&current));
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(StyledLine::plain(&current));
    }
    lines
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
    fn rich_rendering_styles_text_and_collects_links() {
        let html = "<h2>Head</h2><p><b>Bold</b> and <em>soft</em> and <code>x()</code> \
                    <a href=\"https://example.org/a\">link</a></p><blockquote>quoted</blockquote>";
        let body = render_rich(html, 60);
        assert_eq!(body.links, vec!["https://example.org/a"]);
        let spans: Vec<&StyledSpan> = body.lines.iter().flat_map(|l| &l.spans).collect();
        let find = |t: &str| spans.iter().find(|s| s.text.contains(t)).unwrap().style;
        assert!(find("Head").heading);
        assert!(
            body.lines.iter().all(|l| !l.text().starts_with('#')),
            "{:?}",
            body.lines
        );
        assert!(find("Bold").bold);
        assert!(find("soft").italic);
        assert!(find("x()").code);
        assert!(find("link").link);
        assert!(find("quoted").quote);
    }

    #[test]
    fn escape_sequences_in_bodies_are_stripped() {
        let text = render_html("<p>a\u{1b}]52;c;eA==\u{7}b</p>", 40, RenderMode::Plain);
        assert_eq!(text, "ab\n");
    }
}
