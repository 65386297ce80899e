//! A real Miniflux server for sync tests: a private PostgreSQL cluster in a
//! temporary directory and a Miniflux process, both on loopback, both
//! stopped when the harness is dropped (also when the test panics).
//!
//! `Miniflux::start()` gives `None` when the Miniflux binary or PostgreSQL
//! is not installed, so the test can print `skipped: no Miniflux` and pass.
//! The binary is `$TIDINGS_MINIFLUX`, else `$(go env GOPATH)/bin/miniflux.app`,
//! else `~/go/bin/miniflux.app` (`go install miniflux.app/v2@v2.3.5`);
//! PostgreSQL is `$TIDINGS_PG_BIN`, else `/usr/lib/postgresql/15/bin`, else
//! the newest `/usr/lib/postgresql/*/bin`.
//!
//! The REST helpers speak HTTP/1.1 over a plain `TcpStream` (loopback only)
//! and authenticate as the admin with basic auth; `request` takes any
//! [`Auth`] for the rest.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

/// The admin account Miniflux creates on first start.
pub const ADMIN_USERNAME: &str = "admin";
pub const ADMIN_PASSWORD: &str = "admin-secret-1";

/// How long PostgreSQL or Miniflux may take to answer after being started.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long one HTTP exchange with Miniflux may take.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);
/// What both servers log when their port was taken after we probed it.
const ADDRESS_IN_USE: &str = "ddress already in use";

/// How a request to Miniflux authenticates.
#[derive(Clone, Copy, Debug)]
pub enum Auth<'a> {
    None,
    /// HTTP basic auth (REST API).
    Basic(&'a str, &'a str),
    /// An API key in `X-Auth-Token` (REST API).
    Token(&'a str),
    /// `Authorization: GoogleLogin auth=TOKEN` (Google Reader API).
    GoogleLogin(&'a str),
}

/// An HTTP response from Miniflux.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An entry as the REST API returns it (the fields the tests need).
#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub feed_id: i64,
    pub title: String,
    pub url: String,
    pub hash: String,
    /// `unread`, `read` or `removed`.
    pub status: String,
    pub starred: bool,
}

/// `GET /v1/entries`: the entries of one page and the total that matched.
#[derive(Clone, Debug, Deserialize)]
pub struct Entries {
    pub total: usize,
    pub entries: Vec<Entry>,
}

/// The PostgreSQL binaries and how to run them.
struct PgTools {
    bin: PathBuf,
    /// Run `initdb`/`pg_ctl` as this (uid, gid) through `su` (we are root).
    as_postgres: Option<(u32, u32)>,
}

pub struct Miniflux {
    binary: PathBuf,
    pg: PgTools,
    /// Owned by `postgres` when we are root; holds `pg/`, the logs, the socket.
    dir: tempfile::TempDir,
    /// The loopback address both servers listen on, e.g. `127.0.0.57`.
    host: String,
    pg_port: u16,
    port: u16,
    child: Option<Child>,
    /// How long PostgreSQL and Miniflux took to come up at `start()`.
    pub pg_startup: Duration,
    pub server_startup: Duration,
}

impl Miniflux {
    /// Starts PostgreSQL and Miniflux; `None` (with the reason on stderr)
    /// when either is not installed. Panics when they are installed but
    /// do not come up within 30 seconds each.
    pub fn start() -> Option<Miniflux> {
        let binary = match find_binary() {
            Ok(binary) => binary,
            Err(why) => {
                eprintln!("miniflux harness: {why}");
                return None;
            }
        };
        let pg = match find_postgres() {
            Ok(pg) => pg,
            Err(why) => {
                eprintln!("miniflux harness: {why}");
                return None;
            }
        };
        let dir = tempfile::Builder::new()
            .prefix("tidings-miniflux-")
            .tempdir()
            .expect("temporary directory");
        if let Some((uid, gid)) = pg.as_postgres {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .expect("chown the temporary directory to postgres");
        }
        let host = loopback_host();
        let mut miniflux = Miniflux {
            binary,
            pg,
            dir,
            host,
            pg_port: 0,
            port: 0,
            child: None,
            pg_startup: Duration::ZERO,
            server_startup: Duration::ZERO,
        };
        let started = Instant::now();
        miniflux.start_postgres();
        miniflux.pg_startup = started.elapsed();
        let started = Instant::now();
        // A free port can be taken between probing and binding: try a few.
        for attempt in 1..=3 {
            miniflux.port = free_port(&miniflux.host);
            match miniflux.spawn_server() {
                Ok(()) => break,
                Err(why) if attempt < 3 && why.contains(ADDRESS_IN_USE) => {
                    eprintln!("miniflux harness: {why}; retrying on another port");
                }
                Err(why) => panic!("{why}"),
            }
        }
        miniflux.server_startup = started.elapsed();
        eprintln!(
            "miniflux harness: PostgreSQL on {}:{} in {:?}, Miniflux on {} in {:?}",
            miniflux.host,
            miniflux.pg_port,
            miniflux.pg_startup,
            miniflux.url(),
            miniflux.server_startup
        );
        Some(miniflux)
    }

    /// `http://127.0.0.x:PORT`, the same across `stop_server`/`start_server`.
    pub fn url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    /// The PostgreSQL URL Miniflux uses.
    pub fn database_url(&self) -> String {
        format!(
            "postgres://postgres@{}:{}/miniflux?sslmode=disable",
            self.host, self.pg_port
        )
    }

    /// The temporary directory (PostgreSQL data in `pg/`, logs).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Everything Miniflux has logged so far (all its runs).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("miniflux.log")).unwrap_or_default()
    }

    /// Kills Miniflux (SIGKILL) and waits for it; the database stays up.
    pub fn stop_server(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts Miniflux again on the same address, against the same database;
    /// returns when it answers. Panics after 30 seconds.
    pub fn start_server(&mut self) {
        assert!(self.child.is_none(), "Miniflux is already running");
        if let Err(why) = self.spawn_server() {
            panic!("{why}");
        }
    }

    /// Whether Miniflux is running and answers `/healthcheck`.
    pub fn is_up(&self) -> bool {
        self.child.is_some()
            && matches!(self.request("GET", "/healthcheck", Auth::None, None), Ok(r) if r.status == 200)
    }

    /// One HTTP request to Miniflux; `body` is (content type, bytes).
    /// `Err` when the server cannot be reached or the answer is cut short.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        auth: Auth,
        body: Option<(&str, &[u8])>,
    ) -> std::io::Result<Response> {
        http(&self.host, self.port, method, path, auth, body)
    }

    /// A request as the admin with a JSON body; panics unless the status
    /// is 2xx, and returns the response.
    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> Response {
        let body = body.map(|b| b.to_string());
        let response = self
            .request(
                method,
                path,
                Auth::Basic(ADMIN_USERNAME, ADMIN_PASSWORD),
                body.as_deref().map(|b| ("application/json", b.as_bytes())),
            )
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert!(
            (200..300).contains(&response.status),
            "{method} {path}: HTTP {} {}",
            response.status,
            response.text()
        );
        response
    }

    /// `POST /v1/api-keys`: a new API key for the admin (the token).
    pub fn create_api_key(&self, description: &str) -> String {
        let key = self
            .api(
                "POST",
                "/v1/api-keys",
                Some(json!({ "description": description })),
            )
            .json();
        key["token"].as_str().expect("API key token").to_owned()
    }

    /// `POST /v1/categories`: the new category's id.
    pub fn create_category(&self, title: &str) -> i64 {
        let category = self
            .api("POST", "/v1/categories", Some(json!({ "title": title })))
            .json();
        category["id"].as_i64().expect("category id")
    }

    /// `POST /v1/feeds` (Miniflux fetches it at once): the new feed's id.
    /// Without a category it goes in the admin's first one ("All").
    pub fn create_feed(&self, feed_url: &str, category_id: Option<i64>) -> i64 {
        let mut body = json!({ "feed_url": feed_url, "ignore_http_cache": true });
        if let Some(category_id) = category_id {
            body["category_id"] = json!(category_id);
        }
        let feed = self.api("POST", "/v1/feeds", Some(body)).json();
        feed["feed_id"].as_i64().expect("feed id")
    }

    /// `PUT /v1/feeds/{id}/refresh`: fetches the feed now (synchronously).
    pub fn refresh_feed(&self, feed_id: i64) {
        self.api("PUT", &format!("/v1/feeds/{feed_id}/refresh"), None);
    }

    /// `GET /v1/entries?status=..&starred=..`: all that match, oldest
    /// (lowest id) first, fetched in pages of 1000 (the API's maximum).
    pub fn entries(&self, status: Option<&str>, starred: Option<bool>) -> Entries {
        let mut all = self.entries_page(status, starred, 0, 1000);
        while all.entries.len() < all.total {
            let page = self.entries_page(status, starred, all.entries.len(), 1000);
            if page.entries.is_empty() {
                break;
            }
            all.total = page.total;
            all.entries.extend(page.entries);
        }
        all
    }

    /// One page of `GET /v1/entries`, by ascending id; `limit` at most 1000.
    pub fn entries_page(
        &self,
        status: Option<&str>,
        starred: Option<bool>,
        offset: usize,
        limit: usize,
    ) -> Entries {
        let mut path = format!("/v1/entries?order=id&direction=asc&offset={offset}&limit={limit}");
        if let Some(status) = status {
            write!(path, "&status={}", encode(status)).unwrap();
        }
        if let Some(starred) = starred {
            write!(path, "&starred={starred}").unwrap();
        }
        let response = self.api("GET", &path, None);
        serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("GET {path}: {e}: {}", response.text()))
    }

    /// How many entries match (`total` of `GET /v1/entries`).
    pub fn count_entries(&self, status: Option<&str>, starred: Option<bool>) -> usize {
        self.entries_page(status, starred, 0, 1).total
    }

    /// `PUT /v1/entries {"entry_ids": [..], "status": ..}` (`read`, `unread`).
    pub fn set_entries_status(&self, entry_ids: &[i64], status: &str) {
        self.api(
            "PUT",
            "/v1/entries",
            Some(json!({ "entry_ids": entry_ids, "status": status })),
        );
    }

    /// `PUT /v1/entries {"entry_ids": [..], "starred": ..}`.
    pub fn set_entries_starred(&self, entry_ids: &[i64], starred: bool) {
        self.api(
            "PUT",
            "/v1/entries",
            Some(json!({ "entry_ids": entry_ids, "starred": starred })),
        );
    }

    /// `PUT /v1/entries/{id}/bookmark`: flips the entry's star.
    pub fn toggle_bookmark(&self, entry_id: i64) {
        self.api("PUT", &format!("/v1/entries/{entry_id}/bookmark"), None);
    }

    /// Runs SQL in the `miniflux` database with psql; its unaligned output.
    pub fn sql(&self, sql: &str) -> String {
        let output = Command::new(self.pg.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", &self.host, "-p", &self.pg_port.to_string()])
            .args(["-U", "postgres", "-d", "miniflux", "-c", sql])
            .stdin(Stdio::null())
            .output()
            .expect("run psql");
        assert!(
            output.status.success(),
            "psql {sql:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// Turns on the Google Reader API for the admin with these credentials.
    /// Miniflux has no API for it, so this writes the `integrations` row;
    /// the password there is a bcrypt hash, which Miniflux itself makes: a
    /// throwaway user is created with `password` (`POST /v1/users`), its
    /// hash copied from `users`, and the user deleted.
    pub fn enable_google_reader(&self, username: &str, password: &str) {
        let helper = "tidings-bcrypt-helper";
        let user = self
            .api(
                "POST",
                "/v1/users",
                Some(json!({ "username": helper, "password": password })),
            )
            .json();
        let helper_id = user["id"].as_i64().expect("user id");
        let updated = self.sql(&format!(
            "UPDATE integrations SET googlereader_enabled = true, \
             googlereader_username = {}, \
             googlereader_password = (SELECT password FROM users WHERE id = {helper_id}) \
             WHERE user_id = (SELECT id FROM users WHERE username = {}) RETURNING user_id",
            quote_sql(username),
            quote_sql(ADMIN_USERNAME)
        ));
        assert!(!updated.is_empty(), "no integrations row for the admin");
        self.api("DELETE", &format!("/v1/users/{helper_id}"), None);
    }

    /// `POST /accounts/ClientLogin`: the `Auth` token, or `Err(status)`.
    pub fn google_reader_login(&self, username: &str, password: &str) -> Result<String, u16> {
        let form = format!("Email={}&Passwd={}", encode(username), encode(password));
        let response = self
            .request(
                "POST",
                "/accounts/ClientLogin",
                Auth::None,
                Some(("application/x-www-form-urlencoded", form.as_bytes())),
            )
            .expect("POST /accounts/ClientLogin");
        if response.status != 200 {
            return Err(response.status);
        }
        let text = response.text();
        let token = text
            .lines()
            .find_map(|line| line.strip_prefix("Auth="))
            .unwrap_or_else(|| panic!("no Auth= in the ClientLogin answer: {text}"));
        Ok(token.trim().to_owned())
    }

    /// `GET /reader/api/0/stream/items/ids?s=STREAM[&xt=EXCLUDE]&n=10000`:
    /// the entry ids (Miniflux answers them in decimal), newest first.
    /// `stream` is e.g. `user/-/state/com.google/reading-list` or
    /// `user/-/state/com.google/starred`; `exclude` e.g.
    /// `user/-/state/com.google/read`.
    pub fn google_reader_item_ids(
        &self,
        token: &str,
        stream: &str,
        exclude: Option<&str>,
    ) -> Vec<i64> {
        let mut path = format!(
            "/reader/api/0/stream/items/ids?output=json&n=10000&s={}",
            encode(stream)
        );
        if let Some(exclude) = exclude {
            write!(path, "&xt={}", encode(exclude)).unwrap();
        }
        let response = self
            .request("GET", &path, Auth::GoogleLogin(token), None)
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(response.status, 200, "GET {path}: {}", response.text());
        let body = response.json();
        body["itemRefs"]
            .as_array()
            .unwrap_or_else(|| panic!("no itemRefs: {body}"))
            .iter()
            .map(|item| {
                item["id"]
                    .as_str()
                    .and_then(|id| id.parse().ok())
                    .unwrap_or_else(|| panic!("item id: {item}"))
            })
            .collect()
    }

    fn pg_ctl(&self) -> Vec<String> {
        vec![
            self.pg.bin.join("pg_ctl").display().to_string(),
            "-D".to_owned(),
            self.dir.path().join("pg").display().to_string(),
        ]
    }

    /// `initdb`, `pg_ctl start` on a free port (a few tries), `create database`.
    fn start_postgres(&mut self) {
        let data = self.dir.path().join("pg");
        let initdb = [
            self.pg.bin.join("initdb").display().to_string(),
            "-D".to_owned(),
            data.display().to_string(),
            "-A".to_owned(),
            "trust".to_owned(),
            "-U".to_owned(),
            "postgres".to_owned(),
            "--no-sync".to_owned(),
        ];
        let (ok, output) = self.pg_command(&initdb);
        assert!(ok, "initdb failed:\n{output}");
        let log = self.dir.path().join("pg.log");
        for attempt in 1..=3 {
            self.pg_port = free_port(&self.host);
            let mut start = self.pg_ctl();
            start.extend([
                "-o".to_owned(),
                format!(
                    "-h {} -p {} -k {} -c fsync=off",
                    self.host,
                    self.pg_port,
                    self.dir.path().display()
                ),
                "-l".to_owned(),
                log.display().to_string(),
                "-w".to_owned(),
                "-t".to_owned(),
                READY_TIMEOUT.as_secs().to_string(),
                "start".to_owned(),
            ]);
            let (ok, output) = self.pg_command(&start);
            if ok {
                break;
            }
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            assert!(
                attempt < 3 && log.contains(ADDRESS_IN_USE),
                "PostgreSQL did not start on {}:{}:\n{output}\n{}",
                self.host,
                self.pg_port,
                tail(&log, 30)
            );
            eprintln!("miniflux harness: PostgreSQL's port was taken; retrying on another");
        }
        let output = Command::new(self.pg.bin.join("psql"))
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", &self.host, "-p", &self.pg_port.to_string()])
            .args(["-U", "postgres", "-d", "postgres"])
            .args(["-c", "CREATE DATABASE miniflux"])
            .stdin(Stdio::null())
            .output()
            .expect("run psql");
        assert!(
            output.status.success(),
            "create database: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Runs a PostgreSQL tool, as `postgres` when we are root.
    fn pg_command(&self, args: &[String]) -> (bool, String) {
        let mut command = if self.pg.as_postgres.is_some() {
            let line = shlex::try_join(args.iter().map(String::as_str)).expect("quote");
            let mut su = Command::new("su");
            su.args(["postgres", "-s", "/bin/sh", "-c", &line]);
            su
        } else {
            let mut command = Command::new(&args[0]);
            command.args(&args[1..]);
            command
        };
        let output = command
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", args[0]));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    }

    /// Spawns Miniflux on `self.port` and waits until `GET /v1/me` answers.
    fn spawn_server(&mut self) -> Result<(), String> {
        let log_path = self.dir.path().join("miniflux.log");
        let log = File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .expect("open miniflux.log");
        let log_start = log.metadata().map(|m| m.len()).unwrap_or(0) as usize;
        let mut command = Command::new(&self.binary);
        for var in [
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
        ] {
            command.env_remove(var);
        }
        command
            .env("DATABASE_URL", self.database_url())
            .env("RUN_MIGRATIONS", "1")
            .env("CREATE_ADMIN", "1")
            .env("ADMIN_USERNAME", ADMIN_USERNAME)
            .env("ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("LISTEN_ADDR", format!("{}:{}", self.host, self.port))
            .env("FETCHER_ALLOW_PRIVATE_NETWORKS", "1")
            .env("DISABLE_SCHEDULER_SERVICE", "1")
            .env("MEDIA_PROXY_MODE", "none")
            .env("LOG_LEVEL", "info")
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log);
        let child = command
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.binary.display()))?;
        self.child = Some(child);
        let started = Instant::now();
        loop {
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if let Some(status) = exited {
                self.child = None;
                let log = self.log();
                return Err(format!(
                    "Miniflux exited ({status}) before answering on {}:\n{}",
                    self.url(),
                    tail(log.get(log_start..).unwrap_or(&log), 30)
                ));
            }
            let me = self.request(
                "GET",
                "/v1/me",
                Auth::Basic(ADMIN_USERNAME, ADMIN_PASSWORD),
                None,
            );
            if matches!(&me, Ok(r) if r.status == 200) {
                return Ok(());
            }
            if started.elapsed() > READY_TIMEOUT {
                self.stop_server();
                let log = self.log();
                return Err(format!(
                    "Miniflux did not answer GET /v1/me on {} within {READY_TIMEOUT:?} \
                     (last: {me:?}):\n{}",
                    self.url(),
                    tail(log.get(log_start..).unwrap_or(&log), 30)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Miniflux {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let pg_log = std::fs::read_to_string(self.dir.path().join("pg.log"));
            eprintln!(
                "miniflux harness: PostgreSQL log (last lines):\n{}\n\
                 miniflux harness: Miniflux log (last lines):\n{}",
                tail(&pg_log.unwrap_or_default(), 15),
                tail(&self.log(), 40)
            );
        }
        self.stop_server();
        if self.pg_port != 0 {
            let mut stop = self.pg_ctl();
            stop.extend(["-m", "immediate", "-w", "stop"].map(str::to_owned));
            let (ok, output) = self.pg_command(&stop);
            if !ok {
                eprintln!("miniflux harness: pg_ctl stop failed: {output}");
            }
        }
    }
}

fn find_binary() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("TIDINGS_MINIFLUX") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("TIDINGS_MINIFLUX={} is not a file", path.display()))
        };
    }
    let mut candidates = Vec::new();
    if let Ok(output) = Command::new("go")
        .args(["env", "GOPATH"])
        .stderr(Stdio::null())
        .output()
    {
        let gopath = String::from_utf8_lossy(&output.stdout);
        if let Some(first) = gopath.trim().split(':').next().filter(|p| !p.is_empty()) {
            candidates.push(Path::new(first).join("bin/miniflux.app"));
        }
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(Path::new(&home).join("go/bin/miniflux.app"));
    }
    candidates
        .iter()
        .find(|path| path.is_file())
        .cloned()
        .ok_or_else(|| format!("no Miniflux binary (looked at {candidates:?})"))
}

fn find_postgres() -> Result<PgTools, String> {
    let has_tools = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres", "psql"]
            .iter()
            .all(|tool| dir.join(tool).is_file())
    };
    let bin = if let Some(dir) = std::env::var_os("TIDINGS_PG_BIN") {
        PathBuf::from(dir)
    } else {
        let preferred = PathBuf::from("/usr/lib/postgresql/15/bin");
        if has_tools(&preferred) {
            preferred
        } else {
            let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
                .map(|dir| {
                    dir.filter_map(Result::ok)
                        .filter_map(|e| {
                            let version = e.file_name().to_str()?.parse().ok()?;
                            Some((version, e.path().join("bin")))
                        })
                        .collect()
                })
                .unwrap_or_default();
            versions.sort();
            versions
                .pop()
                .map(|(_, bin)| bin)
                .ok_or("no PostgreSQL in /usr/lib/postgresql")?
        }
    };
    if !has_tools(&bin) {
        return Err(format!("no PostgreSQL server tools in {}", bin.display()));
    }
    // PostgreSQL refuses to run as root: then run it as `postgres`.
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let as_postgres = if root {
        Some(postgres_user().ok_or("running as root and there is no postgres user")?)
    } else {
        None
    };
    Ok(PgTools { bin, as_postgres })
}

/// The `postgres` user's (uid, gid) from /etc/passwd.
fn postgres_user() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() > 3 && fields[0] == "postgres")
            .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
            .flatten()
    })
}

/// A random address in 127.0.0.2–127.0.0.254, so harnesses of parallel
/// test runs (and other servers on 127.0.0.1) keep out of each other's way.
fn loopback_host() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    let x = 2 + hasher.finish() % 253;
    let host = format!("127.0.0.{x}");
    // Some systems route only 127.0.0.1.
    if TcpListener::bind((host.as_str(), 0)).is_ok() {
        host
    } else {
        "127.0.0.1".to_owned()
    }
}

fn free_port(host: &str) -> u16 {
    TcpListener::bind((host, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port on {host}: {e}"))
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn quote_sql(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Percent-encodes a query or form value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            write!(out, "%{byte:02X}").unwrap();
        }
    }
    out
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One HTTP/1.1 exchange with `Connection: close`.
fn http(
    host: &str,
    port: u16,
    method: &str,
    path: &str,
    auth: Auth,
    body: Option<(&str, &[u8])>,
) -> std::io::Result<Response> {
    let addr = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(HTTP_TIMEOUT))?;
    stream.set_write_timeout(Some(HTTP_TIMEOUT))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\
         User-Agent: tidings-tests\r\nAccept: */*\r\n"
    );
    match auth {
        Auth::None => {}
        Auth::Basic(user, password) => {
            let credentials = base64(format!("{user}:{password}").as_bytes());
            write!(head, "Authorization: Basic {credentials}\r\n").unwrap();
        }
        Auth::Token(token) => write!(head, "X-Auth-Token: {token}\r\n").unwrap(),
        Auth::GoogleLogin(token) => {
            write!(head, "Authorization: GoogleLogin auth={token}\r\n").unwrap();
        }
    }
    let body_bytes = body.map_or(&[][..], |(_, bytes)| bytes);
    if let Some((content_type, _)) = body {
        write!(head, "Content-Type: {content_type}\r\n").unwrap();
    }
    if body.is_some() || matches!(method, "POST" | "PUT" | "PATCH") {
        write!(head, "Content-Length: {}\r\n", body_bytes.len()).unwrap();
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body_bytes)?;
    stream.flush()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> std::io::Result<Response> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| bad("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body).ok_or_else(|| bad("bad chunked body"))?;
    } else if let Some(length) = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        if body.len() < length {
            return Err(bad("body cut short"));
        }
        body.truncate(length);
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
