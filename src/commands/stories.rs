//! `stories`: the stories several articles cover, biggest first, with
//! their lead article, outlets, article ids and shared topics.

use anyhow::Result;
use serde::Serialize;

use super::{print, print_json, truncate};
use crate::library::Library;
use crate::text::sanitize::clean_line;

#[derive(Serialize)]
struct StoryJson {
    id: i64,
    /// The lead (earliest) article's title.
    title: String,
    sources: usize,
    feeds: Vec<String>,
    articles: Vec<i64>,
    topics: Vec<String>,
    unread: usize,
}

pub(super) fn stories(library: &mut Library, unread_only: bool, json: bool) -> Result<()> {
    let stories = library.stories(unread_only, 5)?;
    let rows: Vec<StoryJson> = stories
        .iter()
        .map(|(story, topics)| {
            let ids: Vec<i64> = story.articles.iter().map(|a| a.id).collect();
            let topics = topics.iter().map(|t| clean_line(t)).collect();
            StoryJson {
                id: story.id,
                title: clean_line(&story.articles[0].title),
                sources: story.sources(),
                feeds: story.feeds().iter().map(|f| clean_line(f)).collect(),
                articles: ids,
                topics,
                unread: story.articles.iter().filter(|a| !a.read).count(),
            }
        })
        .collect();
    if json {
        return print_json(&rows);
    }
    let mut text = String::new();
    for row in rows {
        text.push_str(&format!(
            "{:>6} {:>2} sources {:>3} articles  {}  [{}]\n",
            row.id,
            row.sources,
            row.articles.len(),
            truncate(&row.title, 70),
            row.feeds.join(", ")
        ));
    }
    print(&text)
}
