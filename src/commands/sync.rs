//! `sync` and `mark`: syncing with the feed server now, its status, and
//! marking articles from scripts (queued for the server when synced).

use anyhow::{Result, bail};

use crate::commands::{Setup, print, print_json};
use crate::library::Library;
use crate::sync::{NewSubscription, SyncConfig};
use crate::text::sanitize::clean_line;

/// The config's `[sync]` section, or an error saying how to add one.
fn sync_config(setup: &Setup) -> Result<&SyncConfig> {
    match &setup.config.sync {
        Some(config) => Ok(config),
        None => bail!("no [sync] section in the config (see the README's Sync section)"),
    }
}

pub(super) fn sync(setup: &Setup, library: &mut Library, status: bool, json: bool) -> Result<()> {
    let config = sync_config(setup)?;
    if status {
        let status = crate::sync::status(library.store(), config)?;
        if json {
            return print_json(&status);
        }
        let when = status
            .last_sync
            .and_then(crate::text::timefmt::rfc3339)
            .unwrap_or_else(|| "never".to_owned());
        let error = status
            .last_error
            .map(|e| format!(", last error: {}", clean_line(&e)))
            .unwrap_or_default();
        return print(&format!(
            "{}: last sync {when}, {} changes waiting{error}\n",
            clean_line(&status.account),
            status.queued
        ));
    }
    let tell = !json && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let report = crate::sync::sync(library.store_mut(), config, &setup.config.dir(), |p| {
        if tell {
            eprint!("\r{p} ");
        }
    });
    if tell {
        eprint!("\r\x1b[K");
    }
    if json {
        print_json(&report)?;
    } else {
        print(&format!(
            "sync: {} pulled, {} pushed, {} waiting\n",
            report.pulled, report.pushed, report.queued
        ))?;
    }
    match &report.error {
        Some(e) => bail!("sync failed: {}", clean_line(e)),
        None => Ok(()),
    }
}

/// Which mark `mark` sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkAs {
    Read(bool),
    Starred(bool),
}

impl MarkAs {
    /// The mark the command line's flags ask for (clap allows one).
    pub(super) fn from_flags(read: bool, unread: bool, star: bool, unstar: bool) -> Result<MarkAs> {
        Ok(match (read, unread, star, unstar) {
            (true, ..) => MarkAs::Read(true),
            (_, true, ..) => MarkAs::Read(false),
            (_, _, true, _) => MarkAs::Starred(true),
            (.., true) => MarkAs::Starred(false),
            _ => bail!("say what to mark: --read, --unread, --star or --unstar"),
        })
    }
}

pub(super) fn mark(library: &mut Library, specs: &[String], mark: MarkAs) -> Result<()> {
    let mut ids = Vec::with_capacity(specs.len());
    for spec in specs {
        ids.push(super::find_article(library, spec)?);
    }
    match mark {
        MarkAs::Read(read) => library.set_read(&ids, read)?,
        MarkAs::Starred(starred) => {
            for id in &ids {
                library.set_starred(*id, starred)?;
            }
        }
    }
    let queued = library.store().queued_count()?;
    print(&format!(
        "{} marked; {queued} changes waiting for the sync server\n",
        ids.len()
    ))
}

/// `import` for a synced account: the feeds go to the server (those it
/// does not follow yet), then a sync brings them here.
pub(super) fn import_to_server(
    setup: &Setup,
    config: &SyncConfig,
    list: &crate::feeds::subscriptions::ImportList,
) -> Result<()> {
    let (mut store, _) = super::open_store(setup)?;
    let feeds: Vec<NewSubscription> = list
        .feeds
        .iter()
        .map(|f| NewSubscription::new(&f.url, f.name.as_deref(), &f.tags))
        .collect();
    let report = crate::sync::subscribe(&mut store, config, &setup.config.dir(), &feeds, |_| {});
    let mut text = String::new();
    for url in &report.added {
        text.push_str(&format!("added          {}\n", clean_line(url)));
    }
    for url in &report.already_present {
        text.push_str(&format!("already there  {}\n", clean_line(url)));
    }
    for (url, why) in &report.failed {
        text.push_str(&format!(
            "not added      {}: {}\n",
            clean_line(url),
            clean_line(why)
        ));
    }
    for skipped in &list.skipped {
        text.push_str(&format!(
            "not imported   {}: {}\n",
            clean_line(&skipped.entry),
            clean_line(&skipped.reason)
        ));
    }
    let sync = &report.sync;
    text.push_str(&format!(
        "{} added, {} already present, {} not added, {} not imported -> {}\n\
         sync: {} pulled, {} pushed, {} waiting\n",
        report.added.len(),
        report.already_present.len(),
        report.failed.len(),
        list.skipped.len(),
        clean_line(&config.account()),
        sync.pulled,
        sync.pushed,
        sync.queued
    ));
    print(&text)?;
    match &sync.error {
        Some(e) => bail!("sync failed: {}", clean_line(e)),
        None => Ok(()),
    }
}
