//! The headless subcommands: refresh, feeds, articles, show, import, export
//! (and in `topics.rs`: related, topics; in `stories.rs`: stories).
//! Each reads the config and database, prints text or JSON, and returns an
//! error for people (one line) when it cannot do what was asked.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result, anyhow, bail};
use serde::Serialize;

use crate::commands::cli::{Cli, Command};
use crate::config::Config;
use crate::feeds::refresh::{RefreshTarget, refresh_feeds};
use crate::feeds::subscriptions;
use crate::library::Library;
use crate::library::store::Store;
use crate::model::{ArticleId, ArticleSummary, FeedId, FeedReport, Filter, RefreshStatus};
use crate::text::render::{RenderMode, render_html};
use crate::text::sanitize::clean_line;
use crate::{paths, text::timefmt};

pub mod cli;
mod extract;
mod stories;
mod sync;
mod topics;

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

pub fn run(cli: &Cli, command: &Command) -> Result<()> {
    match command {
        Command::Import { file } => return import(cli, file),
        Command::Extract {
            target,
            plain,
            width,
        } => {
            let setup = setup(cli)?;
            return extract::extract(&setup.config.settings, target, *plain, *width);
        }
        Command::Export => {
            let setup = setup(cli)?;
            let opml = subscriptions::export_opml(&setup.config)?;
            return print(&opml);
        }
        _ => {}
    }
    let setup = setup(cli)?;
    let (mut store, ids) = open_store(&setup)?;
    if reads_index(command) {
        catch_up_index(&mut store)?;
    }
    let mut library = Library::new(store);
    match command {
        Command::Refresh { json } => refresh(&setup, library.store_mut(), &ids, *json),
        Command::Feeds { json } => feeds(library.store(), *json),
        Command::Articles {
            feed,
            unread,
            search,
            topic,
            limit,
            json,
        } => {
            let feed = match feed {
                Some(name) => Some(find_feed(library.store(), name)?),
                None => None,
            };
            let filter = Filter {
                feed,
                unread_only: *unread,
                search: search.clone(),
                topic: topic.clone(),
                related_to: None,
            };
            articles(&mut library, &filter, *limit, *json)
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
        } => show(&setup, &mut library, article, *full, *plain, *width),
        Command::Sync { status, json } => sync::sync(&setup, &mut library, *status, *json),
        Command::Mark {
            articles,
            read,
            unread,
            star,
            unstar,
        } => {
            let mark = match (read, unread, star, unstar) {
                (true, ..) => sync::MarkAs::Read(true),
                (_, true, ..) => sync::MarkAs::Read(false),
                (_, _, true, _) => sync::MarkAs::Starred(true),
                (.., true) => sync::MarkAs::Starred(false),
                _ => bail!("say what to mark: --read, --unread, --star or --unstar"),
            };
            sync::mark(&mut library, articles, mark)
        }
        Command::Import { .. } | Command::Export | Command::Extract { .. } => Ok(()),
    }
}

fn refresh(setup: &Setup, store: &mut Store, ids: &[FeedId], json: bool) -> Result<()> {
    let targets = RefreshTarget::pair(ids, &setup.config.feeds);
    let started = std::time::Instant::now();
    let show_progress = std::io::stderr().is_terminal();
    let total = targets.len();
    let (mut done, mut errors) = (0, 0);
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
    if json {
        return print_json(&reports);
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
    print(&text)
}

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

#[derive(Serialize)]
struct FeedJson {
    name: String,
    url: String,
    tags: Vec<String>,
    total: u64,
    unread: u64,
    last_status: Option<String>,
    last_error: Option<String>,
}

fn feeds(store: &Store, json: bool) -> Result<()> {
    let feeds = store.feeds()?;
    if json {
        let rows: Vec<FeedJson> = feeds
            .into_iter()
            .map(|f| FeedJson {
                name: clean_line(&f.name),
                url: clean_line(&f.url),
                tags: f.tags.iter().map(|t| clean_line(t)).collect(),
                total: f.total,
                unread: f.unread,
                last_status: f.last_status.map(|s| s.as_str().to_owned()),
                last_error: f.last_error.map(|e| clean_line(&e)),
            })
            .collect();
        return print_json(&rows);
    }
    let mut text = String::new();
    for feed in feeds {
        let marker = if feed.last_status == Some(RefreshStatus::Error) {
            "!"
        } else {
            " "
        };
        text.push_str(&format!(
            "{marker} {:>5}/{:<5} {}",
            feed.unread,
            feed.total,
            clean_line(&feed.name)
        ));
        if let Some(error) = feed.last_error {
            text.push_str(&format!("  [{}]", clean_line(&error)));
        }
        text.push('\n');
    }
    print(&text)
}

fn find_feed(store: &Store, name: &str) -> Result<FeedId> {
    let feeds = store.feeds()?;
    feeds
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(name) || f.url == name)
        .map(|f| f.id)
        .ok_or_else(|| anyhow!("no feed named '{}' (see `tidings feeds`)", clean_line(name)))
}

#[derive(Serialize)]
struct ArticleJson {
    id: i64,
    feed: String,
    title: String,
    link: Option<String>,
    published: Option<String>,
    read: bool,
    starred: bool,
    topics: Vec<String>,
    /// The story's id, null for an article no other covers.
    story: Option<i64>,
}

impl From<ArticleSummary> for ArticleJson {
    fn from(a: ArticleSummary) -> Self {
        ArticleJson {
            id: a.id,
            feed: clean_line(&a.feed),
            title: clean_line(&a.title),
            link: a.link.map(|l| clean_line(&l)),
            published: a.published.and_then(timefmt::rfc3339),
            read: a.read,
            starred: a.starred,
            topics: a.categories.iter().map(|c| clean_line(c)).collect(),
            story: a.story,
        }
    }
}

fn articles(library: &mut Library, filter: &Filter, limit: Option<u64>, json: bool) -> Result<()> {
    let listing = library.articles(filter, limit)?;
    if listing.unknown_topic {
        let topic = filter.topic.as_deref().unwrap_or_default();
        bail!("no topic '{}' (see `tidings topics`)", clean_line(topic));
    }
    let rows = listing.articles;
    if json {
        // Rows are turned into JSON one at a time as they are written.
        let mut failed = None;
        let rows = rows.into_iter().map(|a| {
            let topics = library.topics_of(a.id, 8).unwrap_or_else(|e| {
                failed.get_or_insert(e);
                Vec::new()
            });
            let mut json = ArticleJson::from(a);
            json.topics = topics.iter().map(|t| clean_line(t)).collect();
            json
        });
        print_json_seq(rows)?;
        return failed.map_or(Ok(()), |e| Err(e.into()));
    }
    let mut text = String::new();
    for a in rows {
        let flags = format!(
            "{}{}",
            if a.read { ' ' } else { 'N' },
            if a.starred { '*' } else { ' ' }
        );
        let date = a.published.map(timefmt::short_date).unwrap_or_default();
        text.push_str(&format!(
            "{:>6} {flags} {:<10} {:<20} {}\n",
            a.id,
            date,
            truncate(&clean_line(&a.feed), 20),
            clean_line(&a.title)
        ));
    }
    print(&text)
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

fn show(
    setup: &Setup,
    library: &mut Library,
    spec: &str,
    full: bool,
    plain: bool,
    width: usize,
) -> Result<()> {
    let id = find_article(library, spec)?;
    let mut article = library
        .store()
        .article(id)?
        .ok_or_else(|| anyhow!("article {id} vanished"))?;
    if full && article.full.is_none() {
        let link = article
            .summary
            .link
            .clone()
            .ok_or_else(|| anyhow!("article {id} has no link to fetch"))?;
        let extracted = crate::feeds::fulltext::fetch_article(&setup.config.settings, &link)
            .with_context(|| format!("cannot get the full text of {}", clean_line(&link)))?;
        article.full = Some(library.store_full_text(id, extracted)?);
    }
    let body = match (&article.full, full) {
        (Some(text), true) => text.html.as_str(),
        _ => article.content.as_deref().unwrap_or(""),
    };
    if plain {
        return print(&render_html(body, width, RenderMode::Plain));
    }
    if !full {
        article.full = None;
    }
    let page = crate::text::render::reader_page(&article, width, &[], &[]);
    let mut text = String::new();
    for line in page.lines {
        text.push_str(line.text().trim_end());
        text.push('\n');
    }
    print(&text)
}

/// The article an id, link or guid names.
pub(super) fn find_article(library: &Library, spec: &str) -> Result<ArticleId> {
    library.store().find_article(spec)?.ok_or_else(|| {
        anyhow!(
            "no article matches '{}' (use an id from `tidings articles`, a link or a guid)",
            clean_line(spec)
        )
    })
}

fn import(cli: &Cli, file: &std::path::Path) -> Result<()> {
    let list = subscriptions::read_subscriptions(file)?;
    let target = match &cli.config {
        Some(path) => path.clone(),
        None if cli.demo => bail!("import needs a real config: use --config FILE or no --demo"),
        None => paths::user_config_file()
            .ok_or_else(|| anyhow!("cannot find a config folder: use --config FILE"))?,
    };
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

pub(crate) fn truncate(text: &str, width: usize) -> String {
    crate::text::width::truncate(text, width)
}

/// Streams a JSON array to stdout, serialising items as they come.
fn print_json_seq<T: Serialize>(items: impl Iterator<Item = T>) -> Result<()> {
    use serde::Serializer as _;
    write_stdout(|out| serde_json::Serializer::pretty(out).collect_seq(items))
}

/// Streams JSON to stdout (no copy of the whole document in memory).
pub(crate) fn print_json<T: Serialize>(value: &T) -> Result<()> {
    write_stdout(|out| serde_json::to_writer_pretty(out, value))
}

/// Runs a JSON writer on buffered stdout, then a newline; a closed pipe is
/// a clean end.
fn write_stdout(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> serde_json::Result<()>,
) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write(&mut out)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Writes to stdout; a closed pipe (`tidings articles | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
