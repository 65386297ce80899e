//! The story view: the article list folded to one row per story. A story's
//! row is its lead (earliest) article, placed where its newest article
//! would be, with how many more articles and which outlets cover it; one
//! story at a time can be unfolded to show all its articles under the lead.
//! Pure: it only rearranges the rows the list already has.

use std::collections::{HashMap, HashSet};

use super::App;
use crate::model::{ArticleId, ListRow, Story};

/// What is known of stories, and the story view.
#[derive(Debug, Clone, Default)]
pub struct StoryState {
    /// One row per story instead of one per article.
    pub view: bool,
    /// The story shown unfolded in the story view.
    pub expanded: Option<i64>,
    /// In the story view: the list as loaded, before folding.
    pub unfolded: Vec<ListRow>,
    /// In the story view: what each story row stands for.
    pub rows: HashMap<ArticleId, StoryRow>,
    /// Story groups known for articles, for source counts and `M`.
    pub known: HashMap<ArticleId, Story>,
    /// Articles whose story was asked for.
    pub(super) requested: HashSet<ArticleId>,
}

/// What a row of the story view stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRow {
    pub story: i64,
    /// Articles of the story in the list besides this row's.
    pub others: usize,
    /// Outlets covering it, the row's own first.
    pub feeds: Vec<String>,
    /// True for the lead row; false for an article shown unfolded under it.
    pub lead: bool,
}

/// Folds `articles` (newest first) to one row per story; `expanded` shows
/// that story's articles under its lead.
pub fn fold(
    articles: &[ListRow],
    expanded: Option<i64>,
) -> (Vec<ListRow>, HashMap<ArticleId, StoryRow>) {
    let mut members: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, article) in articles.iter().enumerate() {
        if let Some(story) = article.story {
            members.entry(story).or_default().push(i);
        }
    }
    let mut rows = Vec::with_capacity(articles.len());
    let mut info = HashMap::new();
    for article in articles {
        let Some(story) = article.story else {
            rows.push(article.clone());
            continue;
        };
        let Some(list) = members.remove(&story) else {
            continue; // folded into the story's row
        };
        let lead = lead_of(articles, &list);
        let mut feeds: Vec<String> = vec![articles[lead].feed.to_string()];
        for &i in &list {
            if !feeds.iter().any(|f| **f == *articles[i].feed) {
                feeds.push(articles[i].feed.to_string());
            }
        }
        let row = StoryRow {
            story,
            others: list.len() - 1,
            feeds,
            lead: true,
        };
        info.insert(articles[lead].id, row.clone());
        rows.push(articles[lead].clone());
        if expanded == Some(story) {
            for &i in list.iter().filter(|&&i| i != lead) {
                let member = StoryRow {
                    lead: false,
                    ..row.clone()
                };
                info.insert(articles[i].id, member);
                rows.push(articles[i].clone());
            }
        }
    }
    (rows, info)
}

/// The earliest article of a story's rows (by date, then id).
fn lead_of(articles: &[ListRow], rows: &[usize]) -> usize {
    rows.iter()
        .copied()
        .min_by_key(|&i| (articles[i].published.unwrap_or(i64::MAX), articles[i].id))
        .unwrap_or(rows[0])
}

/// Sets the list's rows from a loaded list, folded in the story view.
pub(super) fn show_list(app: &mut App, articles: Vec<ListRow>) {
    if app.stories.view {
        let (rows, info) = fold(&articles, app.stories.expanded);
        app.articles = rows;
        app.stories.rows = info;
        app.stories.unfolded = articles;
    } else {
        app.articles = articles;
        app.stories.rows.clear();
        app.stories.unfolded.clear();
    }
}

/// Folds or unfolds the list, keeping the selection on the same article
/// (or on its story's row when it is folded away).
pub(super) fn refold(app: &mut App) {
    let selected = app.selected_article().map(|a| (a.id, a.story));
    let articles = if app.stories.unfolded.is_empty() {
        std::mem::take(&mut app.articles)
    } else {
        std::mem::take(&mut app.stories.unfolded)
    };
    show_list(app, articles);
    if let Some((id, story)) = selected {
        let position =
            app.articles.iter().position(|a| a.id == id).or_else(|| {
                story.and_then(|s| app.articles.iter().position(|a| a.story == Some(s)))
            });
        app.article_cursor = position.unwrap_or(0);
    }
    app.article_cursor = app.article_cursor.min(app.articles.len().saturating_sub(1));
}

/// `S`: one row per story, or one row per article.
pub(super) fn toggle_view(app: &mut App) {
    app.stories.view = !app.stories.view;
    app.stories.expanded = None;
    refold(app);
    app.status = Some(if app.stories.view {
        "One row per story (x unfolds a story)".to_owned()
    } else {
        "One row per article".to_owned()
    });
}

/// `x`: shows the selected story's articles under its row, or folds them.
pub(super) fn toggle_expanded(app: &mut App) {
    if !app.stories.view {
        app.stories.view = true;
    }
    let story = app.selected_article().and_then(|a| a.story);
    app.stories.expanded = match story {
        Some(s) if app.stories.expanded != Some(s) => Some(s),
        _ => None,
    };
    refold(app);
    // The cursor goes to the story's row, where its articles follow.
    if let Some(s) = story
        && let Some(i) = app
            .articles
            .iter()
            .position(|a| a.story == Some(s) && app.stories.rows.get(&a.id).is_some_and(|r| r.lead))
    {
        app.article_cursor = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: i64, feed: &str, published: i64, story: Option<i64>) -> ListRow {
        ListRow {
            id,
            feed_id: feed.len() as i64,
            feed: feed.into(),
            title: format!("Article {id}").into(),
            link: None,
            published: Some(published),
            read: false,
            starred: false,
            story,
        }
    }

    fn list() -> Vec<ListRow> {
        vec![
            article(5, "Wire", 500, Some(1)),
            article(4, "Ledger", 400, None),
            article(3, "Post", 300, Some(1)),
            article(2, "Bulletin", 200, Some(1)),
            article(1, "Notes", 100, None),
        ]
    }

    #[test]
    fn a_story_is_one_row_led_by_its_earliest_article_where_its_newest_was() {
        let (rows, info) = fold(&list(), None);
        let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
        assert_eq!(ids, [2, 4, 1]);
        let row = &info[&2];
        assert_eq!(row.others, 2);
        assert_eq!(row.feeds, ["Bulletin", "Wire", "Post"]);
        assert!(row.lead);
    }

    #[test]
    fn an_unfolded_story_lists_its_articles_under_the_lead() {
        let (rows, info) = fold(&list(), Some(1));
        let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
        assert_eq!(ids, [2, 5, 3, 4, 1]);
        assert!(!info[&5].lead && !info[&3].lead);
    }
}
