//! Repairs on decoded feed text, so feed-rs reads what a forgiving reader
//! should: the XML declaration dropped, unknown RSS versions, roots without
//! a channel, old namespaces and bare ampersands.

use std::borrow::Cow;

/// The decoded text with every repair below applied, in order. A feed
/// that needs none is handed back as it came: not one byte copied.
pub(super) fn repair(mut text: String) -> String {
    drop_xml_declaration(&mut text);
    let text = then(text, fix_rss_version);
    let text = then(text, fix_root_shape);
    let text = then(text, upgrade_namespaces);
    then(text, escape_bare_ampersands)
}

/// `text` after `step`: the step's new text if it made one, else `text`.
fn then(text: String, step: impl FnOnce(&str) -> Cow<'_, str>) -> String {
    let changed = match step(&text) {
        Cow::Owned(new) => Some(new),
        Cow::Borrowed(_) => None,
    };
    changed.unwrap_or(text)
}

/// Old namespaces for formats feed-rs reads under their newer names: Atom
/// 0.3 is close enough to Atom 1.0, RSS 0.90 to RSS 1.0.
fn upgrade_namespaces(text: &str) -> Cow<'_, str> {
    const UPGRADES: [(&str, &str); 2] = [
        ("http://purl.org/atom/ns#", "http://www.w3.org/2005/Atom"),
        (
            "http://my.netscape.com/rdf/simple/0.9/",
            "http://purl.org/rss/1.0/",
        ),
    ];
    // Atom 0.3 names content kinds by MIME type; 1.0 by keyword.
    const ATOM_03_TYPES: [(&str, &str); 3] = [
        ("type=\"application/xhtml+xml\"", "type=\"xhtml\""),
        ("type=\"text/html\"", "type=\"html\""),
        ("type=\"text/plain\"", "type=\"text\""),
    ];
    // Namespaces are declared on the root element, near the top.
    let mut head = text.len().min(8192);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    if !UPGRADES.iter().any(|(old, _)| text[..head].contains(old)) {
        return Cow::Borrowed(text);
    }
    let mut text = text.to_owned();
    for (old, new) in UPGRADES {
        if text.contains(old) {
            text = text.replace(&format!("\"{old}\""), &format!("\"{new}\""));
            if old == UPGRADES[0].0 {
                for (from, to) in ATOM_03_TYPES {
                    text = text.replace(from, to);
                }
            }
        }
    }
    Cow::Owned(text)
}

/// Shapes feed-rs cannot read but a forgiving reader should: `<rss>` with
/// its items straight inside (no `<channel>`), and Microsoft's CDF
/// (`<CHANNEL>`/`<ITEM>`/`<ABSTRACT>`), which maps onto RSS.
fn fix_root_shape(text: &str) -> Cow<'_, str> {
    let Some(start) = root_start(text) else {
        return Cow::Borrowed(text);
    };
    let rest = &text[start..];
    let Some(tag_end) = rest.find('>') else {
        return Cow::Borrowed(text);
    };
    let name = tag_name_of(&rest[1..tag_end]);
    if name == "rss" && !rest.contains("<channel") && !rest[..tag_end].ends_with('/') {
        let Some(close) = rest.rfind("</rss") else {
            return Cow::Borrowed(text);
        };
        return Cow::Owned(format!(
            "{}{}<channel>{}</channel>{}",
            &text[..start],
            &rest[..tag_end + 1],
            &rest[tag_end + 1..close],
            &rest[close..]
        ));
    }
    if name.eq_ignore_ascii_case("channel") {
        let mut body = rest.to_owned();
        for (cdf, rss) in [
            ("CHANNEL", "channel"),
            ("ITEM", "item"),
            ("ABSTRACT", "description"),
            ("TITLE", "title"),
        ] {
            body = body
                .replace(&format!("<{cdf}"), &format!("<{rss}"))
                .replace(&format!("</{cdf}>"), &format!("</{rss}>"));
        }
        return Cow::Owned(format!(
            "{}<rss version=\"2.0\">{body}</rss>",
            &text[..start]
        ));
    }
    Cow::Borrowed(text)
}

fn tag_name_of(tag: &str) -> &str {
    let end = tag
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    &tag[..end]
}

/// Removes `<?xml …?>` wherever it sits before the root element: we have
/// decoded already, and a comment before it makes the XML ill-formed.
/// In place: the text after it moves up, nothing is allocated.
fn drop_xml_declaration(text: &mut String) {
    let prolog_end = root_start(text).unwrap_or(text.len());
    let Some(start) = text[..prolog_end].find("<?xml") else {
        return;
    };
    if let Some(len) = text[start..].find("?>") {
        text.replace_range(start..start + len + 2, "");
    }
}

/// Byte offset of the root element's `<`, skipping declarations,
/// processing instructions, comments and the doctype.
fn root_start(text: &str) -> Option<usize> {
    let mut pos = 0;
    while let Some(found) = text[pos..].find('<') {
        let at = pos + found;
        let rest = &text[at..];
        if rest.starts_with("<?") {
            pos = at + rest.find("?>")? + 2;
        } else if rest.starts_with("<!--") {
            pos = at + rest.find("-->")? + 3;
        } else if rest.starts_with("<!") {
            pos = at + rest.find('>')? + 1;
        } else {
            return Some(at);
        }
    }
    None
}

/// feed-rs only knows RSS "0.91", "0.92" and "2.0"; 0.93, 0.94, 2.01 or a
/// missing version are the same format in practice.
fn fix_rss_version(text: &str) -> Cow<'_, str> {
    let Some(start) = root_start(text) else {
        return Cow::Borrowed(text);
    };
    let rest = &text[start..];
    let is_rss = rest.starts_with("<rss")
        && rest[4..]
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || c == '>');
    if !is_rss {
        return Cow::Borrowed(text);
    }
    let Some(tag_len) = rest.find('>') else {
        return Cow::Borrowed(text);
    };
    let tag = &rest[..tag_len];
    let version = attribute(tag, "version");
    if matches!(version.as_deref(), Some("2.0" | "0.91" | "0.92")) {
        return Cow::Borrowed(text);
    }
    let new_tag = match version_span(tag) {
        Some((a, b)) => format!("{}\"2.0\"{}", &tag[..a], &tag[b..]),
        None => format!("<rss version=\"2.0\"{}", &tag[4..]),
    };
    Cow::Owned(format!("{}{}{}", &text[..start], new_tag, &rest[tag_len..]))
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let (a, b) = attribute_value_span(tag, name)?;
    Some(tag[a + 1..b - 1].to_owned())
}

fn version_span(tag: &str) -> Option<(usize, usize)> {
    attribute_value_span(tag, "version")
}

/// Span of a quoted attribute value, quotes included.
fn attribute_value_span(tag: &str, name: &str) -> Option<(usize, usize)> {
    let mut search = 0;
    while let Some(found) = tag[search..].find(name) {
        let at = search + found;
        let before_ok = tag[..at].ends_with(|c: char| c.is_whitespace());
        let after = &tag[at + name.len()..];
        let trimmed = after.trim_start();
        if before_ok && let Some(value) = trimmed.strip_prefix('=') {
            let value_trim = value.trim_start();
            let quote = value_trim.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value_start = tag.len() - value_trim.len();
                let close = value_trim[1..].find(quote)?;
                return Some((value_start, value_start + close + 2));
            }
        }
        search = at + name.len();
    }
    None
}

/// Bare `&` (not starting an entity or character reference) is the most
/// common ill-formedness in real feeds; escape it so the rest can parse.
/// A feed without one (most: escaped HTML is all references) is not copied.
fn escape_bare_ampersands(text: &str) -> Cow<'_, str> {
    let mut bare = BareAmpersands::new(text).peekable();
    if bare.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for at in bare {
        out.push_str(&text[pos..at]);
        out.push_str("&amp;");
        pos = at + 1;
    }
    out.push_str(&text[pos..]);
    Cow::Owned(out)
}

/// The offsets of the bare `&`s of a text, outside CDATA sections.
struct BareAmpersands<'a> {
    text: &'a str,
    pos: usize,
    /// Where the next CDATA section starts, searched once per section (a
    /// search per '&' would be quadratic on escaped HTML).
    next_cdata: Option<usize>,
}

impl<'a> BareAmpersands<'a> {
    fn new(text: &'a str) -> BareAmpersands<'a> {
        let next_cdata = text.contains('&').then(|| text.find("<![CDATA[")).flatten();
        BareAmpersands {
            text,
            pos: 0,
            next_cdata,
        }
    }
}

impl Iterator for BareAmpersands<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let text = self.text;
        while let Some(found) = text[self.pos..].find('&') {
            let at = self.pos + found;
            if let Some(c) = self.next_cdata.filter(|&c| c < at) {
                // Skip the CDATA section: '&' is literal there.
                self.pos = text[c..].find("]]>").map_or(text.len(), |e| c + e + 3);
                self.next_cdata = text[self.pos..].find("<![CDATA[").map(|n| self.pos + n);
                continue;
            }
            self.pos = at + 1;
            if !starts_reference(&text[at + 1..]) {
                return Some(at);
            }
        }
        self.pos = text.len();
        None
    }
}

fn starts_reference(after: &str) -> bool {
    let end = match after.find(';') {
        Some(end) if end <= 32 => end,
        _ => return false,
    };
    let name = &after[..end];
    if let Some(num) = name.strip_prefix('#') {
        return match num.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()),
        };
    }
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use crate::feeds::parse::decode::normalise;

    #[test]
    fn comment_before_declaration_is_tolerated() {
        let text = "<!-- note --><?xml version=\"1.0\"?><feed/>";
        assert_eq!(normalise(text.as_bytes(), None), "<!-- note --><feed/>");
    }

    #[test]
    fn unknown_rss_versions_become_2_0() {
        assert_eq!(
            normalise(b"<rss version=\"0.93\"><channel/></rss>", None),
            "<rss version=\"2.0\"><channel/></rss>"
        );
        assert_eq!(
            normalise(b"<rss><channel/></rss>", None),
            "<rss version=\"2.0\"><channel/></rss>"
        );
    }

    #[test]
    fn bare_ampersands_are_escaped_but_references_kept() {
        assert_eq!(
            normalise(b"<t>A & B &amp; C &#38; &#x26; &copy</t>", None),
            "<t>A &amp; B &amp; C &#38; &#x26; &amp;copy</t>"
        );
    }

    #[test]
    fn ampersands_inside_cdata_are_left_alone() {
        assert_eq!(
            normalise(b"<t><![CDATA[a & b]]> & c</t>", None),
            "<t><![CDATA[a & b]]> &amp; c</t>"
        );
    }

    #[test]
    fn rss_without_channel_gets_one() {
        assert_eq!(
            normalise(
                b"<rss version=\"2.0\"><item><title>x</title></item></rss>",
                None
            ),
            "<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss>"
        );
    }

    #[test]
    fn atom_0_3_namespace_is_upgraded() {
        assert_eq!(
            normalise(
                b"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"/>",
                None
            ),
            "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\"/>"
        );
    }
}
