//! Read and starred marks: on one article, all listed, or a whole story.
//! Applied to the state at once; the effects write them. Part of `app`.

use super::{App, Effect};
use crate::model::ArticleId;

pub(super) fn toggle_read(app: &mut App) -> Vec<Effect> {
    let Some((id, _)) = app.target_article() else {
        return Vec::new();
    };
    let read = !app
        .articles
        .iter()
        .find(|a| a.id == id)
        .is_some_and(|a| a.read);
    app.set_read_locally(&[id], read);
    vec![Effect::SetRead {
        ids: vec![id],
        read,
    }]
}

pub(super) fn toggle_star(app: &mut App) -> Vec<Effect> {
    let Some((id, _)) = app.target_article() else {
        return Vec::new();
    };
    let Some(article) = app.articles.iter_mut().find(|a| a.id == id) else {
        return Vec::new();
    };
    article.starred = !article.starred;
    vec![Effect::SetStarred {
        id,
        starred: article.starred,
    }]
}

pub(super) fn mark_all_read(app: &mut App) -> Vec<Effect> {
    let ids: Vec<ArticleId> = app
        .articles
        .iter()
        .filter(|a| !a.read)
        .map(|a| a.id)
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    app.set_read_locally(&ids, true);
    app.status = Some(format!("Marked {} articles read", ids.len()));
    vec![Effect::SetRead { ids, read: true }, Effect::LoadFeeds]
}

/// Marks the open or selected article and the rest of its story read.
pub(super) fn mark_story_read(app: &mut App) -> Vec<Effect> {
    let Some((id, _)) = app.target_article() else {
        return Vec::new();
    };
    let mut ids = vec![id];
    match app.stories.known.get(&id) {
        Some(story) => ids.extend(story.members.iter().copied()),
        None => {
            app.status = Some("The story of this article is still being worked out".to_owned());
            return Vec::new();
        }
    }
    app.set_read_locally(&ids, true);
    app.status = Some(format!("Marked {} articles of this story read", ids.len()));
    vec![Effect::SetRead { ids, read: true }, Effect::LoadFeeds]
}
