//! `extract`: the readable article of any page, and `show --full`.

use std::path::Path;

use anyhow::Result;

use super::{print, print_json};
use crate::config::Settings;
use crate::feeds::fulltext::{fetch_article, fetch_html, read_article, read_html};
use crate::text::extract::Extracted;
use crate::text::render::{RenderMode, render_html};
use crate::text::sanitize::clean_line;

pub(super) fn extract(settings: &Settings, target: &str, plain: bool, width: usize) -> Result<()> {
    let is_url = target.starts_with("http://") || target.starts_with("https://");
    let article = if is_url {
        fetch_article(settings, target)?
    } else {
        read_article(settings, Path::new(target))?
    };
    if plain {
        return print(&article.text);
    }
    print(&page_text(&article, is_url.then_some(target), width))
}

/// `extract --json`: the page's metadata (title, byline, site, date, lead
/// image URL, never fetched; language) and its article as plain text.
pub(super) fn extract_json(settings: &Settings, target: &str) -> Result<()> {
    let is_url = target.starts_with("http://") || target.starts_with("https://");
    let (html, url) = if is_url {
        let (html, final_url) = fetch_html(settings, target)?;
        (html, Some(final_url))
    } else {
        (read_html(settings, Path::new(target))?, None)
    };
    let (article, meta) = crate::text::extract::extract_page(&html, url.as_deref())?;
    print_json(&PageJson {
        url: url.map(|u| clean_line(&u)),
        meta,
        text: article.text,
    })
}

/// One page in `extract --json`.
#[derive(serde::Serialize)]
struct PageJson {
    url: Option<String>,
    #[serde(flatten)]
    meta: crate::text::extract::PageMeta,
    text: String,
}

/// Header (title, byline, date, site, address) and the article with its
/// links numbered.
pub(super) fn page_text(article: &Extracted, url: Option<&str>, width: usize) -> String {
    let mut text = String::new();
    if let Some(title) = &article.title {
        text.push_str(&clean_line(title));
        text.push('\n');
    }
    let meta: Vec<String> = [&article.byline, &article.published, &article.site_name]
        .into_iter()
        .flatten()
        .map(|v| clean_line(v))
        .collect();
    if !meta.is_empty() {
        text.push_str(&meta.join(" | "));
        text.push('\n');
    }
    if let Some(url) = url {
        text.push_str(&clean_line(url));
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&render_html(&article.html, width, RenderMode::WithLinks));
    text
}
