//! Stories: articles from several outlets about one event, grouped once and
//! kept. Each new article joins the story of the related articles it is
//! closest to, or founds one with its closest related article; stories are
//! never re-formed, so a story keeps its id and members as articles arrive.
//! Pure: the assignments are stored elsewhere.

use rustc_hash::FxHashMap as HashMap;

use super::index::TopicIndex;
use crate::model::{ArticleId, FeedId};

pub type StoryId = i64;

/// Two articles of one feed are one story only when they share a name and
/// most of their text (a feed rarely covers one event twice; its articles
/// share its style and its beat).
pub const SAME_FEED_MIN: f32 = 0.6;

/// Two articles this similar (cosine of their vectors) may share a story.
pub const PAIR_MIN: f32 = 0.12;

/// Related articles looked at for a new article's story.
const CANDIDATES: usize = 12;

/// An article joins a story when it is this close to its members on
/// average (those beyond the candidates count as 0): close to one member
/// alone is not enough, so stories do not chain from one event to the next.
pub const JOIN_MIN: f32 = 0.16;

/// The stories known so far: each article's story and each story's feeds.
#[derive(Debug, Default, Clone)]
pub struct Stories {
    of: HashMap<ArticleId, StoryId>,
    feeds: HashMap<StoryId, Vec<FeedId>>,
    sizes: HashMap<StoryId, usize>,
}

/// What [`Stories::assign`] decided for an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignment {
    /// Joins an existing story.
    Joins(StoryId),
    /// Founds a story with another article that had none.
    Founds { story: StoryId, with: ArticleId },
}

impl Stories {
    /// Stories from stored (article, story, feed) rows.
    pub fn from_rows(rows: impl IntoIterator<Item = (ArticleId, StoryId, FeedId)>) -> Stories {
        let mut stories = Stories::default();
        for (article, story, feed) in rows {
            stories.insert(article, story, feed);
        }
        stories
    }

    pub fn story_of(&self, article: ArticleId) -> Option<StoryId> {
        self.of.get(&article).copied()
    }

    fn insert(&mut self, article: ArticleId, story: StoryId, feed: FeedId) {
        if self.of.insert(article, story).is_none() {
            *self.sizes.entry(story).or_default() += 1;
        }
        let feeds = self.feeds.entry(story).or_default();
        if !feeds.contains(&feed) {
            feeds.push(feed);
        }
    }

    /// Finds the stories of articles that have none yet and records them;
    /// returns the new (article, story) pairs. The articles with the
    /// closest companions go first, so that a batch forms the same stories
    /// whatever order its articles came in. `index` must be prepared.
    pub fn assign_all(
        &mut self,
        index: &TopicIndex,
        articles: &[ArticleId],
    ) -> Vec<(ArticleId, StoryId)> {
        let new: Vec<ArticleId> = articles
            .iter()
            .copied()
            .filter(|a| !self.of.contains_key(a))
            .collect();
        let mut pending = candidates_of_all(index, &new);
        let best = |c: &[(ArticleId, f32)]| c.first().map_or(0.0, |&(_, s)| s);
        pending.sort_by(|a, b| best(&b.1).total_cmp(&best(&a.1)).then(a.0.cmp(&b.0)));
        let mut assigned = Vec::new();
        let mut born: Vec<StoryId> = Vec::new();
        for (article, candidates) in &pending {
            match self.decide(index, *article, candidates) {
                Some(Assignment::Joins(story)) => assigned.push((*article, story)),
                Some(Assignment::Founds { story, with }) => {
                    assigned.push((*article, story));
                    assigned.push((with, story));
                    born.push(story);
                }
                None => {}
            }
        }
        // One story told twice: its first articles paired off before they
        // met. Stories born in this batch merge into the story their
        // articles are on average as close to as a joining article must
        // be; stories shown before are never merged with each other.
        let mut members: HashMap<StoryId, Vec<usize>> = HashMap::default();
        for (i, (article, _)) in pending.iter().enumerate() {
            if let Some(story) = self.story_of(*article) {
                members.entry(story).or_default().push(i);
            }
        }
        for story in born {
            let Some(rows) = members.get(&story).cloned() else {
                continue;
            };
            if let Some(into) = self.mergeable(story, &rows, &pending) {
                self.merge(story, into, &mut assigned);
                members.remove(&story);
                members.entry(into).or_default().extend(rows);
            }
        }
        assigned
    }

    /// The story that `story` (its batch articles at `rows`) belongs with.
    fn mergeable(
        &self,
        story: StoryId,
        rows: &[usize],
        pending: &[(ArticleId, Vec<(ArticleId, f32)>)],
    ) -> Option<StoryId> {
        let mut links: HashMap<StoryId, f32> = HashMap::default();
        for &row in rows {
            for &(other, score) in &pending[row].1 {
                match self.story_of(other) {
                    Some(s) if s != story => *links.entry(s).or_default() += score,
                    _ => {}
                }
            }
        }
        links
            .into_iter()
            .map(|(s, sum)| {
                let size = self.sizes.get(&s).copied().unwrap_or(1).min(CANDIDATES);
                (s, sum / (rows.len().max(1) * size) as f32)
            })
            .filter(|&(_, mean)| mean >= JOIN_MIN)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(s, _)| s)
    }

    /// Moves every article of story `from` into story `into`.
    fn merge(&mut self, from: StoryId, into: StoryId, assigned: &mut [(ArticleId, StoryId)]) {
        for (_, story) in assigned.iter_mut().filter(|(_, s)| *s == from) {
            *story = into;
        }
        for story in self.of.values_mut().filter(|s| **s == from) {
            *story = into;
        }
        let moved = self.sizes.remove(&from).unwrap_or(0);
        *self.sizes.entry(into).or_default() += moved;
        for feed in self.feeds.remove(&from).unwrap_or_default() {
            let feeds = self.feeds.entry(into).or_default();
            if !feeds.contains(&feed) {
                feeds.push(feed);
            }
        }
    }

    /// Finds the story of one article that has none yet, and records it.
    /// `index` must be prepared and hold the article.
    pub fn assign(&mut self, index: &TopicIndex, article: ArticleId) -> Option<Assignment> {
        let candidates = candidates(index, article);
        self.decide(index, article, &candidates)
    }

    fn decide(
        &mut self,
        index: &TopicIndex,
        article: ArticleId,
        candidates: &[(ArticleId, f32)],
    ) -> Option<Assignment> {
        if self.of.contains_key(&article) {
            return None;
        }
        let feed = index.feed_of(article)?;
        // Summed closeness to each story's members among the candidates.
        let mut by_story: Vec<(StoryId, f32, f32)> = Vec::new();
        let mut lone: Option<(ArticleId, f32)> = None;
        for &(other, score) in candidates {
            match self.story_of(other) {
                Some(story) if self.may_join(index, article, feed, story, other, score) => {
                    match by_story.iter_mut().find(|(s, _, _)| *s == story) {
                        Some(entry) => {
                            entry.1 += score;
                            entry.2 = entry.2.max(score);
                        }
                        None => by_story.push((story, score, score)),
                    }
                }
                None if lone.is_none() && may_pair(index, article, feed, other, score) => {
                    lone = Some((other, score));
                }
                _ => {}
            }
        }
        let best = by_story
            .into_iter()
            .filter(|&(story, sum, _)| {
                let size = self.sizes.get(&story).copied().unwrap_or(1);
                sum / size.clamp(1, CANDIDATES) as f32 >= JOIN_MIN
            })
            .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)));
        // A story that would take the article wins over founding a new one.
        let assignment = match (best, lone) {
            (Some((story, _, _)), _) => Assignment::Joins(story),
            (_, Some((with, _))) => Assignment::Founds {
                story: article.min(with),
                with,
            },
            (_, None) => return None,
        };
        match assignment {
            Assignment::Joins(story) => self.insert(article, story, feed),
            Assignment::Founds { story, with } => {
                self.insert(article, story, feed);
                self.insert(with, story, index.feed_of(with).unwrap_or(feed));
            }
        }
        Some(assignment)
    }

    /// A story of this feed alone takes another of its articles only on
    /// the stricter terms of [`may_pair`].
    fn may_join(
        &self,
        index: &TopicIndex,
        article: ArticleId,
        feed: FeedId,
        story: StoryId,
        member: ArticleId,
        score: f32,
    ) -> bool {
        let only_this_feed = self
            .feeds
            .get(&story)
            .is_some_and(|feeds| feeds.iter().all(|&f| f == feed));
        !only_this_feed || may_pair(index, article, feed, member, score)
    }
}

/// The candidates of many articles, worked out on every core.
fn candidates_of_all(
    index: &TopicIndex,
    articles: &[ArticleId],
) -> Vec<(ArticleId, Vec<(ArticleId, f32)>)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = articles.len().div_ceil(threads).max(256);
    std::thread::scope(|scope| {
        let workers: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&a| (a, candidates(index, a)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    })
}

/// The related articles close enough to share a story, closest first.
fn candidates(index: &TopicIndex, article: ArticleId) -> Vec<(ArticleId, f32)> {
    let mut found = index.similar(article, CANDIDATES, PAIR_MIN);
    // Kept for every new article until all are decided; most have none.
    found.shrink_to_fit();
    found
}

fn may_pair(
    index: &TopicIndex,
    article: ArticleId,
    feed: FeedId,
    other: ArticleId,
    score: f32,
) -> bool {
    index.feed_of(other) != Some(feed)
        || (score >= SAME_FEED_MIN && index.shares_name(article, other))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::{Analyzer, ArticleText, Lang, extract};

    fn index(articles: &[(ArticleId, FeedId, &str, &str)]) -> TopicIndex {
        let analyzer = Analyzer::new(Lang::English);
        let mut index = TopicIndex::new();
        for &(id, feed, title, body) in articles {
            let text = ArticleText {
                title,
                summary: "",
                body,
                categories: &[],
            };
            index.add(id, feed, None, &extract(&text, &analyzer));
        }
        index.prepare();
        index
    }

    const QUAKE: &str = "A magnitude 6.4 earthquake struck near Izmir on Tuesday, \
        the Kandilli Observatory said, damaging buildings in Bayrakli.";
    const BUDGET: &str = "The finance ministry presented a budget with higher pension \
        spending and a new tax on sugary drinks, the minister said.";

    fn corpus() -> TopicIndex {
        index(&[
            (1, 10, "Earthquake hits Izmir, buildings damaged", QUAKE),
            (
                2,
                20,
                "Izmir earthquake damages buildings in Bayrakli",
                QUAKE,
            ),
            (3, 30, "Budget raises pensions, taxes sugary drinks", BUDGET),
            (4, 40, "Strong earthquake shakes Izmir", QUAKE),
            (
                5,
                50,
                "Pensions up and a sugar tax in the new budget",
                BUDGET,
            ),
            (
                6,
                60,
                "Gardening tips for the spring",
                "Plant tulips early and water them.",
            ),
        ])
    }

    #[test]
    fn articles_join_the_story_they_belong_to() {
        let index = corpus();
        let mut stories = Stories::default();
        for id in 1..=6 {
            stories.assign(&index, id);
        }
        let quake = stories.story_of(1);
        assert!(quake.is_some());
        assert_eq!(stories.story_of(2), quake);
        assert_eq!(stories.story_of(4), quake);
        assert_eq!(stories.story_of(3), stories.story_of(5));
        assert_ne!(stories.story_of(3), quake);
        assert_eq!(stories.story_of(6), None, "a lone article has no story");
    }

    #[test]
    fn a_story_keeps_its_id_as_articles_arrive() {
        let index = corpus();
        let mut stories = Stories::default();
        assert_eq!(
            stories.assign(&index, 2),
            Some(Assignment::Founds { story: 1, with: 1 })
        );
        assert_eq!(stories.assign(&index, 4), Some(Assignment::Joins(1)));
        assert_eq!(stories.assign(&index, 4), None, "assigned once");
    }

    #[test]
    fn one_feed_alone_needs_a_shared_name_and_most_of_the_text() {
        let same_feed = index(&[
            (1, 10, "Council approves a new budget for parks", BUDGET),
            (2, 10, "Council debates a new budget for schools", BUDGET),
            (
                3,
                10,
                "Tulip festival opens",
                "Plant tulips early and water them.",
            ),
        ]);
        let mut stories = Stories::default();
        // Same text but no name in common: two articles of one feed stay apart.
        assert!(!same_feed.shares_name(1, 2));
        assert_eq!(stories.assign(&same_feed, 2), None);
    }
}
