//! A server's entry made into an article, through the same sanitiser and
//! caps as a feed's items: the server's content is untrusted too.

use crate::feeds::parse::cap_fields;
use crate::model::NewArticle;
use crate::text::plaintext::html_to_text;
use crate::text::sanitize::{clean_line, clean_text_owned};

/// The raw fields of an entry as a server gives them.
#[derive(Debug, Default)]
pub(super) struct RawEntry {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub content: Option<String>,
    pub published: Option<i64>,
    pub categories: Vec<String>,
}

/// The article of a server entry: every field sanitised and capped (the
/// caps of a feed's items); its identity within its feed is the server's id.
pub(super) fn article_of(raw: RawEntry) -> NewArticle {
    let link = raw
        .url
        .map(|l| clean_line(&l))
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"));
    let mut categories: Vec<String> = Vec::new();
    for name in raw.categories.iter().map(|c| clean_line(c)) {
        if !name.is_empty() && !categories.contains(&name) {
            categories.push(name);
        }
    }
    cap_fields(NewArticle {
        key: format!("remote:{}", clean_line(&raw.id)),
        guid: None,
        link,
        title: clean_line(&html_to_text(&raw.title)),
        author: raw.author.map(|a| clean_line(&a)).filter(|a| !a.is_empty()),
        published: raw.published,
        summary: None,
        content: raw
            .content
            .map(clean_text_owned)
            .filter(|c| !c.trim().is_empty()),
        categories,
        enclosures: Vec::new(),
    })
}

/// Unix seconds of an RFC 3339 date.
pub(super) fn unix_time(date: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(date.trim())
        .ok()
        .map(|d| d.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_odd_links_do_not_pass() {
        let article = article_of(RawEntry {
            id: "7".to_owned(),
            title: "Hi \u{1b}[31mred\u{1b}[0m <b>there</b>".to_owned(),
            url: Some("javascript:alert(1)".to_owned()),
            author: Some("A\u{7}B".to_owned()),
            content: Some("<p>x</p>".to_owned()),
            published: unix_time("2026-11-20T10:00:00Z"),
            categories: vec!["World".to_owned(), "World".to_owned()],
        });
        assert_eq!(article.key, "remote:7");
        assert!(!article.title.contains('\u{1b}') && article.title.contains("there"));
        assert_eq!(article.link, None);
        assert!(!article.author.unwrap().contains('\u{7}'));
        assert_eq!(article.categories, ["World"]);
        assert_eq!(article.published, Some(1_795_168_800));
    }
}
