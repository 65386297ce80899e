//! Finding the feeds of a web page, for `tidings add` and the reader's `a`:
//! a URL that is a feed is taken as it is; a page is searched for its
//! `<link rel="alternate">` feeds, then the usual paths of its site are
//! tried. Every candidate is fetched and parsed, so only real feeds are
//! offered, each with its own title.

use std::collections::HashSet;

use url::Url;

use super::fetch::{FetchError, Fetcher};
use super::parse::{ParseError, parse_feed};
use crate::text::extract::decode_page;
use crate::text::sanitize::clean_line;

/// A feed found for the URL the user gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: String,
    /// The feed's own title, when it has one.
    pub title: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("not a web address: {0} (give an http or https URL)")]
    NotHttp(String),
    #[error("{url}: {error}")]
    Fetch { url: String, error: FetchError },
    #[error(
        "{0}: no feed found (the page names none with <link rel=\"alternate\">, \
         and none of the usual feed paths answers with one)"
    )]
    NoFeed(String),
    #[error("{url}: not a feed and not a web page: {error}")]
    NotAFeed { url: String, error: ParseError },
}

/// Feed types a page's `<link rel="alternate">` may announce.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
];

/// Where sites usually keep their feed, tried when the page names none.
const USUAL_PATHS: &[&str] = &[
    "/feed",
    "/rss",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/feed/",
    "/index.rss",
];

/// At most this many candidates are checked.
const MAX_CANDIDATES: usize = 12;

/// Reads `input` as a web address: `example.org` means `https://example.org/`.
pub fn web_address(input: &str) -> Result<Url, DiscoverError> {
    let input = input.trim();
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        format!("https://{input}")
    };
    match Url::parse(&with_scheme) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(url),
        _ => Err(DiscoverError::NotHttp(clean_line(input))),
    }
}

/// The feeds at `input`: the URL itself when it is a feed, else the feeds
/// its page links to, else those at the usual paths of its site.
pub async fn discover(fetcher: &Fetcher, input: &str) -> Result<Vec<Candidate>, DiscoverError> {
    let url = web_address(input)?;
    let page = fetcher
        .fetch_page(url.as_str())
        .await
        .map_err(|error| DiscoverError::Fetch {
            url: url.to_string(),
            error,
        })?;
    let content_type = page.content_type.as_deref();
    match parse_feed(&page.bytes, content_type, Some(&page.final_url)) {
        Ok(feed) => {
            return Ok(vec![Candidate {
                url: url.to_string(),
                title: feed.title,
            }]);
        }
        Err(ParseError::HtmlPage) => {}
        Err(error) => {
            return Err(DiscoverError::NotAFeed {
                url: url.to_string(),
                error,
            });
        }
    }
    let base = Url::parse(&page.final_url).unwrap_or(url.clone());
    let html = decode_page(&page.bytes, content_type);
    let linked = linked_feeds(&html, &base);
    let candidates = if linked.is_empty() {
        usual_paths(&base)
    } else {
        linked
    };
    let found = check_all(fetcher, candidates).await;
    if found.is_empty() {
        return Err(DiscoverError::NoFeed(url.to_string()));
    }
    Ok(found)
}

/// The feeds a page announces with `<link rel="alternate" type=…>`, in
/// page order, resolved against `base`, http(s) only, each once.
pub fn linked_feeds(html: &str, base: &Url) -> Vec<String> {
    let document = dom_query::Document::from(html);
    let mut seen = HashSet::new();
    let mut feeds = Vec::new();
    for link in document.select("link[href]").iter() {
        let rel = link.attr("rel").map(|r| r.to_ascii_lowercase());
        if !rel.is_some_and(|r| r.split_ascii_whitespace().any(|w| w == "alternate")) {
            continue;
        }
        let kind = link.attr("type").map(|t| t.trim().to_ascii_lowercase());
        if !kind.is_some_and(|t| FEED_TYPES.contains(&t.as_str())) {
            continue;
        }
        let Some(href) = link.attr("href") else {
            continue;
        };
        let Ok(resolved) = base.join(href.trim()) else {
            continue;
        };
        if matches!(resolved.scheme(), "http" | "https") && seen.insert(resolved.to_string()) {
            feeds.push(resolved.to_string());
        }
    }
    feeds.truncate(MAX_CANDIDATES);
    feeds
}

/// The usual feed addresses on the site of `base`.
fn usual_paths(base: &Url) -> Vec<String> {
    USUAL_PATHS
        .iter()
        .filter_map(|path| base.join(path).ok())
        .map(|u| u.to_string())
        .collect()
}

/// Fetches every candidate at once and keeps those that parse as feeds,
/// in the candidates' order.
async fn check_all(fetcher: &Fetcher, candidates: Vec<String>) -> Vec<Candidate> {
    let checks = candidates.into_iter().map(|url| {
        let fetcher = fetcher.clone();
        tokio::spawn(async move {
            let page = fetcher.fetch_page(&url).await.ok()?;
            let feed = parse_feed(
                &page.bytes,
                page.content_type.as_deref(),
                Some(&page.final_url),
            )
            .ok()?;
            Some(Candidate {
                url,
                title: feed.title,
            })
        })
    });
    let handles: Vec<_> = checks.collect();
    let mut found = Vec::new();
    for handle in handles {
        if let Ok(Some(candidate)) = handle.await
            && !found.iter().any(|c: &Candidate| c.url == candidate.url)
        {
            found.push(candidate);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_names_its_feeds_with_link_alternate() {
        let base = Url::parse("https://news.example.org/world/").unwrap();
        let html = r#"<html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="World" href="/world/rss.xml">
            <link rel="Alternate" type="application/atom+xml" href="atom.xml">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/rss+xml" href="/world/rss.xml">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            </head><body></body></html>"#;
        assert_eq!(
            linked_feeds(html, &base),
            [
                "https://news.example.org/world/rss.xml",
                "https://news.example.org/world/atom.xml"
            ]
        );
    }

    #[test]
    fn a_bare_host_is_an_https_address_and_other_schemes_are_refused() {
        assert_eq!(
            web_address("example.org").unwrap().as_str(),
            "https://example.org/"
        );
        assert!(web_address("file:///etc/passwd").is_err());
        assert!(web_address("javascript:alert(1)").is_err());
    }
}
