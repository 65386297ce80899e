//! Feed bytes -> [`ParsedFeed`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed via
//! feed-rs. Never panics on bad input, and every text it returns is
//! sanitised for the terminal.

mod decode;

use feed_rs::model::{Entry, Feed};
use sha2::{Digest, Sha256};

pub use decode::charset_of;

use crate::contain::contain;
use crate::model::{NewArticle, ParsedFeed};
use crate::text::plaintext::html_to_text;
use crate::text::sanitize::{clean_line, clean_text, clean_text_owned};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("empty response: no feed")]
    Empty,
    #[error("not a feed: got an HTML page (is the URL the site rather than its feed?)")]
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
        Ok(feed) => Ok(convert(feed, base_url)),
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
    .map_err(ParseError::Crashed)
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

fn convert(feed: Feed, base_url: Option<&str>) -> ParsedFeed {
    let title = feed
        .title
        .as_ref()
        .map(|t| clean_line(&html_to_text(&t.content)))
        .filter(|t| !t.is_empty());
    let site_link = pick_link(&feed.links).map(|l| clean_line(&l));
    let articles = feed
        .entries
        .into_iter()
        .take(MAX_ITEMS)
        .map(|entry| cap_fields(convert_entry(entry, base_url)))
        .collect();
    ParsedFeed {
        title,
        site_link,
        articles,
    }
}

fn convert_entry(mut entry: Entry, base_url: Option<&str>) -> NewArticle {
    let guid = Some(entry.id.trim())
        .filter(|id| !id.is_empty())
        .map(clean_line);
    let link = pick_link(&entry.links)
        .map(|href| resolve(&href, entry.base.as_deref().or(base_url)))
        .map(|l| clean_line(&l))
        .filter(|l| !l.is_empty());
    let title = entry
        .title
        .as_ref()
        .map(|t| clean_line(&html_to_text(&t.content)))
        .unwrap_or_default();
    let summary = entry
        .summary
        .take()
        .map(|s| clean_text_owned(s.content))
        .filter(|s| !s.trim().is_empty());
    let content_body = entry
        .content
        .take()
        .and_then(|c| c.body)
        .map(clean_text_owned)
        .filter(|s| !s.trim().is_empty());
    let media_text = entry
        .media
        .iter()
        .find_map(|m| m.description.as_ref())
        .map(|d| clean_text(&d.content))
        .filter(|s| !s.trim().is_empty());
    // The summary is kept apart only when there is a fuller body; otherwise
    // it is the body, stored once.
    let (summary, content) = match content_body {
        Some(body) => (summary, Some(body)),
        None => (None, summary.or(media_text)),
    };
    let author = Some(
        entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref().map(clean_line).filter(|n| !n.is_empty()))
            .collect::<Vec<_>>()
            .join(", "),
    )
    .filter(|a| !a.is_empty());
    let published = entry
        .published
        .or(entry.updated)
        .map(|date| date.timestamp());
    let mut categories: Vec<String> = Vec::new();
    for category in &entry.categories {
        let name = clean_line(category.label.as_deref().unwrap_or(&category.term));
        if !name.is_empty() && !categories.contains(&name) {
            categories.push(name);
        }
    }
    let key = identity(guid.as_deref(), link.as_deref(), &title, content.as_deref());
    NewArticle {
        key,
        guid,
        link,
        title,
        author,
        published,
        summary,
        content,
        categories,
    }
}

/// Items read from one feed: real feeds carry tens or hundreds; a feed of
/// a million tiny items is an attack on the database.
pub const MAX_ITEMS: usize = 10_000;

/// Longest fields kept, in bytes; longer ones are cut (on a character
/// boundary). Bodies stay generous: some feeds carry whole long reads.
const MAX_LINE: usize = 2_048;
const MAX_LINK: usize = 8_192;
const MAX_BODY: usize = 2 << 20;
const MAX_CATEGORIES: usize = 50;

fn cap_fields(mut article: NewArticle) -> NewArticle {
    cut(&mut article.title, MAX_LINE);
    for field in [&mut article.author, &mut article.guid] {
        if let Some(value) = field.as_mut() {
            cut(value, MAX_LINE);
        }
    }
    // A link cut short would lead somewhere else: too long, it goes.
    if article.link.as_ref().is_some_and(|l| l.len() > MAX_LINK) {
        article.link = None;
    }
    for body in [&mut article.summary, &mut article.content] {
        if let Some(value) = body.as_mut() {
            cut(value, MAX_BODY);
        }
    }
    article.categories.truncate(MAX_CATEGORIES);
    for category in &mut article.categories {
        cut(category, MAX_LINE);
    }
    article
}

fn cut(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// Article identity within a feed: the guid, else the link, else a hash of
/// title and body text. Stable across refreshes, so nothing is stored twice.
pub fn identity(guid: Option<&str>, link: Option<&str>, title: &str, body: Option<&str>) -> String {
    if let Some(guid) = guid {
        return format!("guid:{guid}");
    }
    if let Some(link) = link {
        return format!("link:{link}");
    }
    // The text, not the markup: a feed that reformats its HTML keeps its
    // items.
    let text = body.map(html_to_text).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("hash:{hex}")
}

/// The article's own page: an `alternate` (or unlabelled) link first.
fn pick_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| links.first())
        .map(|l| l.href.trim().to_owned())
        .filter(|h| !h.is_empty())
}

fn resolve(href: &str, base: Option<&str>) -> String {
    if url::Url::parse(href).is_ok() {
        return href.to_owned();
    }
    base.and_then(|b| url::Url::parse(b).ok())
        .and_then(|b| b.join(href).ok())
        .map(|u| u.to_string())
        .unwrap_or_else(|| href.to_owned())
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
    fn huge_feeds_and_fields_are_capped() {
        let mut rss = String::from("<rss version=\"2.0\"><channel><title>t</title>");
        rss.push_str(&format!(
            "<item><title>{}</title><guid>big</guid><author>{}</author><link>https://e.org/{}</link>\
             <description>{}</description>{}</item>",
            "é".repeat(5_000),
            "a".repeat(5_000),
            "x".repeat(10_000),
            "b".repeat(3 << 20),
            (0..80)
                .map(|i| format!("<category>c{i}</category>"))
                .collect::<String>()
        ));
        for i in 0..MAX_ITEMS + 5 {
            rss.push_str(&format!("<item><title>{i}</title><guid>{i}</guid></item>"));
        }
        rss.push_str("</channel></rss>");
        let feed = parse_feed(rss.as_bytes(), None, None).unwrap();
        assert_eq!(feed.articles.len(), MAX_ITEMS);
        let big = &feed.articles[0];
        assert!(big.title.len() <= MAX_LINE && big.title.starts_with('é'));
        assert!(big.author.as_ref().unwrap().len() <= MAX_LINE);
        assert_eq!(big.link, None);
        assert_eq!(big.content.as_ref().unwrap().len(), MAX_BODY);
        assert_eq!(big.categories.len(), MAX_CATEGORIES);
    }

    #[test]
    fn identity_hash_is_stable() {
        assert_eq!(
            identity(None, None, "t", Some("<p>x</p>")),
            identity(None, None, "t", Some("x"))
        );
        assert_ne!(
            identity(None, None, "t", Some("x")),
            identity(None, None, "t", Some("y"))
        );
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
