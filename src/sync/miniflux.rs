//! Miniflux's own REST API (`/v1/`): feeds with their categories, entries
//! page by page (unread and starred on a first sync, those changed since
//! the last one after), read and unread in batches, stars set one by one
//! (Miniflux only toggles a star, so the entry's state is read first: a
//! change sent twice never flips it back).

use std::collections::HashMap;

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::config::Credentials;
use super::entries::{RawEntry, article_of, unix_time};
use super::http::Http;
use super::{Changes, NewSubscription, Server, Sink, SyncError};
use crate::library::store::{Mark, QueuedChange, RemoteEntry, RemoteFeed};

/// Entries asked for at a time.
const PAGE: usize = 1000;
/// Entry ids marked in one request.
const BATCH: usize = 500;

#[derive(Deserialize)]
struct Feed {
    id: i64,
    feed_url: String,
    title: String,
    category: Option<Category>,
}

#[derive(Deserialize)]
struct Category {
    title: String,
}

#[derive(Deserialize)]
struct Entries {
    #[serde(default)]
    total: u64,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    id: i64,
    feed_id: i64,
    status: String,
    title: String,
    url: Option<String>,
    published_at: Option<String>,
    changed_at: Option<String>,
    content: Option<String>,
    author: Option<String>,
    starred: bool,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct Created {
    feed_id: i64,
}

#[derive(Deserialize)]
struct CategoryId {
    id: i64,
    title: String,
}

pub(super) struct Miniflux {
    http: Http,
}

impl Miniflux {
    pub(super) fn connect(
        base: url::Url,
        credentials: &Credentials,
    ) -> Result<Miniflux, SyncError> {
        let mut http = Http::new(base)?;
        match credentials {
            Credentials::Token(token) => http.set_header("X-Auth-Token", token)?,
            Credentials::Password { username, password } => http.set_basic(username, password),
        }
        Ok(Miniflux { http })
    }

    /// Pages through `/v1/entries?{filter}` in id order.
    fn entries(&self, filter: &str, sink: &mut dyn Sink) -> Result<(), SyncError> {
        let mut after = 0;
        loop {
            let path = format!(
                "v1/entries?{filter}&order=id&direction=asc&limit={PAGE}&after_entry_id={after}"
            );
            let (answer, _): (Entries, _) = self.http.json(Method::GET, &path, None)?;
            if after == 0 {
                sink.expect(answer.total);
            }
            let Some(last) = answer.entries.last().map(|e| e.id) else {
                return Ok(());
            };
            after = last;
            let count = answer.entries.len();
            sink.page(
                answer
                    .entries
                    .into_iter()
                    .filter_map(remote_entry)
                    .collect(),
            )?;
            if count < PAGE {
                return Ok(());
            }
        }
    }

    /// The id of the category titled `title`, made when missing.
    fn category(&self, title: &str) -> Result<i64, SyncError> {
        let (all, _): (Vec<CategoryId>, _) = self.http.json(Method::GET, "v1/categories", None)?;
        if let Some(found) = all.iter().find(|c| c.title.eq_ignore_ascii_case(title)) {
            return Ok(found.id);
        }
        let body = json!({ "title": title });
        let (made, _): (CategoryId, _) =
            self.http.json(Method::POST, "v1/categories", Some(body))?;
        Ok(made.id)
    }

    fn set_status(&self, ids: &[i64], read: bool) -> Result<(), SyncError> {
        for chunk in ids.chunks(BATCH) {
            let status = if read { "read" } else { "unread" };
            let body = json!({ "entry_ids": chunk, "status": status });
            let answer = self.http.send(
                Method::PUT,
                "v1/entries",
                Some(("application/json", body.to_string().into_bytes())),
            )?;
            answer.ok()?;
        }
        Ok(())
    }

    /// Stars or unstars one entry: toggled only when it differs.
    fn set_star(&self, id: i64, starred: bool) -> Result<(), SyncError> {
        let answer = self
            .http
            .send(Method::GET, &format!("v1/entries/{id}"), None)?;
        if answer.status == 404 {
            return Ok(()); // gone from the server: nothing to star
        }
        answer.ok()?;
        let entry: Entry = parse(&answer.body)?;
        if entry.starred != starred {
            self.http
                .send(Method::PUT, &format!("v1/entries/{id}/bookmark"), None)?
                .ok()?;
        }
        Ok(())
    }
}

impl Server for Miniflux {
    fn feeds(&mut self) -> Result<(Vec<RemoteFeed>, Option<i64>), SyncError> {
        let (feeds, date): (Vec<Feed>, _) = self.http.json(Method::GET, "v1/feeds", None)?;
        let feeds = feeds
            .into_iter()
            .map(|f| RemoteFeed {
                remote: f.id.to_string(),
                url: f.feed_url,
                title: crate::text::sanitize::clean_line(&f.title),
                tags: f
                    .category
                    .map(|c| crate::text::sanitize::clean_line(&c.title))
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect(),
            })
            .collect();
        Ok((feeds, date))
    }

    fn changes(&mut self, since: Option<i64>, sink: &mut dyn Sink) -> Result<Changes, SyncError> {
        match since {
            None => {
                self.entries("status=unread", sink)?;
                self.entries("starred=true", sink)?;
            }
            Some(since) => self.entries(&format!("changed_after={since}"), sink)?,
        }
        Ok(Changes::Paged)
    }

    fn contents(&mut self, ids: &[String], sink: &mut dyn Sink) -> Result<(), SyncError> {
        for id in ids.iter().filter_map(|id| id.parse::<i64>().ok()) {
            let answer = self
                .http
                .send(Method::GET, &format!("v1/entries/{id}"), None)?;
            if answer.status == 404 {
                continue;
            }
            answer.ok()?;
            let entry: Entry = parse(&answer.body)?;
            sink.page(remote_entry(entry).into_iter().collect())?;
        }
        Ok(())
    }

    fn push(&mut self, changes: &[QueuedChange]) -> Result<(), SyncError> {
        let mut status: HashMap<bool, Vec<i64>> = HashMap::new();
        for change in changes {
            let Ok(id) = change.remote.parse::<i64>() else {
                continue;
            };
            match change.mark {
                Mark::Read => status.entry(change.value).or_default().push(id),
                Mark::Starred => self.set_star(id, change.value)?,
            }
        }
        for (read, ids) in status {
            self.set_status(&ids, read)?;
        }
        Ok(())
    }

    fn subscribe(&mut self, feed: &NewSubscription) -> Result<(), SyncError> {
        let mut body = json!({ "feed_url": feed.url });
        if let Some(folder) = &feed.folder {
            body["category_id"] = json!(self.category(folder)?);
        }
        let (created, _): (Created, _) = self.http.json(Method::POST, "v1/feeds", Some(body))?;
        if let Some(title) = &feed.title {
            let body = json!({ "title": title });
            let path = format!("v1/feeds/{}", created.feed_id);
            self.http
                .json::<serde_json::Value>(Method::PUT, &path, Some(body))?;
        }
        Ok(())
    }

    fn unsubscribe(&mut self, remote: &str) -> Result<(), SyncError> {
        let id: i64 = remote
            .parse()
            .map_err(|_| SyncError::Server(format!("not a Miniflux feed id: {remote}")))?;
        let answer = self
            .http
            .send(Method::DELETE, &format!("v1/feeds/{id}"), None)?;
        match answer.status {
            404 => Ok(()), // gone already
            _ => answer.ok(),
        }
    }
}

fn parse(body: &[u8]) -> Result<Entry, SyncError> {
    serde_json::from_slice(body)
        .map_err(|e| SyncError::Server(format!("the server's entry is not as expected: {e}")))
}

/// An entry to store; `None` for one the server removed.
fn remote_entry(entry: Entry) -> Option<RemoteEntry> {
    if entry.status == "removed" {
        return None;
    }
    Some(RemoteEntry {
        remote: entry.id.to_string(),
        feed: entry.feed_id.to_string(),
        read: entry.status == "read",
        starred: entry.starred,
        changed_at: entry.changed_at.as_deref().and_then(unix_time),
        article: article_of(RawEntry {
            id: entry.id.to_string(),
            title: entry.title,
            url: entry.url,
            author: entry.author,
            content: entry.content,
            published: entry.published_at.as_deref().and_then(unix_time),
            categories: entry.tags,
        }),
    })
}
