//! The use cases that answer with lists: articles for a filter, related
//! articles, topics and their counts, stories.

use std::collections::{HashMap, HashSet};

use super::Library;
use super::store::Result;
use super::store::StoryRow;
use crate::model::{ArticleId, ArticleQuery, ArticleSummary, FeedId, Filter, ListRow, Story};
use crate::topics::index::{RELATED_MIN, Related};

/// The articles a filter shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub articles: Vec<ArticleSummary>,
    /// The filter names a topic that no article has.
    pub unknown_topic: bool,
}

/// One article's ranking of the others, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub id: ArticleId,
    pub link: Option<String>,
    pub related: Vec<ArticleId>,
}

impl Library {
    /// The articles a filter shows, newest first (related articles best
    /// first), at most `limit`.
    pub fn articles(&mut self, filter: &Filter, limit: Option<u64>) -> Result<Listing> {
        let (articles, unknown_topic) = self.articles_as(filter, limit, |a| a)?;
        Ok(Listing {
            articles,
            unknown_topic,
        })
    }

    /// [`Library::articles`] as the reader's list rows, each made as its
    /// row is read (a feed's rows share its name).
    pub fn list_rows(&mut self, filter: &Filter, limit: Option<u64>) -> Result<Vec<ListRow>> {
        let mut names = HashMap::new();
        let shape = |a| ListRow::shared(a, &mut names);
        Ok(self.articles_as(filter, limit, shape)?.0)
    }

    /// The articles a filter shows, each turned into a `T`; and whether
    /// the filter names a topic no article has.
    fn articles_as<T>(
        &mut self,
        filter: &Filter,
        limit: Option<u64>,
        mut shape: impl FnMut(ArticleSummary) -> T,
    ) -> Result<(Vec<T>, bool)> {
        if let Some(id) = filter.related_to {
            let related: Vec<ArticleId> =
                self.related(id, 100)?.iter().map(|r| r.article).collect();
            let mut articles = self.store.articles_by_ids(&related)?;
            articles.truncate(limit.map_or(usize::MAX, |l| l as usize));
            return Ok((articles.into_iter().map(shape).collect(), false));
        }
        let mut query: ArticleQuery = filter.into();
        let Some(topic) = &filter.topic else {
            query.limit = limit;
            return Ok((self.store.articles_as(&query, shape)?, false));
        };
        let wanted: HashSet<ArticleId> = self
            .topics
            .index(&self.store)?
            .articles_with_topic(topic)
            .into_iter()
            .collect();
        if wanted.is_empty() {
            return Ok((Vec::new(), true));
        }
        // Newest first, as far as the limit: not every article of the store.
        let articles =
            self.store
                .articles_where(&query, |id| wanted.contains(&id), limit, &mut shape)?;
        Ok((articles, wanted.is_empty()))
    }

    /// Articles about the same story or topic, best first; those sharing
    /// no more than a common word or two ([`RELATED_MIN`]) are left out.
    pub fn related(&mut self, id: ArticleId, limit: usize) -> Result<Vec<Related>> {
        let mut related = self.topics.index(&self.store)?.related(id, limit);
        related.retain(|r| r.score >= RELATED_MIN);
        Ok(related)
    }

    /// Every indexed article's ranking, without the cut-off: what the
    /// quality scorers read (`related --all`).
    pub fn rankings(&mut self, limit: usize) -> Result<Vec<Ranking>> {
        let links = self.store.article_links()?;
        let index = self.topics.index(&self.store)?;
        index.prepare();
        Ok(links
            .into_iter()
            .filter(|(id, _)| index.contains(*id))
            .map(|(id, link)| {
                let related = index.related_prepared(id, limit);
                Ranking {
                    id,
                    link,
                    related: related.into_iter().map(|r| r.article).collect(),
                }
            })
            .collect())
    }

    /// An article's topics: names, categories, strongest keywords.
    pub fn topics_of(&mut self, id: ArticleId, max: usize) -> Result<Vec<String>> {
        Ok(self.topics.index(&self.store)?.topics_of(id, max))
    }

    /// Topics by how many articles (unread ones only, if asked) have them.
    pub fn topic_counts(&mut self, unread_only: bool) -> Result<Vec<(String, u32)>> {
        let ids: Option<Vec<ArticleId>> = if unread_only {
            let query = ArticleQuery {
                unread_only: true,
                ..Default::default()
            };
            Some(self.store.article_ids(&query)?)
        } else {
            None
        };
        Ok(self.topics.index(&self.store)?.topic_counts(ids.as_deref()))
    }

    /// Stories several articles cover, biggest first, each with its
    /// strongest shared topics.
    pub fn stories(
        &mut self,
        unread_only: bool,
        topics: usize,
    ) -> Result<Vec<(StoryRow, Vec<String>)>> {
        let stories = self.store.stories(unread_only)?;
        let index = self.topics.index(&self.store)?;
        Ok(stories
            .into_iter()
            .map(|story| {
                let ids: Vec<ArticleId> = story.articles.iter().map(|a| a.id).collect();
                let shared = index
                    .topic_counts(Some(&ids))
                    .into_iter()
                    .take(topics)
                    .map(|(t, _)| t)
                    .collect();
                (story, shared)
            })
            .collect())
    }

    /// The story of an article, as stored (`tidings stories` agrees).
    pub fn story_of(&self, id: ArticleId) -> Result<Story> {
        Ok(match self.store.story_of(id)? {
            Some(row) => Story {
                sources: row.sources() as u32,
                members: row
                    .articles
                    .iter()
                    .map(|a| a.id)
                    .filter(|&a| a != id)
                    .collect(),
            },
            None => Story {
                sources: 1,
                members: Vec::new(),
            },
        })
    }

    /// The other outlets covering an article's story, in the order they did.
    pub fn also_covered_by(&self, id: ArticleId, own_feed: FeedId) -> Result<Vec<String>> {
        let Some(story) = self.store.story_of(id)? else {
            return Ok(Vec::new());
        };
        let mut also: Vec<String> = Vec::new();
        for member in story.articles {
            if member.feed_id != own_feed && !also.contains(&member.feed) {
                also.push(member.feed);
            }
        }
        Ok(also)
    }
}
