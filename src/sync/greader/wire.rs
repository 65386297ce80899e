//! The Google Reader API's answers as they come over the wire, and their
//! items made into entries to store (ids in decimal, the state from the
//! item's categories, the text through the feed's sanitiser and caps).

use serde::Deserialize;

use crate::library::store::RemoteEntry;
use crate::sync::entries::{RawEntry, article_of};

const LONG_ID: &str = "tag:google.com,2005:reader/item/";

#[derive(Deserialize)]
pub(super) struct Subscriptions {
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
}

#[derive(Deserialize)]
pub(super) struct Subscription {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub categories: Vec<Label>,
}

#[derive(Deserialize)]
pub(super) struct Label {
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct ItemIds {
    #[serde(default, rename = "itemRefs")]
    pub item_refs: Vec<ItemRef>,
    #[serde(default)]
    pub continuation: Option<serde_json::Value>,
}

#[derive(Deserialize)]
pub(super) struct ItemRef {
    pub id: String,
}

#[derive(Deserialize)]
pub(super) struct Contents {
    #[serde(default)]
    pub items: Vec<Item>,
}

#[derive(Deserialize)]
pub(super) struct Item {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub published: Option<i64>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub alternate: Vec<Href>,
    #[serde(default)]
    pub canonical: Vec<Href>,
    #[serde(default)]
    pub content: Option<Text>,
    #[serde(default)]
    pub summary: Option<Text>,
    pub origin: Option<Origin>,
}

#[derive(Deserialize)]
pub(super) struct Href {
    pub href: String,
}

#[derive(Deserialize)]
pub(super) struct Text {
    #[serde(default)]
    pub content: String,
}

#[derive(Deserialize)]
pub(super) struct Origin {
    #[serde(rename = "streamId")]
    pub stream_id: String,
}

/// An entry id in decimal, from any of the API's forms: decimal, the long
/// `tag:google.com,2005:reader/item/<hex>` or 16 bare hex digits.
pub(super) fn entry_id(id: &str) -> Option<String> {
    let id = id.trim();
    let number = if let Some(hex) = id.strip_prefix(LONG_ID) {
        u64::from_str_radix(hex, 16).ok()?
    } else if id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        u64::from_str_radix(id, 16).ok()?
    } else {
        id.parse::<u64>().ok()?
    };
    Some(number.to_string())
}

/// An item to store, with its state from its categories.
pub(super) fn remote_entry(item: Item) -> Option<RemoteEntry> {
    let remote = entry_id(&item.id)?;
    let has = |state: &str| {
        item.categories
            .iter()
            .any(|c| c.starts_with("user/") && c.ends_with(state))
    };
    let (read, starred) = (
        has("/state/com.google/read"),
        has("/state/com.google/starred"),
    );
    let url = item
        .alternate
        .into_iter()
        .chain(item.canonical)
        .map(|h| h.href)
        .find(|h| !h.is_empty());
    let content = item
        .content
        .or(item.summary)
        .map(|t| t.content)
        .filter(|c| !c.is_empty());
    Some(RemoteEntry {
        feed: item.origin?.stream_id,
        read,
        starred,
        // The API gives no time of the state's change: a change made here
        // and not yet sent wins.
        changed_at: None,
        article: article_of(RawEntry {
            id: remote.clone(),
            title: item.title,
            url,
            author: item.author,
            content,
            published: item.published,
            categories: Vec::new(),
        }),
        remote,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_in_decimal_from_every_form() {
        assert_eq!(entry_id("12345").as_deref(), Some("12345"));
        assert_eq!(
            entry_id("tag:google.com,2005:reader/item/00000000000004d2").as_deref(),
            Some("1234")
        );
        assert_eq!(
            entry_id("tag:google.com,2005:reader/item/2f2").as_deref(),
            Some("754")
        );
        assert_eq!(entry_id("000000000000048c").as_deref(), Some("1164"));
        assert_eq!(entry_id("nope"), None);
    }

    #[test]
    fn an_item_carries_its_state_and_feed() {
        let item: Item = serde_json::from_value(serde_json::json!({
            "id": "tag:google.com,2005:reader/item/000000000000000a",
            "title": "T \u{1b}[2J",
            "categories": ["user/1/state/com.google/reading-list", "user/1/state/com.google/starred"],
            "alternate": [{"href": "https://example.org/a", "type": "text/html"}],
            "content": {"content": "<p>body</p>"},
            "origin": {"streamId": "feed/3"}
        }))
        .unwrap();
        let entry = remote_entry(item).unwrap();
        assert_eq!(
            (entry.remote.as_str(), entry.feed.as_str()),
            ("10", "feed/3")
        );
        assert!(!entry.read && entry.starred);
        assert_eq!(entry.article.link.as_deref(), Some("https://example.org/a"));
        assert!(!entry.article.title.contains('\u{1b}'));
    }
}
