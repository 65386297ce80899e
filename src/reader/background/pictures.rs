//! The picture fetcher: one image of the open article fetched (page
//! limits: size cap, timeout, http(s) only) and decoded (pixel and memory
//! limits) on its own thread, then `ImageLoaded` sent back.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use crate::config::Settings;
use crate::feeds::fetch::Fetcher;
use crate::feeds::images::fetch_image;
use crate::model::ArticleId;
use crate::reader::app::Msg;
use crate::text::sanitize::clean_line;

pub(super) fn fetch(
    settings: Settings,
    id: ArticleId,
    index: usize,
    url: String,
    msgs: Sender<Msg>,
) {
    let failed = msgs.clone();
    let spawned = std::thread::Builder::new()
        .name("tidings-picture".to_owned())
        .spawn(move || {
            let result = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .and_then(|runtime| {
                    let fetcher = Fetcher::new(&settings).map_err(|e| e.to_string())?;
                    runtime
                        .block_on(fetch_image(&fetcher, &url))
                        .map(Arc::new)
                        .map_err(|e| clean_line(&e.to_string()))
                });
            let _ = msgs.send(Msg::ImageLoaded { id, index, result });
        });
    if let Err(e) = spawned {
        let result = Err(format!("cannot start: {e}"));
        let _ = failed.send(Msg::ImageLoaded { id, index, result });
    }
}
