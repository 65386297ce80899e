//! Fast HTML fragment -> plain text, for titles, the search index and the
//! topic index. Not for showing bodies: `render.rs` lays those out.
//!
//! It drops tags, comments, and the contents of `script`/`style`, decodes
//! entities, and folds whitespace. It is a linear scan, cheap enough to run
//! on every article of a refresh.

/// Plain text of an HTML fragment, whitespace folded to single spaces.
/// Control characters and escape sequences, raw or from entities such as
/// `&#x1b;`, are removed: the text may be shown.
pub fn html_to_text(html: &str) -> String {
    crate::text::sanitize::clean_text_owned(strip_tags(html))
}

fn strip_tags(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return fold_whitespace(html);
    }
    let mut raw = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        raw.push_str(&rest[..lt]);
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else {
            // A lone '<' is text.
            raw.push('<');
            rest = &after[1..];
            continue;
        };
        let tag = &after[1..gt];
        let name = tag_name(tag);
        rest = &after[gt + 1..];
        if (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style"))
            && !tag.starts_with('/')
        {
            rest = skip_past_close(rest, name);
        }
        if is_block(name) {
            raw.push(' ');
        }
    }
    raw.push_str(rest);
    let decoded = html_escape::decode_html_entities(&raw);
    fold_whitespace(&decoded)
}

fn tag_name(tag: &str) -> &str {
    let tag = tag.trim_start_matches('/');
    let end = tag
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    &tag[..end]
}

fn skip_past_close<'a>(rest: &'a str, name: &str) -> &'a str {
    let lower = rest.to_ascii_lowercase();
    let close = format!("</{}", name.to_ascii_lowercase());
    match lower.find(&close) {
        Some(pos) => rest[pos..].find('>').map_or("", |gt| &rest[pos + gt + 1..]),
        None => "",
    }
}

fn is_block(name: &str) -> bool {
    const BLOCKS: [&str; 22] = [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
        "section",
        "article",
        "figure",
        "figcaption",
        "hr",
    ];
    BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name))
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_entities_decode() {
        assert_eq!(
            html_to_text("<p>Tom &amp; Jerry&#8217;s <b>big</b>&nbsp;day</p><p>Next</p>"),
            "Tom & Jerry\u{2019}s big\u{a0}day Next"
        );
    }

    #[test]
    fn scripts_styles_and_comments_vanish() {
        let html = "a<script>var x = '<p>';</script>b<style>p{}</style>c<!-- hidden -->d";
        assert_eq!(html_to_text(html), "abcd");
    }

    #[test]
    fn block_tags_separate_words() {
        assert_eq!(html_to_text("one<br>two<li>three</li>"), "one two three");
    }

    #[test]
    fn broken_markup_does_not_panic() {
        assert_eq!(html_to_text("a < b and <unclosed"), "a < b and <unclosed");
        assert_eq!(html_to_text("<script>never closed"), "");
        assert_eq!(html_to_text("<!-- open"), "");
    }
}
