//! A small JSON client for a sync server: one request at a time on a
//! current-thread runtime, with timeouts, a cap on answers, redirects
//! refused (credentials go to the configured server only), and errors that
//! say what went wrong without ever quoting a credential.

use std::time::Duration;

use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};

use super::SyncError;

/// The largest answer read (a page of entries with their bodies).
const MAX_ANSWER: usize = 64 << 20;
const TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) struct Http {
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    base: url::Url,
    /// Sent with every request (an auth header).
    headers: HeaderMap,
    /// User and password for HTTP basic authentication.
    basic: Option<(String, String)>,
}

/// A request's answer: status, the server's clock (its `Date`, in Unix
/// seconds) and body.
pub(super) struct Answer {
    pub status: u16,
    pub date: Option<i64>,
    pub body: Vec<u8>,
}

impl Http {
    pub(super) fn new(base: url::Url) -> Result<Http, SyncError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("tidings/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| SyncError::Network(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SyncError::Network(format!("cannot start the network runtime: {e}")))?;
        Ok(Http {
            client,
            runtime,
            base,
            headers: HeaderMap::new(),
            basic: None,
        })
    }

    /// Adds a header to every request (marked sensitive: never logged).
    pub(super) fn set_header(&mut self, name: &'static str, value: &str) -> Result<(), SyncError> {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            SyncError::Config("the credentials cannot be sent in a header".to_owned())
        })?;
        value.set_sensitive(true);
        self.headers.insert(name, value);
        Ok(())
    }

    /// Authenticates every request with HTTP basic authentication.
    pub(super) fn set_basic(&mut self, username: &str, password: &str) {
        self.basic = Some((username.to_owned(), password.to_owned()));
    }

    /// The URL of `path` (with its query) under the base URL.
    pub(super) fn url(&self, path: &str) -> Result<url::Url, SyncError> {
        let mut base = self.base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.join(path.trim_start_matches('/'))
            .map_err(|_| SyncError::Config(format!("bad API path {path}")))
    }

    /// Sends a request; `body` is JSON or form data, with its content type.
    pub(super) fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Answer, SyncError> {
        let url = self.url(path)?;
        let mut request = self
            .client
            .request(method, url)
            .headers(self.headers.clone());
        if let Some((user, password)) = &self.basic {
            request = request.basic_auth(user, Some(password));
        }
        if let Some((content_type, body)) = body {
            request = request.header("Content-Type", content_type).body(body);
        }
        self.runtime.block_on(async {
            let mut response = request
                .send()
                .await
                .map_err(|e| SyncError::Network(describe(&e)))?;
            let status = response.status().as_u16();
            let date = response
                .headers()
                .get("date")
                .and_then(|d| d.to_str().ok())
                .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
                .map(|d| d.timestamp());
            let mut body = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| SyncError::Network(describe(&e)))?
            {
                if body.len() + chunk.len() > MAX_ANSWER {
                    return Err(SyncError::Server(format!(
                        "the server's answer is over {} MB",
                        MAX_ANSWER >> 20
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Answer { status, date, body })
        })
    }

    /// A JSON request that must succeed (2xx), its answer parsed, with
    /// the server's clock.
    pub(super) fn json<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<(T, Option<i64>), SyncError> {
        let body = body.map(|b| ("application/json", b.to_string().into_bytes()));
        let answer = self.send(method, path, body)?;
        answer.ok()?;
        let value = serde_json::from_slice(&answer.body).map_err(|e| {
            let path = path.split('?').next().unwrap_or(path);
            SyncError::Server(format!(
                "the server's answer to {path} is not as expected: {e}"
            ))
        })?;
        Ok((value, answer.date))
    }
}

impl Answer {
    /// An error for a status other than 2xx.
    pub(super) fn ok(&self) -> Result<(), SyncError> {
        match self.status {
            200..=299 => Ok(()),
            401 | 403 => Err(SyncError::Auth(self.status)),
            status => Err(SyncError::Server(format!("the server answered {status}"))),
        }
    }
}

/// A network error in words, without the URL (it may carry a user name).
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "the server");
    }
    format!("{what}: {text}")
}
