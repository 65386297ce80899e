//! The sync with the feed server as the reader shows it: its progress in
//! the status line ("Syncing: pulled 1200/10000") and its error in the
//! `E` list beside the feeds that failed. Part of `app`: pure.

use super::{App, Effect, lists};
use crate::sync::SyncProgress;
use crate::text::sanitize::clean_line;

/// Where the last sync stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncView {
    /// While a sync runs: how far it is.
    pub progress: Option<SyncProgress>,
    /// How the last sync failed (cleared by one that does not).
    pub error: Option<String>,
}

impl SyncView {
    /// The status line while a sync runs.
    pub fn status(&self) -> Option<String> {
        self.progress.map(|p| p.to_string())
    }
}

/// A sync moved on.
pub(super) fn syncing(app: &mut App, progress: SyncProgress) -> Vec<Effect> {
    app.sync.progress = Some(progress);
    Vec::new()
}

/// A sync ended; its error (a server's words) goes to the `E` list. What
/// it pulled shows once the list is read again.
pub(super) fn synced(app: &mut App, pulled: u64, error: Option<String>) -> Vec<Effect> {
    app.sync.progress = None;
    app.sync.error = error.map(|e| clean_line(&e));
    if pulled > 0 {
        return lists::request_reload(app);
    }
    Vec::new()
}
