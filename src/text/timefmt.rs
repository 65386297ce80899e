//! Dates for people and for JSON: unix seconds -> RFC 3339 (UTC) and short
//! local forms for lists and headers.

use chrono::{DateTime, Local, SecondsFormat, Utc};

/// RFC 3339 in UTC, e.g. `2026-11-16T10:00:00Z`.
pub fn rfc3339(secs: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp(secs, 0).map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// `2026-11-16`, local time.
pub fn short_date(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .map(|d| d.with_timezone(&Local).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `Mon, 16 Nov 2026 11:00`, local time.
pub fn long_date(secs: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp(secs, 0).map(|d| {
        d.with_timezone(&Local)
            .format("%a, %d %b %Y %H:%M")
            .to_string()
    })
}

/// `Nov 16` for the article list, local time; `16:05` for today.
pub fn list_date(secs: i64) -> String {
    let Some(date) = DateTime::<Utc>::from_timestamp(secs, 0) else {
        return "      ".to_owned();
    };
    let local = date.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format(" %H:%M").to_string()
    } else {
        local.format("%b %d").to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339_is_utc_with_seconds() {
        assert_eq!(
            super::rfc3339(1_794_823_200).as_deref(),
            Some("2026-11-16T10:00:00Z")
        );
    }
}
