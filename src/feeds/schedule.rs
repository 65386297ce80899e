//! When the reader refreshes on its own: every `refresh_minutes` (a
//! feed's own, else the global setting), jittered so that many readers do
//! not knock at once. A tick refreshes only the feeds whose interval has
//! passed since they were last checked; a host's Retry-After is still
//! honoured by the refresh itself.

use std::collections::HashMap;
use std::time::Duration;

use crate::feeds::refresh::RefreshTarget;
use crate::model::FeedId;

/// The shortest interval in force (`None`: the timer is off).
pub fn tick_period(global_minutes: f64, targets: &[RefreshTarget]) -> Option<Duration> {
    let own = targets
        .iter()
        .filter_map(|t| t.feed.options.refresh_minutes);
    let shortest = own
        .chain((global_minutes > 0.0).then_some(global_minutes))
        .filter(|m| m.is_finite() && *m > 0.0)
        .fold(f64::INFINITY, f64::min);
    shortest
        .is_finite()
        .then(|| Duration::from_secs_f64((shortest * 60.0).max(1.0)))
}

/// The feeds due at `now`: their interval (less the tenth a tick may come
/// early) has passed since they were last checked (never checked: due). Feeds without an interval are left to
/// the user's `r` and `R`.
pub fn due(
    targets: &[RefreshTarget],
    last_checked: &HashMap<FeedId, (i64, Option<i64>)>,
    global_minutes: f64,
    now: i64,
) -> Vec<FeedId> {
    targets
        .iter()
        .filter(|t| {
            let minutes = t
                .feed
                .options
                .refresh_minutes
                .or((global_minutes > 0.0).then_some(global_minutes));
            let Some(minutes) = minutes else {
                return false;
            };
            // A tenth early counts (the ticks are jittered by a tenth), but
            // never before the server's max-age has passed.
            last_checked.get(&t.id).is_none_or(|(at, max_age)| {
                let waited = (now - at) as f64;
                waited >= minutes * 60.0 * 0.9 && waited >= max_age.unwrap_or(0) as f64
            })
        })
        .map(|t| t.id)
        .collect()
}

/// `period` stretched or shrunk by up to a tenth, by `seed`.
pub fn jittered(period: Duration, seed: u64) -> Duration {
    let spread = (seed % 201) as f64 / 1000.0 - 0.1; // -0.1 ..= 0.1
    period.mul_f64(1.0 + spread)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{FeedConfig, FeedOptions, FeedSource};

    fn target(id: FeedId, minutes: Option<f64>) -> RefreshTarget {
        RefreshTarget {
            id,
            feed: FeedConfig {
                name: None,
                source: FeedSource::Http(url::Url::parse("https://e.org/").unwrap()),
                tags: Vec::new(),
                options: FeedOptions {
                    refresh_minutes: minutes,
                    ..FeedOptions::default()
                },
            },
        }
    }

    #[test]
    fn a_feed_is_due_once_its_own_or_the_global_interval_has_passed() {
        let targets = [target(1, Some(5.0)), target(2, None), target(3, Some(60.0))];
        let checked = HashMap::from([(1, (1000, None)), (2, (1000, None)), (3, (1000, None))]);
        assert_eq!(
            due(&targets, &checked, 0.0, 1000 + 269),
            Vec::<FeedId>::new()
        );
        assert_eq!(due(&targets, &checked, 0.0, 1000 + 270), [1]);
        assert_eq!(due(&targets, &checked, 30.0, 1000 + 1800), [1, 2]);
        assert_eq!(
            due(&targets, &HashMap::new(), 0.0, 0),
            [1, 3],
            "never checked"
        );
    }

    #[test]
    fn never_sooner_than_the_servers_max_age() {
        let targets = [target(1, Some(5.0))];
        let checked = HashMap::from([(1, (1000, Some(3600)))]);
        assert!(due(&targets, &checked, 0.0, 1000 + 600).is_empty());
        assert_eq!(due(&targets, &checked, 0.0, 1000 + 3600), [1]);
    }

    #[test]
    fn the_timer_ticks_at_the_shortest_interval_or_not_at_all() {
        assert_eq!(tick_period(0.0, &[target(1, None)]), None);
        assert_eq!(
            tick_period(30.0, &[target(1, Some(5.0))]),
            Some(Duration::from_secs(300))
        );
        assert_eq!(tick_period(15.0, &[]), Some(Duration::from_secs(900)));
        for seed in 0..500 {
            let d = jittered(Duration::from_secs(100), seed).as_secs_f64();
            assert!((90.0..=110.0).contains(&d), "{d}");
        }
    }
}
