//! The `[sync]` section: which feed server, where, and how to get its
//! secret (a command's argv or a file; never the secret itself). What it
//! means is worked out in `crate::sync`.

use std::path::PathBuf;

use serde::Deserialize;

/// Which API the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncKind {
    /// Miniflux's own REST API (an API token, or user and password).
    Miniflux,
    /// The Google Reader API (Miniflux, FreshRSS, Inoreader, …).
    Greader,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    pub kind: SyncKind,
    /// The server's base URL; https, except on loopback.
    pub url: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password_command: Option<Vec<String>>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    #[serde(default)]
    pub token_command: Option<Vec<String>>,
    #[serde(default)]
    pub token_file: Option<PathBuf>,
}
