//! Feed bytes -> [`ParsedFeed`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed via
//! feed-rs. Never panics on bad input, and every text it returns is
//! sanitised for the terminal.
//!
//! `decode` (with `repair`) turns bytes into text feed-rs reads, `convert`
//! maps feed-rs's model onto ours, `limits` caps each item and `identity`
//! says which items are the same article.

mod convert;
mod decode;
mod identity;
mod limits;
mod repair;

use feed_rs::model::Feed;

pub use decode::charset_of;
pub use identity::identity;
pub use limits::{MAX_ITEMS, cap_fields};

use crate::contain::contain;
use crate::model::ParsedFeed;
use crate::text::sanitize::clean_line;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("empty response: no feed")]
    Empty,
    #[error("not a feed (an HTML page; try `tidings add` with its address to find its feed)")]
    HtmlPage,
    #[error("not a feed: {0}")]
    NotAFeed(String),
    #[error("feed parser crashed on this input: {0}")]
    Crashed(String),
}

/// Parses a feed. `content_type` is the HTTP header (its charset overrules
/// the XML declaration); `base_url` resolves relative links.
pub fn parse_feed(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
) -> Result<ParsedFeed, ParseError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::Empty);
    }
    let charset = content_type.and_then(charset_of);
    let text = decode::normalise(bytes, charset);
    let text = fix_json_feed_version(text);
    let mut parsed = run_feed_rs(&text, base_url)?;
    // One text construct with an odd MIME type (e.g. base64 titles) makes
    // feed-rs drop the whole feed; read such values as plain text instead.
    if let Err(feed_rs::parser::ParseFeedError::ParseError(
        feed_rs::parser::ParseErrorKind::UnknownMimeType { mime, .. },
    )) = &parsed
    {
        let relaxed = text
            .replace(&format!("type=\"{mime}\""), "type=\"text\"")
            .replace(&format!("type='{mime}'"), "type=\"text\"");
        parsed = run_feed_rs(&relaxed, base_url)?;
    }
    match parsed {
        Ok(feed) => Ok(convert::convert(feed, base_url)),
        Err(err) if looks_like_html(&text) => {
            let _ = err;
            Err(ParseError::HtmlPage)
        }
        Err(err) => Err(ParseError::NotAFeed(clean_line(&err.to_string()))),
    }
}

/// JSON Feeds in the wild often say `"version": "1.1"` instead of the
/// version URL that feed-rs requires.
fn fix_json_feed_version(text: String) -> String {
    if !text.trim_start().starts_with('{') || !has_short_version(&text) {
        return text;
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return text;
    };
    let Some(version) = value.get("version").and_then(|v| v.as_str()) else {
        return text;
    };
    let url = match version.trim() {
        "1" | "1.0" => "https://jsonfeed.org/version/1",
        "1.1" => "https://jsonfeed.org/version/1.1",
        _ => return text,
    };
    value["version"] = serde_json::Value::String(url.to_owned());
    serde_json::to_string(&value).unwrap_or(text)
}

/// A cheap look for `"version": "1.x"` anywhere (the rewrite below parses
/// and prints the whole feed, so it runs only when it may be needed).
fn has_short_version(text: &str) -> bool {
    text.match_indices("\"version\"").any(|(at, key)| {
        let rest = text[at + key.len()..].trim_start();
        let Some(value) = rest.strip_prefix(':').map(str::trim_start) else {
            return false;
        };
        let value = value.strip_prefix('"').unwrap_or("");
        let end = value.find('"').unwrap_or(0);
        matches!(value[..end].trim(), "1" | "1.0" | "1.1")
    })
}

fn run_feed_rs(
    text: &str,
    base_url: Option<&str>,
) -> Result<feed_rs::parser::ParseFeedResult<Feed>, ParseError> {
    contain(|| {
        feed_rs::parser::Builder::new()
            .base_uri(base_url)
            // We assign identities ourselves (guid, else link, else hash).
            .id_generator(|_, _, _| String::new())
            .sanitize_content(false)
            .build()
            .parse(text.as_bytes())
    })
    .map_err(|p| ParseError::Crashed(p.0))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test &amp; Co</title><link>https://example.org/</link>
<item><title>First</title><link>https://example.org/1</link><guid>g1</guid>
<pubDate>Mon, 16 Nov 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;</description>
<category>World</category><category>World</category></item>
<item><title>No guid</title><link>/2</link><pubDate>not a date</pubDate></item>
<item><title>Nothing</title><description>text only</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles_with_identity_rules() {
        let feed = parse_feed(RSS.as_bytes(), None, Some("https://example.org/feed")).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Test & Co"));
        assert_eq!(feed.articles.len(), 3);
        let first = &feed.articles[0];
        assert_eq!(first.key, "guid:g1");
        assert_eq!(first.published, Some(1_794_823_200));
        assert_eq!(first.categories, vec!["World"]);
        assert_eq!(first.content.as_deref(), Some("<p>Hello &amp; bye</p>"));
        assert_eq!(feed.articles[1].key, "link:https://example.org/2");
        assert_eq!(
            feed.articles[1].published, None,
            "broken date is not an error"
        );
        assert!(feed.articles[2].key.starts_with("hash:"));
    }

    #[test]
    fn escape_sequences_in_titles_are_stripped() {
        let rss = "<rss version=\"2.0\"><channel><title>Evil\u{1b}]52;c;aGk=\u{7} feed</title>\
                   <item><title>x\u{1b}[2Jy</title><guid>1</guid></item></channel></rss>";
        let feed = parse_feed(rss.as_bytes(), None, None).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Evil feed"));
        assert_eq!(feed.articles[0].title, "xy");
    }

    #[test]
    fn html_page_gets_a_clear_error() {
        let html = b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>";
        assert_eq!(parse_feed(html, None, None), Err(ParseError::HtmlPage));
    }

    #[test]
    fn empty_input_is_an_error() {
        assert_eq!(parse_feed(b"  \n", None, None), Err(ParseError::Empty));
    }

    #[test]
    fn json_feed_with_a_short_version_parses() {
        for version in ["\"1.1\"", "\"1\"", " \"1.0\" "] {
            let json = format!(
                r#"{{"version" :{version},"title":"J","items":[{{"id":"1","title":"Hi"}}]}}"#
            );
            let feed = parse_feed(json.as_bytes(), None, None).unwrap();
            assert_eq!(feed.articles[0].title, "Hi", "{json}");
        }
        assert!(!has_short_version(
            r#"{"version":"https://jsonfeed.org/version/1.1"}"#
        ));
    }

    #[test]
    fn json_feed_parses() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J",
            "items":[{"id":"1","title":"Hi","content_html":"<p>Body</p>","url":"https://e.org/1",
            "date_published":"2026-11-16T10:00:00Z","tags":["a"]}]}"#;
        let feed = parse_feed(json.as_bytes(), None, None).unwrap();
        assert_eq!(feed.articles[0].key, "guid:1");
        assert_eq!(feed.articles[0].content.as_deref(), Some("<p>Body</p>"));
        assert_eq!(feed.articles[0].categories, vec!["a"]);
    }
}
