//! The reader's background work, one file per job: the database worker
//! (loads and writes, on its own connection), the refresher, the indexer
//! and the full-text fetcher. [`Background::dispatch`] is the one place
//! where an effect of `app::update` is carried out or handed back to the
//! terminal (opening a link, suspending).

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use crate::config::Settings;
use crate::feeds::refresh::RefreshTarget;
use crate::reader::app::{Effect, Msg};

mod database;
mod fulltext;
mod indexer;
mod pictures;
mod refresher;
mod subscribe;
mod timer;

use database::{Database, Job, Load, Write};
use indexer::Indexer;
use refresher::Refresher;
use subscribe::Subscriptions;

/// An effect only the terminal can carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerminalEffect {
    OpenUrl(String),
    Play(String),
    Suspend,
}

/// What became of an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatched {
    /// Started or queued; its answer comes back as a message.
    Started,
    /// Not started, with a word for the status line.
    Declined(String),
    Terminal(TerminalEffect),
}

#[derive(Debug, thiserror::Error)]
#[error("the background worker stopped")]
pub struct Stopped;

/// The background jobs of one reader.
pub struct Background {
    database: Database,
    refresher: Refresher,
    subscriptions: Subscriptions,
    db_path: PathBuf,
    settings: Settings,
    msgs: Sender<Msg>,
    _indexer: Indexer,
}

impl Background {
    /// Starts the indexer (which catches up at once) and the database
    /// worker; refreshes start when asked.
    pub fn start(
        db_path: PathBuf,
        settings: Settings,
        targets: Vec<RefreshTarget>,
        sync: Option<(crate::sync::SyncConfig, PathBuf)>,
        config_path: Option<PathBuf>,
        msgs: Sender<Msg>,
    ) -> Background {
        let indexer = Indexer::spawn(db_path.clone(), msgs.clone());
        let database = Database::spawn(db_path.clone(), msgs.clone(), indexer.busy());
        let refresher = Refresher::new(
            db_path.clone(),
            settings.clone(),
            targets,
            indexer.waker(),
            sync.clone(),
        );
        timer::spawn(settings.refresh_minutes, refresher.targets(), msgs.clone());
        let subscriptions = Subscriptions {
            config_path,
            db_path: db_path.clone(),
            settings: settings.clone(),
            targets: refresher.targets(),
            sync,
        };
        Background {
            database,
            refresher,
            subscriptions,
            db_path,
            settings,
            msgs,
            _indexer: indexer,
        }
    }

    /// Carries out one effect.
    pub fn dispatch(&self, effect: Effect) -> Result<Dispatched, Stopped> {
        let job = match effect {
            Effect::OpenUrl(url) => return Ok(Dispatched::Terminal(TerminalEffect::OpenUrl(url))),
            Effect::Play(url) => return Ok(Dispatched::Terminal(TerminalEffect::Play(url))),
            Effect::Suspend => return Ok(Dispatched::Terminal(TerminalEffect::Suspend)),
            Effect::SaveLayout(layout) => {
                return Ok(
                    match crate::reader::remember::save_layout(&self.db_path, layout) {
                        Ok(()) => Dispatched::Started,
                        Err(e) => Dispatched::Declined(format!("cannot remember the layout: {e}")),
                    },
                );
            }
            Effect::Refresh { feeds } => {
                return Ok(
                    if self.refresher.start(feeds.as_deref(), self.msgs.clone()) {
                        Dispatched::Started
                    } else {
                        Dispatched::Declined("A refresh is already running".to_owned())
                    },
                );
            }
            Effect::RefreshDue => {
                // Declined quietly while a refresh runs: the next tick comes.
                self.refresher.start_due(self.msgs.clone());
                return Ok(Dispatched::Started);
            }
            Effect::Subscribe(change) => {
                self.subscriptions.start(change, self.msgs.clone());
                return Ok(Dispatched::Started);
            }
            Effect::FetchImage { id, index, url } => {
                pictures::fetch(self.settings.clone(), id, index, url, self.msgs.clone());
                return Ok(Dispatched::Started);
            }
            Effect::FetchFull { id, link } => {
                let (db_path, settings) = (self.db_path.clone(), self.settings.clone());
                fulltext::fetch(db_path, settings, id, link, self.msgs.clone());
                return Ok(Dispatched::Started);
            }
            Effect::LoadFeeds => Job::Load(Load::Feeds),
            Effect::LoadTopics { all } => Job::Load(Load::Topics { all }),
            Effect::LoadStories(ids) => Job::Load(Load::Stories(ids)),
            Effect::LoadArticles(filter) => Job::Load(Load::Articles(filter)),
            Effect::LoadArticle { id, width } => Job::Load(Load::Article { id, width }),
            Effect::SetRead { ids, read } => Job::Write(Write::Read { ids, read }),
            Effect::SetStarred { id, starred } => Job::Write(Write::Starred { id, starred }),
        };
        if self.database.send(job) {
            Ok(Dispatched::Started)
        } else {
            Err(Stopped)
        }
    }
}
