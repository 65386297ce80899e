//! Photo captions by structure: a `figcaption` is a caption by definition,
//! and a short block that repeats a picture's description (its `alt` or
//! `title`) is one whatever its markup.

use dom_query::{Document, NodeRef};

use crate::text::plaintext::fold_whitespace;

/// Blocks that can hold a caption's text.
const TEXT_BLOCKS: &[&str] = &["p", "div", "span", "figcaption", "li", "dd", "em", "small"];

/// Normalised for comparison: lower case, letters and digits only.
pub fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A block repeats a description when one starts with the other and the
/// shared part is long enough not to be chance ("Reuters" is not a caption).
fn repeats(block: &str, description: &str) -> bool {
    const MIN: usize = 24;
    if block.len() < MIN || description.len() < MIN {
        return false;
    }
    description.starts_with(block) || block.starts_with(description)
}

/// The descriptions of the pictures in the article.
fn descriptions(document: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for img in document.select("body img").nodes() {
        for name in ["alt", "title"] {
            if let Some(value) = img.attr(name) {
                let k = key(&value);
                if !k.is_empty() && !out.contains(&k) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// Removes `figcaption`s and blocks that repeat a picture's description.
pub fn remove_captions(document: &Document) {
    document.select("body figcaption").remove();
    let described = descriptions(document);
    if described.is_empty() {
        return;
    }
    let nodes: Vec<NodeRef> = document.select("body *").nodes().to_vec();
    for node in nodes {
        let is_text_block = node
            .node_name()
            .is_some_and(|name| TEXT_BLOCKS.contains(&&*name));
        if !is_text_block {
            continue;
        }
        let text = fold_whitespace(&node.text());
        // Only the innermost block that carries the words, and never prose.
        if text.split_whitespace().count() > 60 {
            continue;
        }
        let k = key(&text);
        if described.iter().any(|d| repeats(&k, d)) {
            node.remove_from_parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figcaptions_and_repeated_descriptions_go() {
        let html = "<p>The minister spoke to reporters at length on Monday about the plan.</p>\
            <p><img alt=\"Crews clear fallen trees on the coast road on Monday morning.\"></p>\
            <p>Crews clear fallen trees on the coast road on Monday morning. (Reuters)</p>\
            <figure><img><figcaption>Turbines at dawn</figcaption></figure>\
            <p>Crews worked through the night.</p>";
        let document = Document::from(html);
        remove_captions(&document);
        let text = document.select("body").text().to_string();
        assert!(text.contains("The minister spoke"), "{text}");
        assert!(text.contains("Crews worked through the night."), "{text}");
        assert!(!text.contains("coast road"), "{text}");
        assert!(!text.contains("Turbines"), "{text}");
    }
}
