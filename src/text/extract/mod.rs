//! Web page -> the article alone: main content found by dom_smoothie (a
//! Readability port, measured best on the extraction benchmark), then our
//! clean-up rules (`cleanup.rs` and the rooms it calls) for what it keeps
//! that a reader does not want. Pure: fetching the page happens elsewhere.

mod captions;
mod classes;
mod cleanup;
mod decode;
mod lines;
mod links;
mod listing;
mod meta;

pub use decode::{charset_of, decode_page};
pub use meta::PageMeta;

use crate::contain::contain;

/// Pages nested deeper than this are refused: no news article needs it,
/// and deep trees are how hostile pages exhaust a parser's stack.
pub const MAX_DEPTH: usize = 1_500;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("no article found on this page")]
    NoArticle,
    #[error("the page nests elements more than {MAX_DEPTH} deep; refusing to extract it")]
    TooDeep,
    #[error("the extractor crashed on this page: {0}")]
    Crashed(String),
}

/// An extracted article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    /// The article's HTML, cleaned, links absolute.
    pub html: String,
    /// The article as plain text, one paragraph a line.
    pub text: String,
    /// The lead image's absolute URL (shown as a link, never fetched
    /// unasked) and the page's language.
    pub image: Option<String>,
    pub lang: Option<String>,
}

impl Extracted {
    /// What the store keeps of an extracted page.
    pub fn into_full_text(self) -> crate::model::FullText {
        crate::model::FullText {
            html: self.html,
            byline: self.byline,
            site: self.site_name,
            image: self.image,
            lang: self.lang,
        }
    }
}

/// Extracts the article from a page's HTML; `url` resolves relative links.
pub fn extract(html: &str, url: Option<&str>) -> Result<Extracted, ExtractError> {
    extract_page(html, url).map(|(article, _)| article)
}

/// The article and the metadata a reader shows beside it (lead image,
/// language and the rest, for `--json` and the reader's header).
pub fn extract_page(html: &str, url: Option<&str>) -> Result<(Extracted, PageMeta), ExtractError> {
    if nesting_depth(html) > MAX_DEPTH {
        return Err(ExtractError::TooDeep);
    }
    let article = contain(|| {
        let config = dom_smoothie::Config {
            text_mode: dom_smoothie::TextMode::Formatted,
            // Class names tell captions, bylines and share bars apart;
            // the clean-up removes them after use.
            keep_classes: true,
            ..Default::default()
        };
        dom_smoothie::Readability::new(html, url, Some(config)).and_then(|mut r| r.parse())
    })
    .map_err(|p| ExtractError::Crashed(p.0))?
    .map_err(|_| ExtractError::NoArticle)?;
    let (html, text) = contain(|| cleanup::clean(&article.content, &article.title))
        .map_err(|p| ExtractError::Crashed(p.0))?;
    if text.trim().is_empty() {
        return Err(ExtractError::NoArticle);
    }
    let text = crate::text::sanitize::clean_text(&text);
    let meta = contain(|| meta::page_meta(&article, &text, url))
        .map_err(|p| ExtractError::Crashed(p.0))?;
    let extracted = Extracted {
        title: meta.title.clone(),
        byline: meta.byline.clone(),
        published: meta.published.clone(),
        site_name: meta.site_name.clone(),
        html,
        text,
        image: meta.image.clone(),
        lang: meta.lang.clone(),
    };
    Ok((extracted, meta))
}

/// The deepest element nesting in the page, counted from its tags without
/// building a tree (void elements and self-closing tags do not nest).
pub fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "!doctype",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let Some(&next) = bytes.get(i) else { break };
        if next == b'!' || next == b'?' {
            continue;
        }
        let closing = next == b'/';
        let start = if closing { i + 1 } else { i };
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| start + p);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let tag_end = bytes[end..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| end + p);
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            max = max.max(depth);
            if name == "script" || name == "style" {
                // Their text is not markup.
                let close = format!("</{name}");
                let rest = html[tag_end.min(html.len())..].to_ascii_lowercase();
                if let Some(p) = rest.find(&close) {
                    i = tag_end + p;
                    continue;
                }
            }
        }
        i = tag_end.min(bytes.len());
    }
    max
}

#[cfg(test)]
mod tests;
