//! `related` and `topics`: the related-topic index from the command line.

use anyhow::Result;
use serde::Serialize;

use super::{find_article, print, print_json, truncate};
use crate::library::Library;
use crate::text::sanitize::clean_line;

#[derive(Serialize)]
struct RelatedJson {
    id: i64,
    title: String,
    link: Option<String>,
    feed: String,
    score: f32,
    shared_topics: Vec<String>,
}

pub(super) fn related(library: &mut Library, spec: &str, limit: usize, json: bool) -> Result<()> {
    let id = find_article(library, spec)?;
    let related = library.related(id, limit)?;
    let mut rows = Vec::with_capacity(related.len());
    for item in related {
        let Some(article) = library.store().article(item.article)? else {
            continue;
        };
        rows.push(RelatedJson {
            id: item.article,
            title: clean_line(&article.summary.title),
            link: article.summary.link.map(|l| clean_line(&l)),
            feed: clean_line(&article.summary.feed),
            score: (item.score * 1000.0).round() / 1000.0,
            shared_topics: item.shared.iter().map(|t| clean_line(t)).collect(),
        });
    }
    if json {
        return print_json(&rows);
    }
    let mut text = String::new();
    for row in rows {
        text.push_str(&format!(
            "{:>6} {:.2} {:<20} {}  [{}]\n",
            row.id,
            row.score,
            truncate(&row.feed, 20),
            row.title,
            row.shared_topics.join(", ")
        ));
    }
    print(&text)
}

#[derive(Serialize)]
struct RelatedLine {
    id: i64,
    link: Option<String>,
    related: Vec<i64>,
}

/// One JSON object per line for every article: scripts and the quality
/// benchmark read this.
pub(super) fn related_all(library: &mut Library, limit: usize) -> Result<()> {
    let mut text = String::new();
    for ranking in library.rankings(limit)? {
        let line = RelatedLine {
            id: ranking.id,
            link: ranking.link.map(|l| clean_line(&l)),
            related: ranking.related,
        };
        text.push_str(&serde_json::to_string(&line)?);
        text.push('\n');
    }
    print(&text)
}

#[derive(Serialize)]
struct TopicJson {
    topic: String,
    count: u32,
}

pub(super) fn topics(library: &mut Library, limit: usize, unread: bool, json: bool) -> Result<()> {
    let mut counts = library.topic_counts(unread)?;
    counts.truncate(limit);
    let rows: Vec<TopicJson> = counts
        .into_iter()
        .map(|(topic, count)| TopicJson {
            topic: clean_line(&topic),
            count,
        })
        .collect();
    if json {
        return print_json(&rows);
    }
    let mut text = String::new();
    for row in rows {
        text.push_str(&format!("{:>5}  {}\n", row.count, row.topic));
    }
    print(&text)
}
