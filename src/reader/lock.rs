//! One reader per database: a second `tidings` reader on the same database
//! is refused with a message rather than two of them racing over the read
//! flags. The lock is the kernel's (`flock` on a file beside the database),
//! so a reader that crashed or was killed leaves none behind. Commands such
//! as `tidings refresh` do not take it: SQLite lets them work alongside.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held while the reader runs; dropping it (or the process ending in any
/// way) releases the lock.
#[derive(Debug)]
pub struct ReaderLock {
    _file: File,
}

/// The lock file of a database: `<db>.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut path = db.as_os_str().to_owned();
    path.push(".lock");
    PathBuf::from(path)
}

/// Why the reader lock was not taken (the cause is in the message, not
/// a source: the command line prints the chain).
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot create {}: {error}", .dir.display())]
    CreateDir { dir: PathBuf, error: std::io::Error },
    #[error("cannot open the lock file {}: {error}", .path.display())]
    Open {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "another tidings reader has {} open; close it first \
         (commands such as `tidings refresh` work alongside it)",
        .db.display()
    )]
    Held { db: PathBuf },
    #[error("cannot lock {}: {error}", .path.display())]
    Lock {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// Takes the reader lock of `db`, or says who has it.
pub fn lock_reader(db: &Path) -> Result<ReaderLock, LockError> {
    let path = lock_path(db);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|error| LockError::CreateDir {
            dir: dir.to_path_buf(),
            error,
        })?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|error| LockError::Open {
            path: path.clone(),
            error,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(ReaderLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(LockError::Held {
            db: db.to_path_buf(),
        }),
        Err(TryLockError::Error(error)) => Err(LockError::Lock { path, error }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_reader_is_refused_until_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let first = lock_reader(&db).unwrap();
        let refused = lock_reader(&db).unwrap_err().to_string();
        assert!(refused.contains("another tidings reader"), "{refused}");
        drop(first);
        assert!(lock_reader(&db).is_ok());
    }
}
