//! The open article's pictures: found in its HTML once it is loaded (with
//! `images` on), fetched one at a time as they are shown (the first at
//! once, `i` steps to the next), never before the article is opened. Part
//! of `app`: pure.

use std::sync::Arc;

use super::{App, Effect};
use crate::feeds::images::image_urls;
use crate::model::ArticleId;

/// Where one picture of the open article stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Picture {
    /// Not asked for yet.
    Waiting,
    /// On its way.
    Asked,
    Ready(Arc<image::DynamicImage>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageSlot {
    pub url: String,
    pub picture: Picture,
}

/// The article `id` came: find its pictures (once) and ask for the first.
pub(super) fn article_images(app: &mut App, id: ArticleId) -> Vec<Effect> {
    if !app.images_on {
        return Vec::new();
    }
    let Some(reader) = app.reader.as_mut().filter(|r| r.id == id) else {
        return Vec::new();
    };
    if reader.images.is_some() {
        return Vec::new();
    }
    let Some(article) = &reader.article else {
        return Vec::new();
    };
    let html = article
        .full
        .as_ref()
        .map(|f| f.html.as_str())
        .or(article.content.as_deref())
        .unwrap_or("");
    let mut urls = image_urls(html, article.summary.link.as_deref());
    // The page's own lead image comes first.
    if let Some(lead) = article.full.as_ref().and_then(|f| f.image.clone()) {
        urls.retain(|u| *u != lead);
        urls.insert(0, lead);
    }
    reader.images = Some(
        urls.into_iter()
            .map(|url| ImageSlot {
                url,
                picture: Picture::Waiting,
            })
            .collect(),
    );
    reader.image = 0;
    ask(app)
}

/// Asks for the shown picture if nobody has yet.
fn ask(app: &mut App) -> Vec<Effect> {
    let Some(reader) = app.reader.as_mut() else {
        return Vec::new();
    };
    let (id, index) = (reader.id, reader.image);
    match reader
        .images
        .as_mut()
        .and_then(|slots| slots.get_mut(index))
    {
        Some(slot) if slot.picture == Picture::Waiting => {
            slot.picture = Picture::Asked;
            vec![Effect::FetchImage {
                id,
                index,
                url: slot.url.clone(),
            }]
        }
        _ => Vec::new(),
    }
}

/// `i`: the next picture of the open article (round to the first).
pub(super) fn next_image(app: &mut App) -> Vec<Effect> {
    let count = app
        .reader
        .as_ref()
        .and_then(|r| r.images.as_ref())
        .map_or(0, Vec::len);
    let Some(reader) = app.reader.as_mut().filter(|_| count > 0) else {
        app.status = Some(if app.images_on {
            "No pictures in this article".to_owned()
        } else {
            "Pictures are off (images = false)".to_owned()
        });
        return Vec::new();
    };
    reader.image = (reader.image + 1) % count;
    reader.scroll = 0;
    app.status = Some(format!("Picture {}/{count}", reader.image + 1));
    ask(app)
}

/// A picture came (or could not): kept if its article is still open.
pub(super) fn image_loaded(
    app: &mut App,
    id: ArticleId,
    index: usize,
    result: Result<Arc<image::DynamicImage>, String>,
) -> Vec<Effect> {
    let slot = app
        .reader
        .as_mut()
        .filter(|r| r.id == id)
        .and_then(|r| r.images.as_mut())
        .and_then(|slots| slots.get_mut(index));
    if let Some(slot) = slot {
        slot.picture = match result {
            Ok(image) => Picture::Ready(image),
            Err(e) => Picture::Failed(e),
        };
    }
    Vec::new()
}
