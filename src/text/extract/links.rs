//! Blocks made mostly of links: navigation, related lists, tag clouds, and
//! short link-only paragraphs ("Related: …"). Top-down, so a big container
//! with little link text survives while the link lists inside it go.

use dom_query::{Document, NodeRef};

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// (visible characters, characters inside links, links). Characters, not
/// words, so Chinese and Japanese pages work; a bare URL as link text is a
/// cited source, so it counts as content.
fn link_stats(node: &NodeRef) -> (usize, usize, usize) {
    let total = visible_chars(&node.text());
    let (mut linked, mut links) = (0, 0);
    for d in node.descendants() {
        if d.has_name("a") {
            let text = d.text();
            let text = text.trim();
            if text.contains("://") || text.starts_with("www.") {
                continue;
            }
            linked += visible_chars(text);
            links += 1;
        }
    }
    (total, linked, links)
}

const CONTAINERS: &[&str] = &[
    "ul", "ol", "dl", "nav", "aside", "section", "div", "table", "footer", "header",
];
const PARAGRAPHS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6"];

/// Top-down, so a big container with little link text survives while the
/// link lists inside it go.
pub fn remove_link_blocks(document: &Document) {
    let nodes: Vec<NodeRef> = document.select("body *").nodes().to_vec();
    for node in nodes {
        let Some(name) = node.node_name() else {
            continue;
        };
        let name: &str = &name;
        if CONTAINERS.contains(&name) {
            let (total, linked, links) = link_stats(&node);
            if total > 0 && links >= 2 && linked * 2 >= total {
                node.remove_from_parent();
                continue;
            }
        }
        if PARAGRAPHS.contains(&name) {
            let (total, linked, links) = link_stats(&node);
            if total > 0 && links >= 1 && total <= 100 && linked * 10 >= total * 8 {
                node.remove_from_parent();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_lists_go_but_prose_with_links_stays() {
        let html = "<div><p>The storm hit the <a href=\"/x\">coast</a> overnight and damaged many turbines, \
                    engineers said on Monday as crews began to inspect the damage along the shore.</p>\
                    <ul><li><a href=\"/a\">One story</a></li><li><a href=\"/b\">Another story</a></li></ul>\
                    <p><a href=\"/c\">Read the full report here</a></p></div>";
        let (html, text) = clean_for_test(html);
        assert!(
            text.contains("The storm hit the coast overnight"),
            "{text:?} {html:?}"
        );
        assert!(
            !text.contains("One story") && !text.contains("Read the full report"),
            "{text}"
        );
        assert!(html.contains("href=\"/x\""));
    }

    fn clean_for_test(html: &str) -> (String, String) {
        let document = Document::from(html);
        remove_link_blocks(&document);
        let body = document.select("body");
        (body.inner_html().to_string(), body.text().to_string())
    }
}
