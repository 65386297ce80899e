//! Related-topic filtering, our own idea: what each article is about
//! (names, keywords, categories), which articles cover the same story, and
//! the topic list. Pure: storage and threads live elsewhere.

pub mod countries;
pub mod features;
pub mod index;
mod lang;
pub mod names;
mod news_words;
pub mod stories;
pub mod term_ids;
pub mod text;

pub use features::{ArticleText, Feature, Features, Kind, extract};
pub use index::{Counts, Related, TermId, TopicIndex, Weights};
pub use stories::{Assignment, Stories, StoryId};
pub use term_ids::TermIds;
pub use text::{Analyzer, Lang};
