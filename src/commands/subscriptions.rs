//! `tidings import` and `tidings export`: the feed list in and out of the
//! config file, as OPML (or, in, a list of URLs).

use anyhow::{Result, anyhow, bail};

use super::cli::Cli;
use super::output::print;
use super::setup;
use crate::feeds::subscriptions;
use crate::paths;

/// Adds the feeds of an OPML or URL list to the config file.
pub(super) fn import(cli: &Cli, file: &std::path::Path) -> Result<()> {
    let list = subscriptions::read_subscriptions(file)?;
    let target = match &cli.config {
        Some(path) => path.clone(),
        None if cli.demo => bail!("import needs a real config: use --config FILE or no --demo"),
        None => paths::user_config_file()
            .ok_or_else(|| anyhow!("cannot find a config folder: use --config FILE"))?,
    };
    // A synced account keeps its feed list on the server.
    if target.exists() {
        let setup = setup(cli)?;
        if let Some(sync) = &setup.config.sync {
            return super::sync::import_to_server(&setup, sync, &list);
        }
    }
    let default_template = crate::config::DEFAULT_CONFIG;
    let report = subscriptions::add_to_config(&target, &list.feeds, default_template)?;
    let mut text = String::new();
    for url in &report.added {
        text.push_str(&format!("added          {url}\n"));
    }
    for url in &report.already_present {
        text.push_str(&format!("already there  {url}\n"));
    }
    for skipped in &list.skipped {
        text.push_str(&format!(
            "not imported   {}: {}\n",
            skipped.entry, skipped.reason
        ));
    }
    text.push_str(&format!(
        "{} added, {} already present, {} not imported -> {}\n",
        report.added.len(),
        report.already_present.len(),
        list.skipped.len(),
        target.display()
    ));
    print(&text)
}

/// Prints the configured feeds as OPML.
pub(super) fn export(cli: &Cli) -> Result<()> {
    let setup = setup(cli)?;
    let opml = subscriptions::export_opml(&setup.config)?;
    print(&opml)
}
