//! Local feed files named in the config: read with the same cap as a
//! download, their size and modification time standing in for validators.

use std::path::Path;

use super::{FetchError, FetchOutcome, Fetched};
use crate::model::Validators;

/// Reads a local feed named in the config. Its size and modification time
/// act as the validator, so an unchanged file is "not modified".
pub(super) fn read_local(
    path: &Path,
    validators: &Validators,
    max: u64,
) -> Result<FetchOutcome, FetchError> {
    let file_error = |e: std::io::Error| FetchError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(file_error)?;
    if meta.len() > max {
        return Err(FetchError::TooLarge(max));
    }
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let stamp = format!("file:{}:{}", meta.len(), modified);
    if validators.etag.as_deref() == Some(stamp.as_str()) {
        return Ok(FetchOutcome::NotModified);
    }
    let bytes = std::fs::read(path).map_err(file_error)?;
    if bytes.len() as u64 > max {
        return Err(FetchError::TooLarge(max));
    }
    Ok(FetchOutcome::Fetched(Fetched {
        bytes,
        content_type: None,
        validators: Validators {
            etag: Some(stamp),
            last_modified: None,
            max_age: None,
        },
        final_url: url::Url::from_file_path(path)
            .map(|u| u.to_string())
            .unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_local_file_is_not_modified() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.xml");
        std::fs::write(&path, "<rss/>").unwrap();
        let first = read_local(&path, &Validators::default(), 1 << 20).unwrap();
        let FetchOutcome::Fetched(fetched) = first else {
            panic!("expected a body")
        };
        assert_eq!(fetched.bytes, b"<rss/>");
        let again = read_local(&path, &fetched.validators, 1 << 20).unwrap();
        assert_eq!(again, FetchOutcome::NotModified);
    }

    #[test]
    fn local_file_over_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.xml");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        assert_eq!(
            read_local(&path, &Validators::default(), 1024),
            Err(FetchError::TooLarge(1024))
        );
    }

    #[test]
    fn missing_local_file_names_the_path() {
        let err = read_local(Path::new("/nonexistent/x.xml"), &Validators::default(), 10)
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent/x.xml"), "{err}");
    }
}
