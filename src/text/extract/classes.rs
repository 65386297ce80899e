//! Page furniture named by its class: the words sites of every language use
//! for the parts of a page around an article (caption, byline, share,
//! related, tags, comments, newsletter…), matched as whole words of the
//! class attribute, never as site names. A named block goes only when it is
//! small beside the article, so a wrapper called "post-meta-content" around
//! the whole text survives.

use dom_query::{Document, NodeRef};

/// Class words that mark a block a reader does not want.
const FURNITURE: &[&str] = &[
    "caption",
    "captions",
    "figcaption",
    "credit",
    "credits",
    "copyright",
    "byline",
    "bylines",
    "author",
    "authors",
    "dateline",
    "timestamp",
    "share",
    "sharing",
    "sharebar",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "related",
    "recommended",
    "rail",
    "teaser",
    "teasers",
    "trending",
    "popular",
    "recirculation",
    "tags",
    "tag",
    "taglist",
    "comments",
    "comment",
    "gallery",
    "slideshow",
    "carousel",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "sponsor",
    "sponsored",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "popup",
    "modal",
    "toolbar",
    "footer",
    "signup",
    "bio",
    "meta",
];

/// Class words of a picture's frame: the text in it is a caption, unless
/// the block holds a heading (then it is a section of a story told in
/// pictures).
const MEDIA: &[&str] = &["figure", "image", "photo", "picture", "img"];

/// Whole class names for text only screen readers see.
const INVISIBLE: &[&str] = &["sr-only", "visually-hidden", "screen-reader-text", "hide"];

/// The lower-case words of a class attribute: split on anything not a
/// letter or digit and at lower-to-upper case changes ("shareBar").
fn class_words(class: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in class.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// What a class attribute names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Furniture,
    Media,
    Other,
}

/// What a class attribute names; a state ("no-caption", "has-image") names
/// nothing.
pub fn named(class: &str) -> Named {
    let lower = class.to_lowercase();
    if lower.split_whitespace().any(|c| INVISIBLE.contains(&c)) {
        return Named::Furniture;
    }
    let words = class_words(class);
    let role = |list: &[&str]| {
        words.iter().enumerate().any(|(i, w)| {
            list.contains(&w.as_str())
                && (i == 0 || !matches!(words[i - 1].as_str(), "no" | "without" | "has" | "with"))
        })
    };
    if role(FURNITURE) {
        Named::Furniture
    } else if role(MEDIA) {
        Named::Media
    } else {
        Named::Other
    }
}

/// Blocks, not inline elements: a link or a span inside a sentence is part
/// of the sentence whatever its class says.
const BLOCKS: &[&str] = &[
    "div",
    "p",
    "section",
    "aside",
    "figure",
    "figcaption",
    "ul",
    "ol",
    "li",
    "dl",
    "footer",
    "header",
    "nav",
    "table",
    "form",
];

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Removes blocks whose class or id names furniture, and navigation, when
/// their text is under a fifth of the article's; top-down, so the outermost
/// such block goes whole.
pub fn remove_named_furniture(document: &Document) {
    let total = document
        .select("body")
        .nodes()
        .first()
        .map_or(0, |b| visible_chars(&b.text()));
    let nodes: Vec<NodeRef> = document
        .select("body [class], body [id], body nav")
        .nodes()
        .to_vec();
    for node in nodes {
        let Some(tag) = node.node_name() else {
            continue;
        };
        let block = BLOCKS.contains(&&*tag);
        let name = if &*tag == "nav" {
            Named::Furniture
        } else {
            let class = node.class().unwrap_or_default();
            let id = node.id_attr().unwrap_or_default();
            named(&format!("{class} {id}"))
        };
        let kept_inside: &[&str] = match name {
            // Embedded posts (tweets, Instagram) are quoted in the article.
            Named::Furniture => &["blockquote"],
            Named::Media => &["blockquote", "h1", "h2", "h3", "h4", "h5", "h6"],
            Named::Other => continue,
        };
        let holds_kept = || {
            node.descendants_it()
                .any(|d| kept_inside.iter().any(|k| d.has_name(k)))
        };
        if !block || holds_kept() {
            continue;
        }
        let chars = visible_chars(&node.text());
        if chars * 5 < total {
            node.remove_from_parent();
        }
    }
}

/// Class attributes served their purpose; the stored article is cleaner
/// without them.
pub fn strip_classes(document: &Document) {
    document.select("body [class]").remove_attr("class");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words_split_on_separators_and_case() {
        assert_eq!(
            class_words("post-byline shareBar"),
            ["post", "byline", "share", "bar"]
        );
        assert_eq!(named("wp-caption alignleft"), Named::Furniture);
        assert_eq!(named("article__tags"), Named::Furniture);
        assert_eq!(named("sr-only"), Named::Furniture);
        assert_eq!(named("InlineImage-imageEmbed"), Named::Media);
        assert_eq!(named("article-body"), Named::Other);
        assert_eq!(named("headline loaded"), Named::Other);
        assert_eq!(named("no_caption"), Named::Other);
        assert_eq!(named("card has-image"), Named::Other);
    }

    #[test]
    fn small_named_blocks_go_and_big_ones_stay() {
        let body = "<p>The storm hit the coast overnight and damaged many turbines.</p>".repeat(8);
        let html = format!(
            "<div class=\"post-meta-wrap\">{body}<p class=\"byline\">By Jane Doe</p>\
             <figure><img alt=\"x\"><figcaption class=\"caption\">Turbines at dawn</figcaption></figure></div>"
        );
        let document = Document::from(html.as_str());
        remove_named_furniture(&document);
        strip_classes(&document);
        let text = document.select("body").text().to_string();
        assert!(text.contains("The storm hit"), "{text}");
        assert!(
            !text.contains("Jane Doe") && !text.contains("Turbines at dawn"),
            "{text}"
        );
        assert!(!document.select("body").html().contains("class="));
    }
}
