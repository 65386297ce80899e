//! Command-line arguments (clap) turned into validated options.
//!
//! Only the shape of the command line lives here; `commands.rs` runs the
//! headless subcommands and `main.rs` wires them to the rest.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tidings",
    version,
    about = "A terminal news reader: RSS, Atom and JSON feeds, readable articles, related stories.",
    after_help = "Without a command, tidings opens the reader."
)]
pub struct Cli {
    /// Config file (default: $XDG_CONFIG_HOME/tidings/config.toml, else the built-in feed list)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database file (default: $XDG_DATA_HOME/tidings/tidings.db)
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Use the bundled demo feeds and a throw-away database (no network needed)
    #[arg(long, global = true)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The shape of `refresh --json`: the feeds' array (as it always was), or
/// an object that adds the sync's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JsonShape {
    Array,
    Object,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch every feed once and store new articles
    Refresh {
        /// JSON: `--json` an array of {feed, url, status, new, error};
        /// `--json=object` {feeds: that array, sync: {pulled, pushed, queued, error} or null}
        #[arg(
            long,
            value_name = "SHAPE",
            num_args = 0..=1,
            require_equals = true,
            default_missing_value = "array"
        )]
        json: Option<JsonShape>,
    },
    /// List feeds with article counts and their last refresh status
    Feeds {
        #[arg(long)]
        json: bool,
    },
    /// List articles, newest first
    Articles {
        /// Only this feed (its name or URL)
        #[arg(long, value_name = "NAME")]
        feed: Option<String>,
        /// Only unread articles
        #[arg(long)]
        unread: bool,
        /// Only articles whose title or text match these words
        #[arg(long, value_name = "WORDS")]
        search: Option<String>,
        /// Only articles about this topic (see `tidings topics`)
        #[arg(long, value_name = "TOPIC")]
        topic: Option<String>,
        /// At most N articles
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        #[arg(long)]
        json: bool,
    },
    /// Print one article as text, with its links numbered
    Show {
        /// Article id (from `articles`), link URL or guid
        article: String,
        /// The whole article from its web page (fetched once, then stored)
        #[arg(long)]
        full: bool,
        /// Body text only: no header, no link list
        #[arg(long)]
        plain: bool,
        /// Wrap the text at N columns
        #[arg(long, value_name = "N", default_value_t = 80)]
        width: usize,
    },
    /// Print the readable article of any web page (no database needed)
    Extract {
        /// An http(s) URL or a saved HTML file
        target: String,
        /// Article text only: no header, no link list
        #[arg(long)]
        plain: bool,
        /// Wrap the text at N columns
        #[arg(long, value_name = "N", default_value_t = 80)]
        width: usize,
        /// The page's metadata and article text as JSON
        #[arg(long, conflicts_with = "plain")]
        json: bool,
    },
    /// Articles about the same story or topic as ARTICLE, best first
    Related {
        /// Article id, link URL or guid
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        article: Option<String>,
        /// Every article's related list, one JSON object per line
        #[arg(long)]
        all: bool,
        /// At most N related articles each
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Topics of the articles, most frequent first
    Topics {
        /// At most N topics
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: usize,
        /// Count only unread articles
        #[arg(long)]
        unread: bool,
        #[arg(long)]
        json: bool,
    },
    /// Stories covered by several articles, biggest first: lead, sources, articles
    Stories {
        /// Only stories with an unread article
        #[arg(long)]
        unread: bool,
        #[arg(long)]
        json: bool,
    },
    /// Sync with the feed server of the config's [sync] section: pull, then push
    Sync {
        /// Say when the last sync ran, how it ended and what waits to be sent
        #[arg(long)]
        status: bool,
        #[arg(long)]
        json: bool,
    },
    /// Mark articles read, unread, starred or unstarred (queued for the sync server)
    Mark {
        /// Article ids, links or guids
        #[arg(required = true)]
        articles: Vec<String>,
        #[arg(long, group = "mark")]
        read: bool,
        #[arg(long, group = "mark")]
        unread: bool,
        #[arg(long, group = "mark")]
        star: bool,
        #[arg(long, group = "mark")]
        unstar: bool,
    },
    /// Add the feeds of an OPML file or a newsboat `urls` file to the config
    Import {
        /// OPML or newsboat urls file
        file: PathBuf,
    },
    /// Print the feed list as OPML
    Export,
    /// Subscribe to a feed: a feed URL as it is, or a web page whose feeds are found
    Add {
        /// A feed's URL, or a page (or site) that names its feed
        url: String,
        /// The feed's name (default: its own title)
        #[arg(long)]
        name: Option<String>,
        /// A tag for the feed (repeat for several)
        #[arg(long = "tag")]
        tags: Vec<String>,
    },
}
