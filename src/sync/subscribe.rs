//! Subscribing and unsubscribing for a synced account: the server keeps
//! the feed list, so feeds go to it (not to the config), and a sync then
//! brings them and their entries here. `import` uses it; so can a later
//! `add`.

use std::path::Path;

use serde::Serialize;

use super::{
    NewSubscription, Server, SyncConfig, SyncError, SyncProgress, SyncReport, connect, finish,
    pull_and_push,
};
use crate::library::store::Store;

/// What subscribing did: per feed, then the sync that followed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubscribeReport {
    /// URLs the server follows now.
    pub added: Vec<String>,
    /// URLs it followed already.
    pub already_present: Vec<String>,
    /// URLs it refused, with why.
    pub failed: Vec<(String, String)>,
    pub sync: SyncReport,
}

/// Sends the feeds the server does not follow yet, then syncs (the new
/// feeds' entries come here). A feed the server refuses is reported and
/// the others still go.
pub fn subscribe(
    store: &mut Store,
    config: &SyncConfig,
    base: &Path,
    feeds: &[NewSubscription],
    mut progress: impl FnMut(SyncProgress),
) -> SubscribeReport {
    let mut out = SubscribeReport::default();
    let mut report = SyncReport::default();
    let result = connect(config, base).and_then(|mut server| {
        send_new(server.as_mut(), feeds, &mut out)?;
        pull_and_push(store, config, server.as_mut(), &mut report, &mut progress)
    });
    out.sync = finish(store, report, result);
    out
}

/// Stops following the feed at `url` on the server, then syncs (the feed
/// is hidden here; its articles stay). Errors when the feed is not one of
/// the server's.
pub fn unsubscribe(
    store: &mut Store,
    config: &SyncConfig,
    base: &Path,
    url: &str,
) -> Result<SyncReport, SyncError> {
    let remote = store
        .remote_feed_id(&config.account(), url)?
        .ok_or_else(|| SyncError::Config(format!("{url} is not a feed of the sync server")))?;
    let mut report = SyncReport::default();
    let result = connect(config, base).and_then(|mut server| {
        server.unsubscribe(&remote)?;
        pull_and_push(store, config, server.as_mut(), &mut report, &mut |_| {})
    });
    let report = finish(store, report, result);
    match &report.error {
        Some(e) => Err(SyncError::Server(e.clone())),
        None => Ok(report),
    }
}

fn send_new(
    server: &mut dyn Server,
    feeds: &[NewSubscription],
    out: &mut SubscribeReport,
) -> Result<(), SyncError> {
    let (followed, _) = server.feeds()?;
    for feed in feeds {
        let known = followed.iter().any(|f| same_url(&f.url, &feed.url))
            || out.added.iter().any(|u| same_url(u, &feed.url));
        if known {
            out.already_present.push(feed.url.clone());
            continue;
        }
        match server.subscribe(feed) {
            Ok(()) => out.added.push(feed.url.clone()),
            // Down or refused credentials: no point trying the others.
            Err(e @ (SyncError::Network(_) | SyncError::Auth(_))) => return Err(e),
            Err(e) => out.failed.push((feed.url.clone(), e.to_string())),
        }
    }
    Ok(())
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}
