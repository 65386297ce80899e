//! What is stored and what the front ends ask of it: the SQLite store, the
//! indexer that keeps the topic index's data current, and the use cases
//! shared by the reader and the command line.

pub mod indexer;
pub mod store;
