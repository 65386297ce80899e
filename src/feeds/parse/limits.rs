//! Bounds on what one feed may put in the database: how many items, and
//! how long each field may be.

use crate::model::NewArticle;

/// Items read from one feed: real feeds carry tens or hundreds; a feed of
/// a million tiny items is an attack on the database.
pub const MAX_ITEMS: usize = 10_000;

/// Longest fields kept, in bytes; longer ones are cut (on a character
/// boundary). Bodies stay generous: some feeds carry whole long reads.
const MAX_LINE: usize = 2_048;
const MAX_LINK: usize = 8_192;
const MAX_BODY: usize = 2 << 20;
const MAX_CATEGORIES: usize = 50;

/// Cuts an article's fields to the bounds above.
pub fn cap_fields(mut article: NewArticle) -> NewArticle {
    cut(&mut article.title, MAX_LINE);
    for field in [&mut article.author, &mut article.guid] {
        if let Some(value) = field.as_mut() {
            cut(value, MAX_LINE);
        }
    }
    // A link cut short would lead somewhere else: too long, it goes.
    if article.link.as_ref().is_some_and(|l| l.len() > MAX_LINK) {
        article.link = None;
    }
    for body in [&mut article.summary, &mut article.content] {
        if let Some(value) = body.as_mut() {
            cut(value, MAX_BODY);
        }
    }
    article.categories.truncate(MAX_CATEGORIES);
    for category in &mut article.categories {
        cut(category, MAX_LINE);
    }
    article
}

fn cut(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::parse::parse_feed;

    #[test]
    fn huge_feeds_and_fields_are_capped() {
        let mut rss = String::from("<rss version=\"2.0\"><channel><title>t</title>");
        rss.push_str(&format!(
            "<item><title>{}</title><guid>big</guid><author>{}</author><link>https://e.org/{}</link>\
             <description>{}</description>{}</item>",
            "é".repeat(5_000),
            "a".repeat(5_000),
            "x".repeat(10_000),
            "b".repeat(3 << 20),
            (0..80)
                .map(|i| format!("<category>c{i}</category>"))
                .collect::<String>()
        ));
        for i in 0..MAX_ITEMS + 5 {
            rss.push_str(&format!("<item><title>{i}</title><guid>{i}</guid></item>"));
        }
        rss.push_str("</channel></rss>");
        let feed = parse_feed(rss.as_bytes(), None, None).unwrap();
        assert_eq!(feed.articles.len(), MAX_ITEMS);
        let big = &feed.articles[0];
        assert!(big.title.len() <= MAX_LINE && big.title.starts_with('é'));
        assert!(big.author.as_ref().unwrap().len() <= MAX_LINE);
        assert_eq!(big.link, None);
        assert_eq!(big.content.as_ref().unwrap().len(), MAX_BODY);
        assert_eq!(big.categories.len(), MAX_CATEGORIES);
    }
}
