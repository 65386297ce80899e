//! What response headers say about timing: how long to wait before
//! asking again (Retry-After) and how long a body stays fresh (max-age).

/// Seconds to wait from a Retry-After value: delta-seconds or an HTTP
/// date (a date already past means now). Absurd values saturate; the
/// caller clamps them.
pub fn retry_after_secs(value: &str, now: i64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().unwrap_or(u64::MAX));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some((date.timestamp() - now).max(0) as u64)
}

/// `max-age` of a Cache-Control value, capped at a day; none with
/// `no-cache` or `no-store`.
pub(super) fn max_age(value: &str) -> Option<u64> {
    let value = value.to_ascii_lowercase();
    let directives: Vec<&str> = value.split(',').map(str::trim).collect();
    if directives
        .iter()
        .any(|d| *d == "no-cache" || *d == "no-store")
    {
        return None;
    }
    directives
        .iter()
        .find_map(|d| d.strip_prefix("max-age="))
        .and_then(|s| s.trim_matches('"').parse::<u64>().ok())
        .map(|s| s.min(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_cache_control() {
        assert_eq!(max_age("public, max-age=900"), Some(900));
        assert_eq!(max_age("Max-Age=\"60\""), Some(60));
        assert_eq!(max_age("max-age=99999999"), Some(86_400));
        assert_eq!(max_age("no-cache, max-age=900"), None);
        assert_eq!(max_age("private"), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_saturates() {
        assert_eq!(retry_after_secs("120", 0), Some(120));
        assert_eq!(
            retry_after_secs(" 99999999999999999999999 ", 0),
            Some(u64::MAX)
        );
        let now = 1_794_823_200; // Mon, 16 Nov 2026 10:00:00 GMT
        assert_eq!(
            retry_after_secs("Mon, 16 Nov 2026 10:05:00 GMT", now),
            Some(300)
        );
        assert_eq!(
            retry_after_secs("Mon, 16 Nov 2026 09:00:00 GMT", now),
            Some(0)
        );
        assert_eq!(retry_after_secs("soon", now), None);
        assert_eq!(retry_after_secs("-5", now), None);
    }
}
