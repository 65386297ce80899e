//! tidings: a terminal news reader. The library holds every layer so the
//! binary (`main.rs`), the tests and the benchmarks drive the same code.
//!
//! The folders follow the data, from the network to the screen:
//!
//! - `feeds/`: the network edge. HTTP (`fetch`), feed parsing (`parse`),
//!   the concurrent refresh, full-text fetching and subscription lists
//!   (OPML, newsboat `urls`).
//! - `text/`: untrusted text made safe and readable: sanitising, HTML to
//!   plain text and to the reader's lines, article extraction, display
//!   width, dates.
//! - `topics/`: our own idea: features, the topic index, related articles
//!   and stories. Pure, no I/O.
//! - `library/`: what is stored and what both front ends ask of it: the
//!   SQLite store, the indexer that feeds the topic index, and the use
//!   cases (`library::Library`) the reader and the CLI share.
//! - `reader/`: the terminal reader: `app` (pure state: message in, new
//!   state and effects out), `ui` (drawing, no I/O), `background` (the jobs
//!   that carry out effects off the UI thread) and `terminal` (the event
//!   loop and terminal set-up and restore).
//! - `sync/`: offline-first sync with a feed server (the Google Reader API
//!   and Miniflux's REST API behind one `Server` trait): pull, diff, push
//!   the queued marks, subscribe.
//! - `commands/`: the command line: arguments and the headless commands,
//!   text or JSON.
//! - At the root: `model` (the domain types every layer speaks), `config`,
//!   `paths` and `contain` (panic containment for untrusted input).
#![forbid(unsafe_code)]

pub mod commands;
pub mod config;
pub mod contain;
pub mod feeds;
pub mod library;
pub mod model;
pub mod paths;
pub mod reader;
pub mod sync;
pub mod text;
pub mod topics;
