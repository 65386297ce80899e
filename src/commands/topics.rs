//! `related` and `topics`: the related-topic index from the command line.

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::{print, print_json, truncate};
use crate::library::store::Store;
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

pub(super) fn related(store: &Store, spec: &str, limit: usize, json: bool) -> Result<()> {
    let id = store.find_article(spec)?.ok_or_else(|| {
        anyhow!(
            "no article matches '{}' (use an id from `tidings articles`, a link or a guid)",
            clean_line(spec)
        )
    })?;
    let mut index = store.load_topic_index()?;
    let related = index.related(id, limit);
    let mut rows = Vec::with_capacity(related.len());
    for item in related {
        let Some(article) = store.article(item.article)? else {
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
pub(super) fn related_all(store: &Store, limit: usize) -> Result<()> {
    let mut index = store.load_topic_index()?;
    index.prepare();
    let links = store.article_links()?;
    let mut text = String::new();
    for (id, link) in links {
        if !index.contains(id) {
            continue;
        }
        let related = index
            .related_prepared(id, limit)
            .into_iter()
            .map(|r| r.article)
            .collect();
        let line = RelatedLine {
            id,
            link: link.map(|l| clean_line(&l)),
            related,
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

pub(super) fn topics(store: &Store, limit: usize, unread: bool, json: bool) -> Result<()> {
    let mut index = store.load_topic_index()?;
    let ids: Option<Vec<i64>> = if unread {
        let query = crate::model::ArticleQuery {
            unread_only: true,
            ..Default::default()
        };
        Some(store.articles(&query)?.into_iter().map(|a| a.id).collect())
    } else {
        None
    };
    let mut counts = index.topic_counts(ids.as_deref());
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
