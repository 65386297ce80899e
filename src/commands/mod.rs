//! The headless subcommands, one file per family: `refresh.rs`,
//! `lists.rs` (feeds, articles), `show.rs`, `subscriptions.rs` (import,
//! export), `extract.rs`, `topics.rs` (related, topics) and `stories.rs`;
//! `output.rs` writes to stdout. Here: the config, the database and the
//! dispatch. Each reads the config and database, prints text or JSON, and
//! returns an error for people (one line) when it cannot do what was asked.

use std::path::PathBuf;

use anyhow::{Context as _, Result};

use crate::commands::cli::{Cli, Command};
use crate::config::Config;
use crate::library::Library;
use crate::library::store::Store;
use crate::model::{FeedId, Filter};
use crate::paths;

pub mod cli;
mod extract;
mod lists;
mod output;
mod refresh;
mod show;
mod stories;
mod subscriptions;
mod sync;
mod topics;

use output::{print, print_json, truncate};
use show::find_article;

/// The config in force and where it came from.
pub struct Setup {
    pub config: Config,
    pub db_path: PathBuf,
}

/// Resolves `--demo`, `--config` and `--db` into a loaded config and a
/// database path.
pub fn setup(cli: &Cli) -> Result<Setup> {
    let (config, demo_db) = if cli.demo && cli.config.is_none() {
        let path = paths::prepare_demo().context("cannot write the demo feeds")?;
        (Config::load(&path)?, Some(paths::demo_database(&path)))
    } else if let Some(path) = &cli.config {
        (Config::load(path)?, None)
    } else {
        match paths::user_config_file().filter(|p| p.exists()) {
            Some(path) => (Config::load(&path)?, None),
            None => (Config::embedded_default(), None),
        }
    };
    let db_path = cli
        .db
        .clone()
        .or(demo_db)
        .unwrap_or_else(paths::default_database);
    Ok(Setup { config, db_path })
}

/// Opens the database and brings its feed list in line with the config.
pub fn open_store(setup: &Setup) -> Result<(Store, Vec<FeedId>)> {
    let (mut store, notice) = Store::open_or_recover(&setup.db_path)
        .with_context(|| format!("cannot open database {}", setup.db_path.display()))?;
    if let Some(notice) = notice {
        eprintln!("tidings: {notice}");
    }
    let ids = store.sync_feeds(&setup.config.feeds)?;
    Ok((store, ids))
}

/// Runs one headless subcommand.
pub fn run(cli: &Cli, command: &Command) -> Result<()> {
    match command {
        Command::Import { file } => return subscriptions::import(cli, file),
        Command::Add { url, name, tags } => {
            return subscriptions::add(cli, url, name.as_deref(), tags);
        }
        Command::Extract {
            target,
            plain,
            width,
            json,
        } => {
            let setup = setup(cli)?;
            if *json {
                return extract::extract_json(&setup.config.settings, target);
            }
            return extract::extract(&setup.config.settings, target, *plain, *width);
        }
        Command::Export => return subscriptions::export(cli),
        _ => {}
    }
    let setup = setup(cli)?;
    let (mut store, ids) = open_store(&setup)?;
    if reads_index(command) {
        catch_up_index(&mut store)?;
    }
    let mut library = Library::new(store);
    match command {
        Command::Refresh { json } => refresh::refresh(&setup, library.store_mut(), &ids, *json),
        Command::Feeds { json } => lists::feeds(library.store(), *json),
        Command::Articles {
            feed,
            unread,
            search,
            topic,
            limit,
            json,
        } => {
            let filter = Filter {
                feed: lists::feed_named(library.store(), feed.as_deref())?,
                unread_only: *unread,
                search: search.clone(),
                topic: topic.clone(),
                related_to: None,
            };
            lists::articles(&mut library, &filter, *limit, *json)
        }
        Command::Related {
            article,
            all,
            limit,
            json,
        } => match (article, all) {
            (_, true) => topics::related_all(&mut library, *limit),
            (Some(spec), false) => topics::related(&mut library, spec, *limit, *json),
            (None, false) => Ok(()),
        },
        Command::Topics {
            limit,
            unread,
            json,
        } => topics::topics(&mut library, *limit, *unread, *json),
        Command::Stories { unread, json } => stories::stories(&mut library, *unread, *json),
        Command::Show {
            article,
            full,
            plain,
            width,
        } => show::show(&setup, &mut library, article, *full, *plain, *width),
        Command::Sync { status, json } => sync::sync(&setup, &mut library, *status, *json),
        Command::Mark {
            articles,
            read,
            unread,
            star,
            unstar,
        } => sync::mark(
            &mut library,
            articles,
            sync::MarkAs::from_flags(*read, *unread, *star, *unstar)?,
        ),
        Command::Import { .. }
        | Command::Add { .. }
        | Command::Export
        | Command::Extract { .. } => Ok(()),
    }
}

/// Commands that answer from the search or topic index.
fn reads_index(command: &Command) -> bool {
    match command {
        Command::Articles {
            search,
            topic,
            json,
            ..
        } => search.is_some() || topic.is_some() || *json,
        Command::Related { .. } | Command::Topics { .. } | Command::Stories { .. } => true,
        _ => false,
    }
}

/// Indexes what a refresh left queued, saying so on a terminal when it
/// takes a moment.
fn catch_up_index(store: &mut Store) -> Result<()> {
    use std::io::IsTerminal;
    let pending = store.pending_count()?;
    let tell = pending >= 5000 && std::io::stderr().is_terminal();
    if tell {
        eprint!("indexing {pending} articles…");
    }
    crate::library::indexer::index_pending(store, |_, _| {})?;
    if tell {
        eprintln!(" done");
    }
    Ok(())
}
