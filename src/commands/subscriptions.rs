//! `tidings import`, `tidings add` and `tidings export`: the feed list in
//! and out of the config file, as OPML (or, in, a list of URLs), and one
//! feed added by its URL or its page's.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};

use super::cli::Cli;
use super::output::print;
use super::setup;
use crate::feeds::discover::{Candidate, discover};
use crate::feeds::fetch::Fetcher;
use crate::feeds::subscriptions::{self, ImportedFeed};
use crate::paths;
use crate::text::sanitize::clean_line;

/// The config file that subscriptions are written to.
fn config_target(cli: &Cli, command: &str) -> Result<PathBuf> {
    Ok(match &cli.config {
        Some(path) => path.clone(),
        None if cli.demo => bail!("{command} needs a real config: use --config FILE or no --demo"),
        None => paths::user_config_file()
            .ok_or_else(|| anyhow!("cannot find a config folder: use --config FILE"))?,
    })
}

/// Adds the feeds of an OPML or URL list to the config file.
pub(super) fn import(cli: &Cli, file: &std::path::Path) -> Result<()> {
    let list = subscriptions::read_subscriptions(file)?;
    let target = config_target(cli, "import")?;
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

/// Subscribes to the feed at `url`, or to the one its page names (asking
/// which when there are several and a person is at the terminal).
pub(super) fn add(cli: &Cli, url: &str, name: Option<&str>, tags: &[String]) -> Result<()> {
    let target = config_target(cli, "add")?;
    let setup = setup(cli)?;
    let settings = &setup.config.settings;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fetcher = Fetcher::new(settings)?;
    let found = runtime.block_on(discover(&fetcher, url))?;
    let chosen = choose(url, found)?;
    let feed = ImportedFeed {
        url: chosen.url.clone(),
        name: name
            .map(clean_line)
            .filter(|n| !n.is_empty())
            .or(chosen.title.clone()),
        tags: tags
            .iter()
            .map(|t| clean_line(t))
            .filter(|t| !t.is_empty())
            .collect(),
    };
    // A synced account keeps its feed list on the server.
    if let Some(sync) = setup.config.sync.as_ref().filter(|_| target.exists()) {
        let list = subscriptions::ImportList {
            feeds: vec![feed],
            skipped: Vec::new(),
        };
        return super::sync::import_to_server(&setup, sync, &list);
    }
    let template = crate::config::DEFAULT_CONFIG;
    crate::feeds::config_file::ensure_config_file(&target, template)?;
    let report = subscriptions::add_to_config(&target, &[feed], template)?;
    let label = chosen.title.as_deref().unwrap_or("(untitled)");
    print(&if report.added.is_empty() {
        format!("already there  {}\n", chosen.url)
    } else {
        format!(
            "added          {label}  {}\n-> {}\n",
            chosen.url,
            target.display()
        )
    })
}

/// One feed of those found: the only one, else the user's pick at a
/// terminal; a script gets the list and a non-zero exit.
fn choose(url: &str, mut found: Vec<Candidate>) -> Result<Candidate> {
    if found.len() == 1 {
        return Ok(found.remove(0));
    }
    let list = candidate_list(&found);
    if !std::io::stdin().is_terminal() {
        bail!(
            "{} feeds found at {}; add one of them by its URL:\n{list}",
            found.len(),
            clean_line(url)
        );
    }
    eprint!(
        "{} feeds found:\n{list}which one (1-{})? ",
        found.len(),
        found.len()
    );
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    match answer.trim().parse::<usize>() {
        Ok(n) if (1..=found.len()).contains(&n) => Ok(found.remove(n - 1)),
        _ => bail!("no feed chosen"),
    }
}

/// `  1. Title  URL` lines.
fn candidate_list(found: &[Candidate]) -> String {
    found
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "  {}. {}  {}\n",
                i + 1,
                c.title.as_deref().unwrap_or("(untitled)"),
                clean_line(&c.url)
            )
        })
        .collect()
}
