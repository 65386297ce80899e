//! Full article text: fetch a page (or read a saved one) with the same
//! limits as feeds, decode it, and extract the article. Shared by
//! `tidings extract`, `show --full` and the reader's `f`.

use std::path::Path;

use crate::config::Settings;
use crate::feeds::fetch::Fetcher;
use crate::text::extract::{Extracted, decode_page, extract};

#[derive(Debug, thiserror::Error)]
pub enum FullTextError {
    #[error("{0}")]
    Fetch(#[from] crate::feeds::fetch::FetchError),
    #[error("{0}")]
    Extract(#[from] crate::text::extract::ExtractError),
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error("only http(s) pages can be fetched, not '{0}'")]
    NotHttp(String),
    #[error("cannot start the network runtime: {0}")]
    Runtime(String),
}

/// Fetches an http(s) page and extracts its article.
pub fn fetch_article(settings: &Settings, url: &str) -> Result<Extracted, FullTextError> {
    let (html, final_url) = fetch_html(settings, url)?;
    Ok(extract(&html, Some(&final_url))?)
}

/// Fetches an http(s) page: its decoded HTML and where it came from after
/// redirects.
pub fn fetch_html(settings: &Settings, url: &str) -> Result<(String, String), FullTextError> {
    let parsed = url::Url::parse(url).map_err(|_| FullTextError::NotHttp(url.to_owned()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FullTextError::NotHttp(url.to_owned()));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FullTextError::Runtime(e.to_string()))?;
    let fetcher = Fetcher::new(settings)?;
    let page = runtime.block_on(fetcher.fetch_page(url))?;
    let html = decode_page(&page.bytes, page.content_type.as_deref());
    Ok((html, page.final_url))
}

/// Reads a saved page (capped like a fetched one) and extracts its article.
pub fn read_article(settings: &Settings, path: &Path) -> Result<Extracted, FullTextError> {
    Ok(extract(&read_html(settings, path)?, None)?)
}

/// Reads a saved page, capped like a fetched one, decoded.
pub fn read_html(settings: &Settings, path: &Path) -> Result<String, FullTextError> {
    let file_error = |message: String| FullTextError::File {
        path: path.display().to_string(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| file_error(e.to_string()))?
        .len();
    if size > settings.max_page_bytes {
        return Err(crate::feeds::fetch::FetchError::TooLarge(settings.max_page_bytes).into());
    }
    let bytes = std::fs::read(path).map_err(|e| file_error(e.to_string()))?;
    Ok(decode_page(&bytes, None))
}
