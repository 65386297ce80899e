//! Progress of the background work: refreshes, the indexer, failures.
//! Part of `app`: pure.

use super::{Action, App, Effect, RefreshProgress, first_key, lists};
use crate::model::{FeedReport, RefreshStatus};

/// A refresh of `total` feeds began.
pub(super) fn refresh_started(app: &mut App, total: usize) -> Vec<Effect> {
    app.refresh = RefreshProgress {
        running: true,
        total,
        ..RefreshProgress::default()
    };
    Vec::new()
}

/// One feed is done: the list follows new articles and errors, at once
/// for the first, then at most once a pulse (a whole list reload per
/// stored feed would keep the worker loading and two lists in memory).
pub(super) fn feed_refreshed(app: &mut App, report: FeedReport) -> Vec<Effect> {
    app.refresh.done += 1;
    app.refresh.new += report.new;
    if report.status == RefreshStatus::Error {
        app.refresh.errors += 1;
    }
    if report.new == 0 && report.status != RefreshStatus::Error {
        return Vec::new();
    }
    if app.refresh.running && app.refresh.cooling {
        app.refresh.held = true;
        return Vec::new();
    }
    app.refresh.cooling = app.refresh.running;
    lists::request_reload(app)
}

/// A pulse of the refresh: what was held back since the last is loaded.
pub(super) fn refresh_pulse(app: &mut App) -> Vec<Effect> {
    app.refresh.cooling = false;
    if !std::mem::take(&mut app.refresh.held) {
        return Vec::new();
    }
    app.refresh.cooling = app.refresh.running;
    lists::request_reload(app)
}

/// The refresh ended: a summary in the status line.
pub(super) fn refresh_finished(app: &mut App) -> Vec<Effect> {
    let progress = &app.refresh;
    // A failed sync counts as one more error (`E` shows it too).
    let errors = progress.errors + usize::from(app.sync.error.is_some());
    app.status = Some(format!(
        "Refreshed {} feeds: {} new articles{}",
        progress.total,
        progress.new,
        match errors {
            0 => String::new(),
            n => format!(
                ", {n} errors ({} shows them)",
                first_key(app, Action::ShowErrors)
            ),
        }
    ));
    app.refresh.running = false;
    app.refresh.cooling = false;
    app.refresh.held = false;
    // New articles may have joined stories: count them again.
    app.stories.known.clear();
    app.stories.requested.clear();
    lists::request_reload(app)
}

/// The indexer's progress.
pub(super) fn indexing(app: &mut App, done: u64, total: u64) -> Vec<Effect> {
    app.indexing = Some((done, total));
    Vec::new()
}

/// The indexer caught up: topics, stories and search cover new articles.
pub(super) fn indexed(app: &mut App, count: u64) -> Vec<Effect> {
    app.indexing = None;
    if count == 0 {
        return Vec::new();
    }
    // Topics, stories and search now cover the new articles.
    app.stories.known.clear();
    app.stories.requested.clear();
    lists::request_reload(app)
}

/// Something in the background failed: said in the status line.
pub(super) fn failed(app: &mut App, message: String) -> Vec<Effect> {
    // Errors can quote what a server or a file said.
    app.status = Some(crate::text::sanitize::clean_line(&message));
    Vec::new()
}
