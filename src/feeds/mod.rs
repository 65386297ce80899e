//! The network edge: HTTP with caps and conditional GET, feed parsing, the
//! concurrent refresh, full-text fetching and subscription lists.

pub mod config_file;
pub mod discover;
pub mod fetch;
pub mod fulltext;
pub mod images;
pub mod notify;
pub mod parse;
pub mod refresh;
pub mod schedule;
pub mod subscriptions;
