//! The Google Reader API (Miniflux, FreshRSS, Inoreader, The Old Reader,
//! BazQux): a ClientLogin token, the subscription list with folders, the
//! unread and starred id lists (paged with `n` and a continuation), the
//! contents of the ids not stored yet (in batches), and `edit-tag` for
//! read and starred changes (idempotent: adding a tag an entry has does
//! nothing, so a change sent twice never flips a state).
//!
//! The API's path is found from the server's base URL: the base itself
//! (Miniflux), then `{base}/api/greader.php` (FreshRSS).

use std::collections::HashSet;

use reqwest::Method;
use url::form_urlencoded::Serializer;

use super::config::Credentials;
use super::http::Http;
use super::{Changes, NewSubscription, Server, Sink, SyncError};
use crate::library::store::{Mark, QueuedChange, RemoteFeed};
use crate::text::sanitize::clean_line;
use wire::{Contents, ItemIds, Subscriptions, entry_id, remote_entry};

/// Ids asked for per page of an id list.
const PAGE: usize = 1000;
/// The largest page Miniflux gives (FreshRSS and others give as many).
const MAX_PAGE: usize = 10_000;
/// Ids sent in one `edit-tag`.
const BATCH: usize = 250;
/// The most ids one list may have (a guard against an endless list).
const MAX_IDS: usize = 1_000_000;

const FORM: &str = "application/x-www-form-urlencoded";
const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";

mod wire;

pub(super) struct GReader {
    http: Http,
    /// The edit token (`reader/api/0/token`), sent as `T` with every POST.
    token: String,
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
            let token = edit_token(&http)?;
            return Ok(GReader { http, token });
        }
        Err(SyncError::Server(
            "no Google Reader API at the URL (tried it and its /api/greader.php)".to_owned(),
        ))
    }

    /// One stream's entry ids, page by page with the continuation. An
    /// offset continuation over a list that changes, or whose order has
    /// ties, can give an id twice and skip another: then the list is read
    /// again in pages as large as the API allows.
    fn ids(&self, stream: &str, exclude: Option<&str>) -> Result<Vec<String>, SyncError> {
        let (ids, repeated) = self.ids_paged(stream, exclude, PAGE)?;
        if !repeated {
            return Ok(ids);
        }
        Ok(self.ids_paged(stream, exclude, MAX_PAGE)?.0)
    }

    /// The ids, each once, and whether an id came twice.
    fn ids_paged(
        &self,
        stream: &str,
        exclude: Option<&str>,
        page: usize,
    ) -> Result<(Vec<String>, bool), SyncError> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut repeated = false;
        let mut continuation: Option<String> = None;
        loop {
            let mut query = Serializer::new(String::new());
            query
                .append_pair("output", "json")
                .append_pair("s", stream)
                .append_pair("n", &page.to_string());
            if let Some(exclude) = exclude {
                query.append_pair("xt", exclude);
            }
            if let Some(c) = &continuation {
                query.append_pair("c", c);
            }
            let path = format!("reader/api/0/stream/items/ids?{}", query.finish());
            let (answer, _): (ItemIds, _) = self.http.json(Method::GET, &path, None)?;
            let count = answer.item_refs.len();
            for id in answer.item_refs.iter().filter_map(|r| entry_id(&r.id)) {
                if seen.insert(id.clone()) {
                    out.push(id);
                } else {
                    repeated = true;
                }
            }
            let next = answer.continuation.and_then(|c| match c {
                serde_json::Value::String(s) if !s.is_empty() => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            match next {
                Some(next)
                    if count > 0 && out.len() < MAX_IDS && continuation.as_ref() != Some(&next) =>
                {
                    continuation = Some(next);
                }
                _ => return Ok((out, repeated)),
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

/// The edit token for POSTs (Miniflux gives the login token again,
/// FreshRSS one of its own).
fn edit_token(http: &Http) -> Result<String, SyncError> {
    let answer = http.send(Method::GET, "reader/api/0/token", None)?;
    answer.ok()?;
    std::str::from_utf8(&answer.body)
        .ok()
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned)
        .ok_or_else(|| SyncError::Server("the server gave no edit token".to_owned()))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
