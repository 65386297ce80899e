//! What the reader remembers between runs, beside the database: the layout
//! the user last chose with `L` (it wins over the `layout` setting). A
//! small TOML file, written whole to a temporary file and renamed, so a
//! crash leaves the old choice or the new one, never half of one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Layout;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Remembered {
    layout: Option<Layout>,
}

/// `tidings.db` -> `tidings.reader.toml`, in the database's folder.
fn state_path(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map_or_else(|| "tidings".into(), |s| s.to_string_lossy());
    db.with_file_name(format!("{stem}.reader.toml"))
}

/// The layout chosen last time, if any (an unreadable file is ignored).
pub fn load_layout(db: &Path) -> Option<Layout> {
    let text = std::fs::read_to_string(state_path(db)).ok()?;
    toml::from_str::<Remembered>(&text).ok()?.layout
}

/// Remembers `layout` for the next start.
pub fn save_layout(db: &Path, layout: Layout) -> std::io::Result<()> {
    let path = state_path(db);
    let text = toml::to_string(&Remembered {
        layout: Some(layout),
    })
    .map_err(std::io::Error::other)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    file.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_layout_comes_back_and_garbage_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tidings.db");
        assert_eq!(load_layout(&db), None);
        save_layout(&db, Layout::Split).unwrap();
        assert_eq!(load_layout(&db), Some(Layout::Split));
        assert!(dir.path().join("tidings.reader.toml").exists());
        std::fs::write(state_path(&db), "layout = \"sideways\"\n\u{1b}[2J").unwrap();
        assert_eq!(load_layout(&db), None);
    }
}
