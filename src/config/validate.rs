//! Checks of a config's values beyond their types, and errors that name
//! the file, line and key.

use super::{ConfigError, Settings};

pub(super) fn validate_settings(
    settings: &Settings,
    text: &str,
    origin: &str,
) -> Result<(), ConfigError> {
    let checks: [(&str, bool, &str); 6] = [
        (
            "concurrency",
            settings.concurrency >= 1,
            "must be at least 1",
        ),
        ("per_host", settings.per_host >= 1, "must be at least 1"),
        (
            "timeout_secs",
            settings.timeout_secs >= 1,
            "must be at least 1",
        ),
        (
            "connect_timeout_secs",
            settings.connect_timeout_secs >= 1,
            "must be at least 1",
        ),
        (
            "refresh_minutes",
            settings.refresh_minutes.is_finite() && settings.refresh_minutes >= 0.0,
            "must be 0 (off) or more",
        ),
        (
            "max_feed_bytes",
            settings.max_feed_bytes >= 1024,
            "must be at least 1024",
        ),
    ];
    for (key, ok, why) in checks {
        if !ok {
            let offset = key_offset(text, key).unwrap_or(0);
            return Err(invalid(text, origin, offset, why));
        }
    }
    Ok(())
}

/// Builds an error naming the line and, when the line holds `key = value`,
/// the key.
pub(super) fn invalid(text: &str, origin: &str, offset: usize, message: &str) -> ConfigError {
    let offset = offset.min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let key = line_text
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('#'))
        .map(|k| format!("key '{k}': "))
        .unwrap_or_default();
    ConfigError::Invalid {
        path: origin.to_owned(),
        line,
        key,
        message: message.trim().to_owned(),
    }
}

fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Offset of the `url` line of the index-th `[[feed]]` table, for errors.
pub(super) fn nth_feed_url_offset(text: &str, index: usize) -> usize {
    let mut seen = 0;
    let mut in_target = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("[[feed]]") {
            in_target = seen == index;
            seen += 1;
        } else if in_target && trimmed.starts_with("url") {
            return offset;
        }
        offset += line.len();
    }
    0
}
