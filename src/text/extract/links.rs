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
            // A short linked line, or several links and little else.
            let mostly_linked = linked * 10 >= total * 8;
            if total > 0 && links >= 1 && (total <= 100 || links >= 2) && mostly_linked {
                node.remove_from_parent();
                continue;
            }
        }
        if (name == "span" && is_hover_card(&node)) || is_tag_list(name, &node) {
            node.remove_from_parent();
        }
    }
}

/// A card glued inside a sentence that shows on hover: a span of links
/// with a picture or several links, nearly all its text linked.
fn is_hover_card(node: &NodeRef) -> bool {
    let (total, linked, links) = link_stats(node);
    let picture = node.descendants_it().any(|d| d.has_name("img"));
    total > 0 && links >= 2 && (picture || links >= 3) && linked * 10 >= total * 8
}

/// Whether a link points at a tag or category page: `rel="tag"`, or a
/// path segment or query key that says so in one of several languages.
fn is_tag_link(node: &NodeRef) -> bool {
    const SEGMENTS: &[&str] = &[
        "tag",
        "tags",
        "category",
        "categories",
        "categoria",
        "categorie",
        "kategorie",
        "topic",
        "topics",
        "label",
        "etiqueta",
        "schlagwort",
        "cat",
    ];
    if node
        .attr("rel")
        .is_some_and(|r| r.split_whitespace().any(|v| v == "tag"))
    {
        return true;
    }
    let Some(href) = node.attr("href") else {
        return false;
    };
    let href = href.to_lowercase();
    let path = href.split('#').next().unwrap_or("");
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    // A query key says so only on the site's own links: elsewhere `tag=`
    // is a shop's affiliate code.
    let own_site = !href.contains("://");
    path.split('/').any(|seg| SEGMENTS.contains(&seg))
        || (own_site
            && query
                .split('&')
                .any(|kv| SEGMENTS.contains(&kv.split('=').next().unwrap_or(""))))
}

/// Prose ends like a sentence; lists of tags do not.
fn is_sentence(text: &str) -> bool {
    let end = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    end.ends_with(['.', '!', '?', '。', '！', '？', '…'])
}

/// A short block (at most 40 words, not a sentence) that lists tag or
/// category links: two of them, or one that is a quarter of its text.
fn is_tag_list(name: &str, node: &NodeRef) -> bool {
    const LISTS: &[&str] = &["p", "div", "ul", "ol", "li", "section", "dl"];
    if !LISTS.contains(&name) {
        return false;
    }
    let text = node.text();
    if text.split_whitespace().count() > 40 || is_sentence(&text) {
        return false;
    }
    let (mut count, mut chars) = (0, 0);
    for link in node.descendants_it().filter(|d| d.has_name("a")) {
        if is_tag_link(&link) {
            count += 1;
            chars += visible_chars(&link.text());
        }
    }
    count >= 2 || (count == 1 && chars * 4 >= visible_chars(&text))
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

    #[test]
    fn tag_lists_and_hover_cards_go() {
        let html = "<p>A man pleaded guilty to threatening <a href=\"/p/omar\">Ilhan Omar</a>\
                    <span><span><img src=\"o.jpg\"><a href=\"/p/omar\">Ilhan Omar</a>\
                    <a href=\"/a/1\">Other story one</a> <a href=\"/a/2\">Other story two</a></span></span>, \
                    prosecutors said.</p><p>Tags: <a href=\"/tag/courts\">courts</a>, \
                    <a href=\"/tag/threats\">threats</a></p>\
                    <p>Read about <a href=\"/topics/brexit\">Brexit</a> and the long negotiations that \
                    followed the vote in the summer of that year.</p>";
        let (_, text) = clean_for_test(html);
        assert!(
            text.contains("threatening Ilhan Omar, prosecutors said."),
            "{text}"
        );
        assert!(
            !text.contains("Other story") && !text.contains("courts"),
            "{text}"
        );
        assert!(text.contains("Read about Brexit"), "{text}");
    }

    fn clean_for_test(html: &str) -> (String, String) {
        let document = Document::from(html);
        remove_link_blocks(&document);
        let body = document.select("body");
        (body.inner_html().to_string(), body.text().to_string())
    }
}
