//! tidings: a terminal news reader. The library holds every layer so the
//! binary (`main.rs`), the tests and the benchmarks drive the same code.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod contain;
pub mod extract;
pub mod fetch;
pub mod fulltext;
pub mod indexer;
pub mod lock;
pub mod model;
pub mod opener;
pub mod parse;
pub mod paths;
pub mod plaintext;
pub mod refresh;
pub mod render;
pub mod sanitize;
pub mod store;
pub mod subscriptions;
pub mod textwidth;
pub mod timefmt;
pub mod topics;
pub mod tui;
pub mod ui;
pub mod worker;
