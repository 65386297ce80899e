//! Sibling posts on listing pages: when the extracted block holds several
//! `article`s, the ones that are teasers of other pages (their title or
//! picture links away with `rel="bookmark"`, or their heading is a link)
//! go, as long as one article that is not a teaser stays.

use dom_query::{Document, NodeRef};

/// Whether an article element is a teaser: a permalink to another page.
fn is_teaser(article: &NodeRef) -> bool {
    article.descendants_it().any(|d| {
        let bookmark = d.has_name("a")
            && d.attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|v| v == "bookmark"));
        let linked_heading = ["h1", "h2", "h3", "h4"].iter().any(|h| d.has_name(h))
            && d.descendants_it().any(|a| a.has_name("a"));
        bookmark || linked_heading
    })
}

/// Removes teaser articles beside the page's own article.
pub fn remove_sibling_teasers(document: &Document) {
    let articles: Vec<NodeRef> = document
        .select("body article")
        .nodes()
        .iter()
        .filter(|a| !a.ancestors_it(None).any(|p| p.has_name("article")))
        .cloned()
        .collect();
    if articles.len() < 2 {
        return;
    }
    let (teasers, own): (Vec<&NodeRef>, Vec<&NodeRef>) =
        articles.iter().partition(|a| is_teaser(a));
    let own_has_text = own
        .iter()
        .any(|a| a.text().split_whitespace().count() >= 20);
    if own_has_text {
        for teaser in teasers {
            teaser.remove_from_parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasers_beside_the_article_go() {
        let post = "<p>To love yourself is the start of every other love there is, and it \
                    takes a lifetime of practice and patience to learn it well.</p>";
        let html = format!(
            "<article>{post}</article>\
             <article><h2><a href=\"/other\">Other post</a></h2><p>Teaser of another post.</p></article>\
             <article><a rel=\"bookmark\" href=\"/third\"><img></a><p>Third teaser.</p></article>"
        );
        let document = Document::from(html.as_str());
        remove_sibling_teasers(&document);
        let text = document.select("body").text().to_string();
        assert!(text.contains("To love yourself"), "{text}");
        assert!(
            !text.contains("Teaser") && !text.contains("Third"),
            "{text}"
        );
    }

    #[test]
    fn a_page_of_teasers_alone_is_left_alone() {
        let html = "<article><h2><a href=\"/a\">One</a></h2><p>First teaser text.</p></article>\
                    <article><h2><a href=\"/b\">Two</a></h2><p>Second teaser text.</p></article>";
        let document = Document::from(html);
        remove_sibling_teasers(&document);
        assert!(document.select("body").text().contains("Second teaser"));
    }
}
