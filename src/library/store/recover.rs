//! A database file that is not a database, or is damaged, is moved aside
//! (never deleted) and a fresh one started, with a message saying where the
//! old file went.

use std::path::Path;

use super::{Result, Store, StoreError};

impl Store {
    /// [`Store::open`], except that a file that is not a database, or is
    /// damaged, is moved aside (never deleted) and a fresh one started;
    /// the message says so and where the old file went.
    pub fn open_or_recover(path: &Path) -> Result<(Store, Option<String>)> {
        match Store::open(path) {
            Err(StoreError::Sql(e)) if is_damage(&e) => {
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let aside = path.with_file_name(format!(
                    "{}.damaged-{stamp}",
                    path.file_name()
                        .map_or_else(|| "tidings.db".into(), |n| n.to_string_lossy().into_owned())
                ));
                std::fs::rename(path, &aside).map_err(|source| StoreError::MoveAside {
                    path: aside.display().to_string(),
                    source,
                })?;
                for extra in ["-wal", "-shm"] {
                    let mut from = path.as_os_str().to_owned();
                    from.push(extra);
                    let mut to = aside.as_os_str().to_owned();
                    to.push(extra);
                    let _ = std::fs::rename(&from, &to);
                }
                let store = Store::open(path)?;
                let notice = format!(
                    "the database {} was damaged ({e}); it was moved to {} and a new one started",
                    path.display(),
                    aside.display()
                );
                Ok((store, Some(notice)))
            }
            other => other.map(|store| (store, None)),
        }
    }
}

/// Errors that mean the file is not a usable database at all.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if matches!(
                failure.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            )
    )
}
