//! HTTP and local-file fetching with conditional GET, a whole-request
//! timeout, a cap on the decoded body and a strict redirect policy.
//!
//! The only file that talks HTTP. It knows nothing of feeds or storage:
//! callers pass validators in and get bytes or "not modified" back.
//! Local files are read in `local`.

mod failure;
mod headers;
mod local;

use std::time::Duration;

use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED,
};

use crate::config::{FeedSource, Settings};
use crate::model::Validators;
use crate::text::sanitize::clean_line;
use failure::connect_message;
use headers::max_age;
pub use headers::retry_after_secs;
use local::read_local;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("HTTP {text}")]
    Status { code: u16, text: String },
    /// 429 or 503: the server asked us to come back later (after this
    /// many seconds, when it said).
    #[error("HTTP {text}{}", retry_note(*after))]
    RetryLater { text: String, after: Option<u64> },
    #[error("larger than the {0} byte limit (max_feed_bytes)")]
    TooLarge(u64),
    /// `message` is for people ("offline: cannot resolve example.org");
    /// `detail` is the whole chain of causes.
    #[error("{message}")]
    Connect { message: String, detail: String },
    #[error("redirect refused: {0}")]
    Redirect(String),
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
    #[error("request failed: {0}")]
    Other(String),
}

fn retry_note(after: Option<u64>) -> String {
    after.map_or_else(String::new, |s| format!(" (asked to wait {s} s)"))
}

/// A body that arrived, with what is needed to parse and revalidate it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
    /// Where the body came from after redirects (for relative links).
    pub final_url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FetchOutcome {
    Fetched(Fetched),
    NotModified,
}

/// A shared HTTP client configured from the settings.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    timeout_secs: u64,
    max_bytes: u64,
    max_page_bytes: u64,
}

impl Fetcher {
    pub fn new(settings: &Settings) -> Result<Fetcher, FetchError> {
        let max_redirects = settings.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                attempt.error(format!("more than {max_redirects} redirects"))
            } else if !matches!(attempt.url().scheme(), "http" | "https") {
                let scheme = attempt.url().scheme().to_owned();
                attempt.error(format!("redirect to a {scheme}: URL"))
            } else {
                attempt.follow()
            }
        });
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(
                "application/rss+xml, application/atom+xml, application/feed+json, \
                 application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
            ),
        );
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .default_headers(headers)
            .redirect(policy)
            .timeout(Duration::from_secs(settings.timeout_secs))
            .connect_timeout(Duration::from_secs(settings.connect_timeout_secs))
            .build()
            .map_err(|e| FetchError::Other(describe(&e)))?;
        Ok(Fetcher {
            client,
            timeout_secs: settings.timeout_secs,
            max_bytes: settings.max_feed_bytes,
            max_page_bytes: settings.max_page_bytes,
        })
    }

    /// Fetches a source, sending the validators of the last fetch.
    pub async fn fetch(
        &self,
        source: &FeedSource,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        self.fetch_when(source, validators, std::future::ready(()))
            .await
            .0
    }

    /// [`Fetcher::fetch`], reading a body only once `room` is ready; what
    /// it gives (a permit) comes back with the body. So the caller bounds
    /// the bodies held in memory, not the requests in flight: a body not
    /// read yet waits in the socket. The wait counts against the timeout.
    pub async fn fetch_when<T>(
        &self,
        source: &FeedSource,
        validators: &Validators,
        room: impl Future<Output = T>,
    ) -> (Result<FetchOutcome, FetchError>, Option<T>) {
        let result = match source {
            FeedSource::Http(url) => {
                // reqwest's timeout covers the whole exchange; this outer
                // bound also covers our own body loop.
                let deadline = Duration::from_secs(self.timeout_secs) + Duration::from_millis(500);
                tokio::time::timeout(deadline, self.fetch_http(url.as_str(), validators, room))
                    .await
                    .unwrap_or(Err(FetchError::Timeout(self.timeout_secs)))
            }
            FeedSource::Local(path) => {
                let held = room.await;
                let (path, validators) = (path.clone(), validators.clone());
                let max = self.max_bytes;
                tokio::task::spawn_blocking(move || read_local(&path, &validators, max))
                    .await
                    .unwrap_or_else(|e| Err(FetchError::Other(e.to_string())))
                    .map(|outcome| match outcome {
                        FetchOutcome::NotModified => (outcome, None),
                        fetched => (fetched, Some(held)),
                    })
            }
        };
        match result {
            Ok((outcome, held)) => (Ok(outcome), held),
            Err(e) => (Err(e), None),
        }
    }

    /// Fetches a web page (no validators), capped at `max_page_bytes`.
    pub async fn fetch_page(&self, url: &str) -> Result<Fetched, FetchError> {
        let page = Fetcher {
            max_bytes: self.max_page_bytes,
            ..self.clone()
        };
        let deadline = Duration::from_secs(self.timeout_secs) + Duration::from_millis(500);
        let none = Validators::default();
        let room = std::future::ready(());
        let (outcome, _) = tokio::time::timeout(deadline, page.fetch_http(url, &none, room))
            .await
            .unwrap_or(Err(FetchError::Timeout(self.timeout_secs)))?;
        match outcome {
            FetchOutcome::Fetched(fetched) => Ok(fetched),
            FetchOutcome::NotModified => Err(FetchError::Status {
                code: 304,
                text: "304 Not Modified".to_owned(),
            }),
        }
    }

    /// A GET with the validators sent conditionally, the status checked
    /// and the body read within the cap once `room` is ready.
    async fn fetch_http<T>(
        &self,
        url: &str,
        validators: &Validators,
        room: impl Future<Output = T>,
    ) -> Result<(FetchOutcome, Option<T>), FetchError> {
        let mut request = self.client.get(url);
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
        let response = request.send().await.map_err(|e| self.classify(&e))?;
        if is_not_modified(&response, validators)? {
            return Ok((FetchOutcome::NotModified, None));
        }
        refuse_failure(&response)?;
        let held = room.await;
        let fetched = self.read_body(response).await?;
        Ok((FetchOutcome::Fetched(fetched), Some(held)))
    }

    /// The body of a successful response with its type, validators and
    /// final URL; larger than `max_bytes` is an error.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Fetched, FetchError> {
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
            max_age: header(reqwest::header::CACHE_CONTROL).and_then(|v| max_age(&v)),
        };
        let final_url = response.url().to_string();
        // reqwest drops Content-Length when it decompresses, so a declared
        // length is the decoded size. Either way the loop below enforces it.
        let declared = header(CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > self.max_bytes) {
            return Err(FetchError::TooLarge(self.max_bytes));
        }
        // Sized from the declared length (at most 1 MiB ahead: a lie costs
        // little), so a body is not held at twice its size while it grows.
        let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(1 << 20) as usize);
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
            if bytes.len() as u64 + chunk.len() as u64 > self.max_bytes {
                return Err(FetchError::TooLarge(self.max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        bytes.shrink_to_fit();
        Ok(Fetched {
            bytes,
            content_type,
            validators,
            final_url,
        })
    }

    fn classify(&self, err: &reqwest::Error) -> FetchError {
        if err.is_timeout() {
            FetchError::Timeout(self.timeout_secs)
        } else if err.is_redirect() {
            FetchError::Redirect(describe(err))
        } else if err.is_connect() {
            let detail = describe(err);
            let host = err.url().and_then(|u| u.host_str()).unwrap_or("the server");
            FetchError::Connect {
                message: connect_message(&clean_line(host), &detail),
                detail,
            }
        } else {
            FetchError::Other(describe(err))
        }
    }
}

/// Whether the response is a 304 to a conditional request; a 304 to a
/// request that was not conditional is an error.
fn is_not_modified(
    response: &reqwest::Response,
    validators: &Validators,
) -> Result<bool, FetchError> {
    if response.status() != reqwest::StatusCode::NOT_MODIFIED {
        return Ok(false);
    }
    if validators.etag.is_none() && validators.last_modified.is_none() {
        // Nothing was asked conditionally, so nothing is cached to
        // fall back on: a broken server, not "unchanged".
        return Err(FetchError::Status {
            code: 304,
            text: "304 Not Modified to a request that was not conditional".to_owned(),
        });
    }
    Ok(true)
}

/// The error for a response that carries no body to read: a redirect the
/// policy refused, "come back later", or any other failure status.
fn refuse_failure(response: &reqwest::Response) -> Result<(), FetchError> {
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if status.is_redirection() {
        // The policy refused to follow it (e.g. a non-http scheme).
        let target = header(reqwest::header::LOCATION).unwrap_or("");
        return Err(FetchError::Redirect(clean_line(&format!(
            "{status} to '{target}' (only http and https are followed)"
        ))));
    }
    let text = clean_line(&status.to_string());
    if status == reqwest::StatusCode::TOO_MANY_REQUESTS
        || status == reqwest::StatusCode::SERVICE_UNAVAILABLE
    {
        let after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| retry_after_secs(v, chrono::Utc::now().timestamp()));
        return Err(FetchError::RetryLater { text, after });
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            code: status.as_u16(),
            text,
        });
    }
    Ok(())
}

impl FetchError {
    /// The whole chain of causes, where it says more than the message.
    pub fn detail(&self) -> Option<String> {
        match self {
            FetchError::Connect { detail, .. } => Some(detail.clone()),
            _ => None,
        }
    }
}

/// The innermost useful message of an error chain, safe for a terminal.
fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    let mut messages = vec![err.to_string()];
    let mut source = err.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !messages.iter().any(|m| m.contains(&text)) {
            messages.push(text);
        }
        source = inner.source();
    }
    // The outer reqwest message repeats the URL; the causes say what failed.
    let useful = if messages.len() > 1 {
        &messages[1..]
    } else {
        &messages[..]
    };
    clean_line(&useful.join(": "))
}
