//! feed-rs's model -> our [`ParsedFeed`]: titles, links, bodies, authors,
//! dates and categories of each entry, sanitised for the terminal, with
//! relative links resolved.

use feed_rs::model::{Entry, Feed};

use super::identity::identity;
use super::limits::{MAX_ITEMS, cap_fields};
use crate::model::{Enclosure, NewArticle, ParsedFeed};
use crate::text::plaintext::html_to_text;
use crate::text::sanitize::{clean_line, clean_text, clean_text_owned};

/// The feed's title, site link and (at most [`MAX_ITEMS`], capped) articles.
pub(super) fn convert(feed: Feed, base_url: Option<&str>) -> ParsedFeed {
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
    let enclosures = enclosures(&entry, entry.base.as_deref().or(base_url));
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
        enclosures,
    }
}

/// Attached media: RSS `<enclosure>` and Media RSS content (feed-rs reads
/// both into `media`), and Atom `rel="enclosure"` links; http(s) only,
/// each once, at most a few.
fn enclosures(entry: &Entry, base_url: Option<&str>) -> Vec<Enclosure> {
    let media = entry.media.iter().flat_map(|m| &m.content).filter_map(|c| {
        let url = c.url.as_ref()?.to_string();
        Some((url, c.content_type.as_ref().map(|t| t.to_string()), c.size))
    });
    let links = entry
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("enclosure"))
        .map(|l| (resolve(&l.href, base_url), l.media_type.clone(), l.length));
    let mut found: Vec<Enclosure> = Vec::new();
    for (url, mime, length) in media.chain(links) {
        let url = clean_line(url.trim());
        let web = url::Url::parse(&url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if web && !found.iter().any(|e| e.url == url) && found.len() < MAX_ENCLOSURES {
            found.push(Enclosure {
                url,
                mime: mime.map(|m| clean_line(&m)).filter(|m| !m.is_empty()),
                length: length.filter(|l| *l > 0),
            });
        }
    }
    found
}

/// Enclosures of one article, at most.
const MAX_ENCLOSURES: usize = 8;

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
