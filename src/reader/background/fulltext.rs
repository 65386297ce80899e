//! The full-text fetcher: one article's page fetched, extracted and stored
//! on its own thread, then `FullTextReady` (or the error) sent back.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use crate::config::Settings;
use crate::library::Library;
use crate::library::store::Store;
use crate::model::ArticleId;
use crate::reader::app::Msg;

/// Fetches an article's page on its own thread, extracts and stores it.
pub(super) fn fetch(
    db_path: PathBuf,
    settings: Settings,
    id: ArticleId,
    link: String,
    msgs: Sender<Msg>,
) {
    let spawned = std::thread::Builder::new()
        .name("tidings-fulltext".to_owned())
        .spawn(move || {
            let result = crate::feeds::fulltext::fetch_article(&settings, &link)
                .map_err(|e| e.to_string())
                .and_then(|extracted| {
                    Store::open(&db_path)
                        .and_then(|store| Library::new(store).store_full_text(id, extracted))
                        .map_err(|e| e.to_string())
                });
            let msg = match result {
                Ok(_) => Msg::FullTextReady(id),
                Err(e) => Msg::Failed(format!("Full text: {e}")),
            };
            let _ = msgs.send(msg);
        });
    // Without a thread the fetch cannot happen; the status stays as it was.
    drop(spawned);
}
