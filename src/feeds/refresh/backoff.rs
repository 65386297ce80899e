//! How long to leave a feed alone after a failed refresh, and how the wait
//! reads in a report.

use crate::feeds::fetch::FetchError;

/// The shortest and longest waits after a server said "later" or failed.
const MIN_WAIT: i64 = 60;
const MAX_WAIT: i64 = 6 * 3600;

/// How long to leave a feed alone after `error`, given how many of its
/// refreshes failed in a row before: what a 429/503 asked for (clamped),
/// else a wait that doubles with each 5xx (1 min, 2, 4 ... at most 6 h).
/// Other errors (timeouts, bad feeds) are retried at the next refresh.
pub(super) fn wait_after(error: &FetchError, failures: u32) -> Option<i64> {
    let doubling = (MIN_WAIT << failures.min(16)).min(MAX_WAIT);
    match error {
        FetchError::RetryLater { after, .. } => Some(
            after
                .map_or(doubling, |s| s.min(MAX_WAIT as u64) as i64)
                .clamp(MIN_WAIT, MAX_WAIT),
        ),
        FetchError::Status { code, .. } if *code >= 500 => Some(doubling),
        _ => None,
    }
}

/// "in 40 s", "in 12 min", "in 3 h".
pub(super) fn in_words(secs: i64) -> String {
    match secs {
        ..=90 => format!("in {secs} s"),
        91..=5400 => format!("in {} min", (secs + 30) / 60),
        _ => format!("in {} h", (secs + 1800) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_follow_retry_after_within_bounds_and_double_on_5xx() {
        let later = |after| FetchError::RetryLater {
            text: "429 Too Many Requests".to_owned(),
            after,
        };
        assert_eq!(wait_after(&later(Some(120)), 0), Some(120));
        assert_eq!(wait_after(&later(Some(0)), 0), Some(MIN_WAIT), "clamped up");
        assert_eq!(
            wait_after(&later(Some(u64::MAX)), 0),
            Some(MAX_WAIT),
            "and down"
        );
        assert_eq!(wait_after(&later(None), 2), Some(4 * MIN_WAIT));
        let server_error = FetchError::Status {
            code: 502,
            text: "502 Bad Gateway".to_owned(),
        };
        let waits: Vec<_> = (0..4).map(|n| wait_after(&server_error, n)).collect();
        assert_eq!(waits, [Some(60), Some(120), Some(240), Some(480)]);
        assert_eq!(wait_after(&server_error, 40), Some(MAX_WAIT));
        let not_found = FetchError::Status {
            code: 404,
            text: "404 Not Found".to_owned(),
        };
        assert_eq!(wait_after(&not_found, 3), None);
        assert_eq!(wait_after(&FetchError::Timeout(30), 3), None);
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(in_words(45), "in 45 s");
        assert_eq!(in_words(600), "in 10 min");
        assert_eq!(in_words(6 * 3600), "in 6 h");
    }
}
