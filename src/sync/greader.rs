//! The Google Reader API (Miniflux, FreshRSS, Inoreader, The Old Reader,
//! BazQux): a ClientLogin token, the subscription list with folders, the
//! unread and starred id lists (paged with `n` and a continuation), the
//! contents of the ids not stored yet (in batches), and `edit-tag` for
//! read and starred changes (idempotent: adding a tag an entry has does
//! nothing, so a change sent twice never flips a state).
//!
//! The API's path is found from the server's base URL: the base itself
//! (Miniflux), then `{base}/api/greader.php` (FreshRSS).

use reqwest::Method;
use serde::Deserialize;
use url::form_urlencoded::Serializer;

use super::config::Credentials;
use super::entries::{RawEntry, article_of};
use super::http::Http;
use super::{Changes, NewSubscription, Server, Sink, SyncError};
use crate::library::store::{Mark, QueuedChange, RemoteEntry, RemoteFeed};
use crate::text::sanitize::clean_line;

/// Ids asked for per page of an id list.
const PAGE: usize = 1000;
/// Ids sent in one `edit-tag`.
const BATCH: usize = 250;
/// The most ids one list may have (a guard against an endless list).
const MAX_IDS: usize = 1_000_000;

const FORM: &str = "application/x-www-form-urlencoded";
const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const LONG_ID: &str = "tag:google.com,2005:reader/item/";

pub(super) struct GReader {
    http: Http,
    /// The login token, sent as `T` with every POST (the edit token).
    token: String,
}

#[derive(Deserialize)]
struct Subscriptions {
    #[serde(default)]
    subscriptions: Vec<Subscription>,
}

#[derive(Deserialize)]
struct Subscription {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    categories: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct ItemIds {
    #[serde(default, rename = "itemRefs")]
    item_refs: Vec<ItemRef>,
    #[serde(default)]
    continuation: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ItemRef {
    id: String,
}

#[derive(Deserialize)]
struct Contents {
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    published: Option<i64>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    alternate: Vec<Href>,
    #[serde(default)]
    canonical: Vec<Href>,
    #[serde(default)]
    content: Option<Text>,
    #[serde(default)]
    summary: Option<Text>,
    origin: Option<Origin>,
}

#[derive(Deserialize)]
struct Href {
    href: String,
}

#[derive(Deserialize)]
struct Text {
    #[serde(default)]
    content: String,
}

#[derive(Deserialize)]
struct Origin {
    #[serde(rename = "streamId")]
    stream_id: String,
}

impl GReader {
    /// Logs in with ClientLogin at the base URL, else at
    /// `{base}/api/greader.php`; the first that answers as the API wins.
    pub(super) fn connect(base: url::Url, credentials: &Credentials) -> Result<GReader, SyncError> {
        let Credentials::Password { username, password } = credentials else {
            return Err(SyncError::Config(
                "[sync] kind = \"greader\" needs username and password_command or password_file"
                    .to_owned(),
            ));
        };
        let form = form(&[("Email", username), ("Passwd", password)]);
        for candidate in candidates(&base) {
            let mut http = Http::new(candidate)?;
            let answer = http.send(
                Method::POST,
                "accounts/ClientLogin",
                Some((FORM, form.clone().into_bytes())),
            )?;
            match answer.status {
                401 | 403 => return Err(SyncError::Auth(answer.status)),
                200..=299 => {}
                _ => continue,
            }
            let Some(token) = auth_token(&answer.body) else {
                continue; // a page, not the API
            };
            http.set_header("Authorization", &format!("GoogleLogin auth={token}"))?;
            return Ok(GReader { http, token });
        }
        Err(SyncError::Server(
            "no Google Reader API at the URL (tried it and its /api/greader.php)".to_owned(),
        ))
    }

    /// One stream's entry ids, page by page with the continuation.
    fn ids(&self, stream: &str, exclude: Option<&str>) -> Result<Vec<String>, SyncError> {
        let mut out = Vec::new();
        let mut continuation: Option<String> = None;
        loop {
            let mut query = Serializer::new(String::new());
            query
                .append_pair("output", "json")
                .append_pair("s", stream)
                .append_pair("n", &PAGE.to_string());
            if let Some(exclude) = exclude {
                query.append_pair("xt", exclude);
            }
            if let Some(c) = &continuation {
                query.append_pair("c", c);
            }
            let path = format!("reader/api/0/stream/items/ids?{}", query.finish());
            let (answer, _): (ItemIds, _) = self.http.json(Method::GET, &path, None)?;
            let count = answer.item_refs.len();
            out.extend(answer.item_refs.iter().filter_map(|r| entry_id(&r.id)));
            let next = answer.continuation.and_then(|c| match c {
                serde_json::Value::String(s) if !s.is_empty() => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            match next {
                Some(next)
                    if count > 0 && out.len() < MAX_IDS && continuation != Some(next.clone()) =>
                {
                    continuation = Some(next);
                }
                _ => return Ok(out),
            }
        }
    }

    /// A POST of a form (with the token), whose answer must be 2xx.
    fn post(&self, path: &str, pairs: &[(&str, &str)]) -> Result<Vec<u8>, SyncError> {
        let mut all = vec![("T", self.token.as_str())];
        all.extend_from_slice(pairs);
        let answer = self
            .http
            .send(Method::POST, path, Some((FORM, form(&all).into_bytes())))?;
        answer.ok()?;
        Ok(answer.body)
    }
}

impl Server for GReader {
    fn feeds(&mut self) -> Result<(Vec<RemoteFeed>, Option<i64>), SyncError> {
        let (list, date): (Subscriptions, _) = self.http.json(
            Method::GET,
            "reader/api/0/subscription/list?output=json",
            None,
        )?;
        let feeds = list
            .subscriptions
            .into_iter()
            .filter(|s| s.url.starts_with("http://") || s.url.starts_with("https://"))
            .map(|s| RemoteFeed {
                remote: clean_line(&s.id),
                url: s.url,
                title: clean_line(&s.title),
                tags: s
                    .categories
                    .iter()
                    .filter_map(|c| c.label.as_deref().map(clean_line))
                    .filter(|t| !t.is_empty())
                    .collect(),
            })
            .collect();
        Ok((feeds, date))
    }

    fn changes(&mut self, _since: Option<i64>, _: &mut dyn Sink) -> Result<Changes, SyncError> {
        Ok(Changes::Lists {
            unread: self.ids(READING_LIST, Some(READ))?,
            starred: self.ids(STARRED, None)?,
        })
    }

    fn contents(&mut self, ids: &[String], sink: &mut dyn Sink) -> Result<(), SyncError> {
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(ids.len());
        pairs.extend(ids.iter().map(|id| ("i", id.as_str())));
        let body = self.post("reader/api/0/stream/items/contents?output=json", &pairs)?;
        let contents: Contents = serde_json::from_slice(&body).map_err(|e| {
            SyncError::Server(format!(
                "the server's item contents are not as expected: {e}"
            ))
        })?;
        sink.page(
            contents
                .items
                .into_iter()
                .filter_map(remote_entry)
                .collect(),
        )
    }

    fn push(&mut self, changes: &[QueuedChange]) -> Result<(), SyncError> {
        for (mark, value) in [
            (Mark::Read, true),
            (Mark::Read, false),
            (Mark::Starred, true),
            (Mark::Starred, false),
        ] {
            let ids: Vec<&str> = changes
                .iter()
                .filter(|c| c.mark == mark && c.value == value)
                .map(|c| c.remote.as_str())
                .collect();
            let tag = match mark {
                Mark::Read => READ,
                Mark::Starred => STARRED,
            };
            for chunk in ids.chunks(BATCH) {
                let mut pairs = vec![(if value { "a" } else { "r" }, tag)];
                pairs.extend(chunk.iter().map(|id| ("i", *id)));
                self.post("reader/api/0/edit-tag", &pairs)?;
            }
        }
        Ok(())
    }

    fn subscribe(&mut self, feed: &NewSubscription) -> Result<(), SyncError> {
        let stream = format!("feed/{}", feed.url);
        let label = feed.folder.as_ref().map(|f| format!("user/-/label/{f}"));
        let mut pairs = vec![("ac", "subscribe"), ("s", stream.as_str())];
        if let Some(title) = &feed.title {
            pairs.push(("t", title));
        }
        if let Some(label) = &label {
            pairs.push(("a", label));
        }
        self.post("reader/api/0/subscription/edit", &pairs)
            .map(drop)
    }

    fn unsubscribe(&mut self, remote: &str) -> Result<(), SyncError> {
        let pairs = [("ac", "unsubscribe"), ("s", remote)];
        self.post("reader/api/0/subscription/edit", &pairs)
            .map(drop)
    }
}

/// Where the API may be: the base URL itself, then FreshRSS's path.
fn candidates(base: &url::Url) -> Vec<url::Url> {
    let mut out = vec![base.clone()];
    let path = base.path().trim_end_matches('/');
    if !path.ends_with("greader.php") {
        let mut fresh = base.clone();
        fresh.set_path(&format!("{path}/api/greader.php"));
        out.push(fresh);
    }
    out
}

/// The `Auth=` line of a ClientLogin answer.
fn auth_token(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.lines()
        .find_map(|line| line.trim().strip_prefix("Auth="))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned)
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut form = Serializer::new(String::new());
    for (name, value) in pairs {
        form.append_pair(name, value);
    }
    form.finish()
}

/// An entry id in decimal, from any of the API's forms: decimal, the long
/// `tag:google.com,2005:reader/item/<hex>` or 16 bare hex digits.
fn entry_id(id: &str) -> Option<String> {
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
fn remote_entry(item: Item) -> Option<RemoteEntry> {
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
    fn the_api_is_tried_at_the_base_then_at_freshrss_path() {
        let base = url::Url::parse("https://rss.example.org/freshrss/").unwrap();
        let tried: Vec<String> = candidates(&base).iter().map(|u| u.to_string()).collect();
        assert_eq!(
            tried,
            [
                "https://rss.example.org/freshrss/",
                "https://rss.example.org/freshrss/api/greader.php"
            ]
        );
        let fresh = url::Url::parse("https://x.org/api/greader.php").unwrap();
        assert_eq!(candidates(&fresh).len(), 1);
    }

    #[test]
    fn the_login_token_is_the_auth_line() {
        assert_eq!(
            auth_token(b"SID=a/1\nLSID=a/1\nAuth=admin/abc123\n").as_deref(),
            Some("admin/abc123")
        );
        assert_eq!(auth_token(b"<html>login</html>"), None);
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
