//! `tidings refresh`: fetches every feed and reports each one's outcome,
//! as text with a summary line or as JSON.

use std::io::IsTerminal;

use anyhow::Result;

use super::Setup;
use super::cli::JsonShape;
use super::output::{print, print_json};
use crate::feeds::notify;
use crate::feeds::refresh::{RefreshTarget, refresh_feeds};
use crate::library::store::Store;
use crate::model::{FeedId, FeedReport, RefreshStatus};
use crate::text::sanitize::clean_line;

/// Fetches every feed, with progress on a terminal, and reports each.
pub(super) fn refresh(
    setup: &Setup,
    store: &mut Store,
    ids: &[FeedId],
    json: Option<JsonShape>,
) -> Result<()> {
    let targets = RefreshTarget::pair(ids, &setup.config.feeds);
    let started = std::time::Instant::now();
    let show_progress = std::io::stderr().is_terminal();
    let total = targets.len();
    let (mut done, mut errors) = (0, 0);
    let before = store.last_article_id()?;
    let reports = refresh_feeds(store, &setup.config.settings, &targets, |report| {
        done += 1;
        if report.status == RefreshStatus::Error {
            errors += 1;
        }
        if show_progress {
            eprint!("\rRefreshing {done}/{total}, {errors} errors ");
        }
    })?;
    if show_progress {
        eprint!("\r\x1b[K");
    }
    // A refresh syncs too, when the config has a server ([sync]).
    let synced = setup
        .config
        .sync
        .as_ref()
        .map(|config| crate::sync::sync_when_due(store, config, &setup.config.dir(), |_| {}));
    crate::feeds::refresh::prune(store, &targets);
    let arrivals = store.arrivals(before, notify::TITLES)?;
    if let Err(e) = notify::notify(&setup.config.settings.notify_command, &arrivals) {
        eprintln!("tidings: {e}");
    }
    match json {
        Some(JsonShape::Array) => return print_json(&reports),
        Some(JsonShape::Object) => {
            return print_json(&RefreshJson {
                feeds: &reports,
                sync: synced.as_ref(),
            });
        }
        None => {}
    }
    let mut text = String::new();
    for report in &reports {
        text.push_str(&report_line(report));
        text.push('\n');
    }
    let new: u64 = reports.iter().map(|r| r.new).sum();
    let count = |s| reports.iter().filter(|r| r.status == s).count();
    let deferred = match count(RefreshStatus::Deferred) {
        0 => String::new(),
        n => format!(", {n} deferred"),
    };
    text.push_str(&format!(
        "{} feeds: {} updated, {} not modified, {} errors{deferred}; {} new articles in {:.1} s\n",
        reports.len(),
        count(RefreshStatus::Updated),
        count(RefreshStatus::NotModified),
        count(RefreshStatus::Error),
        new,
        started.elapsed().as_secs_f64()
    ));
    if let Some(report) = synced {
        text.push_str(&format!(
            "sync: {} pulled, {} pushed, {} waiting{}\n",
            report.pulled,
            report.pushed,
            report.queued,
            report
                .error
                .map(|e| format!(", error: {}", clean_line(&e)))
                .unwrap_or_default()
        ));
    }
    print(&text)
}

/// `refresh --json=object`: the feeds' array and the sync's figures
/// (`null` without a `[sync]` section).
#[derive(serde::Serialize)]
struct RefreshJson<'a> {
    feeds: &'a [FeedReport],
    sync: Option<&'a crate::sync::SyncReport>,
}

/// One feed's outcome as a line of the text report.
fn report_line(report: &FeedReport) -> String {
    let name = clean_line(&report.feed);
    match report.status {
        RefreshStatus::Updated => format!("updated       {name} ({} new)", report.new),
        RefreshStatus::NotModified => format!("not modified  {name}"),
        RefreshStatus::Error => format!(
            "error         {name}: {}",
            clean_line(report.error.as_deref().unwrap_or("unknown error"))
        ),
        RefreshStatus::Deferred => format!(
            "deferred      {name}: {}",
            clean_line(report.error.as_deref().unwrap_or("waiting"))
        ),
    }
}
