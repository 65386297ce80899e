//! Changes to the feed list from the reader, on their own thread: finding
//! a page's feed, then writing the config file (comments kept), taking the
//! new list into the database and the refresher's targets. The answer
//! comes back as a message: done (with a new feed to refresh), several
//! feeds to pick from, or what went wrong.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::config::{Config, DEFAULT_CONFIG, Settings};
use crate::feeds::config_file::{edit_feed, ensure_config_file};
use crate::feeds::discover::discover;
use crate::feeds::fetch::Fetcher;
use crate::feeds::refresh::RefreshTarget;
use crate::feeds::subscriptions::{ImportedFeed, add_to_config};
use crate::library::store::Store;
use crate::model::{FeedEdit, FeedId, SubscriptionChange};
use crate::reader::app::Msg;
use crate::sync::{NewSubscription, SyncConfig};
use crate::text::sanitize::clean_line;

/// What a change needs: where the list is written and the refresher's
/// targets to update.
#[derive(Clone)]
pub(super) struct Subscriptions {
    pub config_path: Option<PathBuf>,
    pub db_path: PathBuf,
    pub settings: Settings,
    pub targets: Arc<Mutex<Vec<RefreshTarget>>>,
    /// A synced account keeps its feed list on the server.
    pub sync: Option<(SyncConfig, PathBuf)>,
}

enum Outcome {
    Changed {
        message: String,
        new: Option<FeedId>,
    },
    Choices(Vec<(String, Option<String>)>),
}

impl Subscriptions {
    /// Carries out `change` on a thread of its own.
    pub(super) fn start(&self, change: SubscriptionChange, msgs: Sender<Msg>) {
        let this = self.clone();
        let msgs_on_error = msgs.clone();
        let spawned = std::thread::Builder::new()
            .name("tidings-subscribe".to_owned())
            .spawn(move || {
                let msg = match this.apply(&change) {
                    Ok(Outcome::Changed { message, new }) => Msg::Subscribed { message, new },
                    Ok(Outcome::Choices(choices)) => Msg::FeedChoices(choices),
                    Err(e) => Msg::Failed(clean_line(&format!("{e:#}"))),
                };
                let _ = msgs.send(msg);
            });
        if let Err(e) = spawned {
            // No thread: say so rather than leave the status line waiting.
            let _ = msgs_on_error.send(Msg::Failed(format!("cannot start: {e}")));
        }
    }

    fn apply(&self, change: &SubscriptionChange) -> Result<Outcome> {
        let path = self
            .config_path
            .as_deref()
            .ok_or_else(|| anyhow!("no config file to write the feed list to"))?;
        match change {
            SubscriptionChange::Add { input } => self.add(path, input),
            SubscriptionChange::Edit { key, edit } if self.is_remote(key) => {
                self.edit_on_server(key, edit)
            }
            SubscriptionChange::Edit { key, edit } => {
                if !edit_feed(path, key, edit)? {
                    bail!(
                        "{} is not in {} (a feed of the sync server?)",
                        clean_line(key),
                        path.display()
                    );
                }
                self.reload(path)?;
                let message = match edit {
                    FeedEdit::Remove => "Feed removed",
                    FeedEdit::Rename(_) => "Feed renamed",
                    FeedEdit::Tags(_) => "Tags saved",
                };
                Ok(Outcome::Changed {
                    message: message.to_owned(),
                    new: None,
                })
            }
        }
    }

    fn add(&self, path: &Path, input: &str) -> Result<Outcome> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let fetcher = Fetcher::new(&self.settings)?;
        let mut found = runtime.block_on(discover(&fetcher, input))?;
        if found.len() > 1 {
            let choices = found.into_iter().map(|c| (c.url, c.title)).collect();
            return Ok(Outcome::Choices(choices));
        }
        let chosen = found.remove(0);
        if let Some((config, base)) = &self.sync {
            return self.add_on_server(config, base, &chosen.url, chosen.title.as_deref());
        }
        ensure_config_file(path, DEFAULT_CONFIG)?;
        let feed = ImportedFeed {
            url: chosen.url.clone(),
            name: chosen.title.clone(),
            tags: Vec::new(),
        };
        let report = add_to_config(path, &[feed], DEFAULT_CONFIG)?;
        let targets = self.reload(path)?;
        let label = clean_line(chosen.title.as_deref().unwrap_or(&chosen.url));
        if report.added.is_empty() {
            return Ok(Outcome::Changed {
                message: format!("Already subscribed to {label}"),
                new: None,
            });
        }
        let new = targets
            .iter()
            .find(|t| t.feed.url() == chosen.url)
            .map(|t| t.id);
        Ok(Outcome::Changed {
            message: format!("Added {label}"),
            new,
        })
    }

    /// Whether `key` is a feed of the sync server (not of the config).
    fn is_remote(&self, key: &str) -> bool {
        let Some((config, _)) = &self.sync else {
            return false;
        };
        Store::open(&self.db_path)
            .and_then(|store| store.remote_feed_id(&config.account(), key))
            .is_ok_and(|remote| remote.is_some())
    }

    /// Subscribes on the server, which then sends the feed's entries.
    fn add_on_server(
        &self,
        config: &SyncConfig,
        base: &Path,
        url: &str,
        title: Option<&str>,
    ) -> Result<Outcome> {
        let mut store = Store::open(&self.db_path).context("cannot open the database")?;
        let feed = NewSubscription::new(url, title, &[]);
        let report = crate::sync::subscribe(&mut store, config, base, &[feed], |_| {});
        if let Some((_, why)) = report.failed.first() {
            bail!(
                "the sync server did not add {}: {}",
                clean_line(url),
                clean_line(why)
            );
        }
        if let Some(e) = report.sync.error {
            bail!("sync failed: {}", clean_line(&e));
        }
        let label = clean_line(title.unwrap_or(url));
        let message = if report.added.is_empty() {
            format!("Already subscribed to {label} on the sync server")
        } else {
            format!("Added {label} on the sync server")
        };
        Ok(Outcome::Changed { message, new: None })
    }

    /// A server's feed is removed there; its name and tags are the server's.
    fn edit_on_server(&self, key: &str, edit: &FeedEdit) -> Result<Outcome> {
        let Some((config, base)) = &self.sync else {
            bail!("no sync server");
        };
        if edit != &FeedEdit::Remove {
            bail!("this feed comes from the sync server: rename or tag it there");
        }
        let mut store = Store::open(&self.db_path).context("cannot open the database")?;
        crate::sync::unsubscribe(&mut store, config, base, key)?;
        Ok(Outcome::Changed {
            message: "Feed removed from the sync server".to_owned(),
            new: None,
        })
    }

    /// Reads the list back and makes it the one stored and refreshed.
    fn reload(&self, path: &Path) -> Result<Vec<RefreshTarget>> {
        let config = Config::load(path)?;
        let mut store = Store::open(&self.db_path).context("cannot open the database")?;
        let ids = store.sync_feeds(&config.feeds)?;
        let targets = RefreshTarget::pair(&ids, &config.feeds);
        *self.targets.lock().unwrap_or_else(|p| p.into_inner()) = targets.clone();
        Ok(targets)
    }
}
