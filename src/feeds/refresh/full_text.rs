//! Full texts on refresh: for feeds listed in `full_text_feeds`, the page
//! of every article that arrived is fetched, extracted and stored.

use std::sync::mpsc;

use super::{Network, RefreshTarget};
use crate::config::Settings;
use crate::library::store::{Store, StoreError};

/// For feeds listed in `full_text_feeds`, fetches and stores the page of
/// every article that arrived in this refresh. A page that fails is left
/// for `f` later; it never fails the refresh.
pub(super) fn fetch_full_texts(
    store: &mut Store,
    settings: &Settings,
    targets: &[RefreshTarget],
    network: &Network,
    now: i64,
) -> Result<(), StoreError> {
    let mut pages = Vec::new();
    for target in targets.iter().filter(|t| wants_full_text(settings, t)) {
        pages.extend(store.new_articles_without_full_text(target.id, now)?);
    }
    if pages.is_empty() {
        return Ok(());
    }
    let (tx, rx) = mpsc::channel();
    for (id, link) in pages {
        let (fetcher, global, tx) = (
            network.fetcher.clone(),
            network.limits.global.clone(),
            tx.clone(),
        );
        network.runtime.spawn(async move {
            let page = {
                let _slot = global.acquire().await;
                fetcher.fetch_page(&link).await
            };
            let Ok(page) = page else { return };
            let extracted = tokio::task::spawn_blocking(move || {
                let html =
                    crate::text::extract::decode_page(&page.bytes, page.content_type.as_deref());
                crate::text::extract::extract(&html, Some(&page.final_url))
            })
            .await;
            if let Ok(Ok(article)) = extracted {
                let _ = tx.send((id, article));
            }
        });
    }
    drop(tx);
    for (id, article) in rx {
        let full = article.into_full_text();
        store.store_full_text(id, &full, now)?;
    }
    Ok(())
}

/// Whether the feed's `full_text` is on or `full_text_feeds` names it
/// (by name or URL).
fn wants_full_text(settings: &Settings, target: &RefreshTarget) -> bool {
    target.feed.options.full_text
        || settings.full_text_feeds.iter().any(|f| {
            let f = f.trim();
            target
                .feed
                .name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(f))
                || target.feed.url() == f
        })
}
