//! The reader's page for an article: its header (title, source line,
//! link, lead picture, attachments, topics, other outlets) above its body.
//! Everything from the network is sanitised again here.

use super::{RenderedBody, StyledLine, StyledSpan, TextStyle, render_rich, textwrap_plain};
use crate::text::sanitize::clean_line;

/// The reader's page for an article: title, source line, link, then the
/// body. Everything from the network is sanitised again here.
pub fn reader_page(
    article: &crate::model::ArticleDetail,
    width: usize,
    topics: &[String],
    also_covered_by: &[String],
) -> RenderedBody {
    let html = match &article.full {
        Some(full) => full.html.as_str(),
        None => article.content.as_deref().unwrap_or(""),
    };
    let body = render_rich(html, width);
    let mut lines = page_header(article, width, topics, also_covered_by);
    lines.push(StyledLine::default());
    if body.lines.is_empty() {
        lines.push(StyledLine::plain("(This article has no text in the feed.)"));
    }
    lines.extend(body.lines);
    RenderedBody {
        lines,
        links: body.links,
    }
}

/// The lines above an article's body: its title, the source line, its
/// link, and its topics and other outlets when there are any.
fn page_header(
    article: &crate::model::ArticleDetail,
    width: usize,
    topics: &[String],
    also_covered_by: &[String],
) -> Vec<StyledLine> {
    let summary = &article.summary;
    let title = clean_line(&summary.title);
    let mut lines: Vec<StyledLine> = textwrap_plain(&title, width.max(20))
        .iter()
        .map(|line| one_span(line.text(), header_style(true, false, false)))
        .collect();
    lines.push(one_span(
        source_line(article),
        header_style(false, true, false),
    ));
    if let Some(link) = summary.link.as_deref().map(clean_line) {
        lines.push(one_span(link, header_style(false, false, true)));
    }
    if let Some(image) = article.full.as_ref().and_then(|f| f.image.as_deref()) {
        lines.push(one_span(
            format!("Picture: {}", clean_line(image)),
            header_style(false, false, true),
        ));
    }
    for (index, enclosure) in article.enclosures.iter().enumerate() {
        let text = format!("Attachment {}: {}", index + 1, enclosure_label(enclosure));
        for line in textwrap_plain(&text, width.max(20)) {
            lines.push(one_span(line.text(), header_style(false, false, true)));
        }
    }
    for (label, values) in [("Topics: ", topics), ("Also covered by: ", also_covered_by)] {
        if values.is_empty() {
            continue;
        }
        let text = values
            .iter()
            .map(|v| clean_line(v))
            .collect::<Vec<_>>()
            .join(", ");
        for line in textwrap_plain(&format!("{label}{text}"), width.max(20)) {
            lines.push(one_span(line.text(), header_style(false, true, false)));
        }
    }
    lines
}

/// "audio/mpeg, 34.2 MB: https://…" (the player key `P` opens it).
fn enclosure_label(enclosure: &crate::model::Enclosure) -> String {
    let kind = enclosure
        .mime
        .as_deref()
        .map_or("file".to_owned(), clean_line);
    let size = enclosure.length.map(|bytes| match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.0} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.2} GB", bytes as f64 / 1e9),
    });
    let mut label = kind;
    if let Some(size) = size {
        label.push_str(&format!(", {size}"));
    }
    format!("{label}: {}", clean_line(&enclosure.url))
}

/// "Feed | author | site | date": the page's own metadata fills in what
/// the feed left out.
fn source_line(article: &crate::model::ArticleDetail) -> String {
    let mut meta = vec![clean_line(&article.summary.feed)];
    let full = article.full.as_ref();
    let author = article
        .author
        .as_deref()
        .or(full.and_then(|f| f.byline.as_deref()));
    if let Some(author) = author.map(clean_line) {
        meta.push(author);
    }
    if let Some(site) = full.and_then(|f| f.site.as_deref()) {
        meta.push(clean_line(site));
    }
    if let Some(lang) = full.and_then(|f| f.lang.as_deref()) {
        meta.push(clean_line(lang));
    }
    if let Some(date) = article
        .summary
        .published
        .and_then(crate::text::timefmt::long_date)
    {
        meta.push(date);
    }
    meta.join(" | ")
}

/// How the header lines look: headings are bold too.
fn header_style(heading: bool, quote: bool, link: bool) -> TextStyle {
    TextStyle {
        heading,
        bold: heading,
        quote,
        link,
        ..TextStyle::default()
    }
}

/// A line of one span.
fn one_span(text: String, style: TextStyle) -> StyledLine {
    StyledLine {
        spans: vec![StyledSpan { text, style }],
    }
}
