//! Related-topic filtering, our own idea: what each article is about
//! (names, keywords, categories), which articles cover the same story, and
//! the topic list. Pure: storage and threads live elsewhere.

pub mod features;
pub mod index;
pub mod text;

pub use features::{ArticleText, Feature, Kind, extract};
pub use index::{Counts, Related, TermId, TopicIndex, Weights};
pub use text::{Analyzer, Lang};

/// Extracts every article's topic features, in the feed's language
/// (detected once from its titles). Run where parsing runs, off the UI.
pub fn annotate_feed(feed: &mut crate::model::ParsedFeed) {
    let mut sample = String::new();
    for article in feed.articles.iter().take(30) {
        sample.push_str(&article.title);
        sample.push_str(". ");
    }
    let analyzer = Analyzer::new(Lang::detect(&sample));
    for article in &mut feed.articles {
        article.topics = extract(
            &ArticleText {
                title: &article.title,
                body: &article.text,
                categories: &article.categories,
            },
            &analyzer,
        );
    }
}
