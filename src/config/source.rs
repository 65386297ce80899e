//! A feed's `url` in the config: http(s) URLs, `file://` URLs and plain
//! paths (relative to the config file's folder).

use std::path::Path;

use super::FeedSource;

/// Why a config `url` names no feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("'url' is empty")]
    Empty,
    #[error("'{0}' is not a usable file:// URL")]
    BadFileUrl(String),
    #[error("'{0}': only http, https, file:// URLs and local paths are supported")]
    Scheme(String),
}

/// Turns a config `url` value into a source: http(s) URLs, `file://` URLs
/// and plain paths (relative to the config file's folder).
pub fn parse_source(value: &str, base: &Path) -> Result<FeedSource, SourceError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SourceError::Empty);
    }
    if let Ok(url) = url::Url::parse(value) {
        return match url.scheme() {
            "http" | "https" if url.host_str().is_some() => Ok(FeedSource::Http(url)),
            "file" => url
                .to_file_path()
                .map(FeedSource::Local)
                .map_err(|()| SourceError::BadFileUrl(value.to_owned())),
            // A Windows drive letter parses as a one-letter scheme.
            scheme if scheme.len() > 1 => Err(SourceError::Scheme(value.to_owned())),
            _ => Ok(FeedSource::Local(base.join(value))),
        };
    }
    let path = Path::new(value);
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    Ok(FeedSource::Local(path))
}
