//! `tidings show`: one article, rendered as in the reader or as plain
//! text, and finding an article by id, link or guid.

use anyhow::{Context as _, Result, anyhow};

use super::Setup;
use super::output::print;
use crate::library::Library;
use crate::model::ArticleId;
use crate::text::render::{RenderMode, render_html};
use crate::text::sanitize::clean_line;

/// Prints one article as the reader shows it, or as plain text; with
/// `full`, fetches its full text first when not stored yet.
pub(super) fn show(
    setup: &Setup,
    library: &mut Library,
    spec: &str,
    full: bool,
    plain: bool,
    width: usize,
) -> Result<()> {
    let id = find_article(library, spec)?;
    let mut article = library
        .store()
        .article(id)?
        .ok_or_else(|| anyhow!("article {id} vanished"))?;
    if full && article.full.is_none() {
        let link = article
            .summary
            .link
            .clone()
            .ok_or_else(|| anyhow!("article {id} has no link to fetch"))?;
        let extracted = crate::feeds::fulltext::fetch_article(&setup.config.settings, &link)
            .with_context(|| format!("cannot get the full text of {}", clean_line(&link)))?;
        article.full = Some(library.store_full_text(id, extracted)?);
    }
    let body = match (&article.full, full) {
        (Some(text), true) => text.html.as_str(),
        _ => article.content.as_deref().unwrap_or(""),
    };
    if plain {
        return print(&render_html(body, width, RenderMode::Plain));
    }
    if !full {
        article.full = None;
    }
    let page = crate::text::render::reader_page(&article, width, &[], &[]);
    let mut text = String::new();
    for line in page.lines {
        text.push_str(line.text().trim_end());
        text.push('\n');
    }
    print(&text)
}

/// The article an id, link or guid names.
pub(super) fn find_article(library: &Library, spec: &str) -> Result<ArticleId> {
    library.store().find_article(spec)?.ok_or_else(|| {
        anyhow!(
            "no article matches '{}' (use an id from `tidings articles`, a link or a guid)",
            clean_line(spec)
        )
    })
}
