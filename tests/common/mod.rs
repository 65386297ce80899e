//! A small HTTP/1.1 server on 127.0.0.1 for tests: fixed routes, ETag and
//! Last-Modified handling, slow and hanging routes, and a log of every
//! request's headers. It stops when dropped.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default)]
pub struct Route {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub extra_headers: Vec<(String, String)>,
    /// Wait this long before answering (a hang when longer than the client's timeout).
    pub delay: Duration,
}

impl Route {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            content_type: content_type.to_owned(),
            body: body.into(),
            ..Default::default()
        }
    }

    pub fn with_validators(mut self, etag: &str, last_modified: &str) -> Route {
        self.etag = Some(etag.to_owned());
        self.last_modified = Some(last_modified.to_owned());
        self
    }

    pub fn status(status: u16) -> Route {
        Route {
            status,
            content_type: "text/plain".to_owned(),
            body: b"error".to_vec(),
            ..Default::default()
        }
    }

    pub fn delayed(mut self, delay: Duration) -> Route {
        self.delay = delay;
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Route {
        self.extra_headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

#[derive(Clone, Debug)]
pub struct Request {
    pub path: String,
    pub headers: HashMap<String, String>,
}

pub struct TestServer {
    pub addr: std::net::SocketAddr,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    in_flight: Arc<InFlight>,
}

/// Counts requests being answered at once, and the most seen.
#[derive(Default)]
pub struct InFlight {
    now: std::sync::atomic::AtomicUsize,
    max: std::sync::atomic::AtomicUsize,
}

impl TestServer {
    pub fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let routes: Arc<Mutex<HashMap<String, Route>>> = Default::default();
        let log: Arc<Mutex<Vec<Request>>> = Default::default();
        let stop = Arc::new(AtomicBool::new(false));
        let in_flight: Arc<InFlight> = Default::default();
        let thread = {
            let (routes, log, stop, in_flight) =
                (routes.clone(), log.clone(), stop.clone(), in_flight.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (routes, log, stop, in_flight) =
                        (routes.clone(), log.clone(), stop.clone(), in_flight.clone());
                    std::thread::spawn(move || serve(stream, &routes, &log, &stop, &in_flight));
                }
            })
        };
        TestServer {
            addr,
            routes,
            log,
            stop,
            thread: Some(thread),
            in_flight,
        }
    }

    /// The most requests that were being answered at the same moment.
    pub fn max_in_flight(&self) -> usize {
        self.in_flight.max.load(Ordering::SeqCst)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_owned(), route);
    }

    pub fn requests(&self, path: &str) -> Vec<Request> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub fn request_count(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    log: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
    in_flight: &InFlight,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    log.lock().unwrap().push(Request {
        path: path.clone(),
        headers: headers.clone(),
    });
    // Counted from the request until just before its response is written,
    // a span that lies wholly inside the client's wait.
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.max.fetch_max(now, Ordering::SeqCst);
    let answered = answer(stream, &path, &headers, routes, stop, &|| {
        in_flight.now.fetch_sub(1, Ordering::SeqCst);
    });
    if let Some(mut stream) = answered {
        // Drain so the client sees a clean close.
        let mut sink = [0u8; 64];
        let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
        let _ = stream.read(&mut sink);
    }
}

fn answer(
    stream: TcpStream,
    path: &str,
    headers: &HashMap<String, String>,
    routes: &Mutex<HashMap<String, Route>>,
    stop: &AtomicBool,
    about_to_write: &dyn Fn(),
) -> Option<TcpStream> {
    let route = routes.lock().unwrap().get(path).cloned();
    let mut stream = stream;
    let Some(route) = route else {
        about_to_write();
        let _ = respond(&mut stream, 404, "text/plain", &[], b"not found");
        return Some(stream);
    };
    let started = Instant::now();
    while started.elapsed() < route.delay {
        if stop.load(Ordering::SeqCst) {
            about_to_write();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // RFC 9110: If-None-Match, when sent, takes precedence over If-Modified-Since.
    let etag_match = route.etag.is_some() && headers.get("if-none-match") == route.etag.as_ref();
    let date_match = !headers.contains_key("if-none-match")
        && route.last_modified.is_some()
        && headers.get("if-modified-since") == route.last_modified.as_ref();
    let mut extra: Vec<(String, String)> = route.extra_headers.clone();
    if let Some(etag) = &route.etag {
        extra.push(("ETag".to_owned(), etag.clone()));
    }
    if let Some(modified) = &route.last_modified {
        extra.push(("Last-Modified".to_owned(), modified.clone()));
    }
    about_to_write();
    if route.status == 200 && (etag_match || date_match) {
        let _ = respond(&mut stream, 304, &route.content_type, &extra, b"");
        return Some(stream);
    }
    let _ = respond(
        &mut stream,
        route.status,
        &route.content_type,
        &extra,
        &route.body,
    );
    Some(stream)
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    extra: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nConnection: close\r\n",
        reason(status)
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if status != 304 {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// An RSS 2.0 feed with `n` items numbered from `first`.
pub fn rss(title: &str, first: usize, n: usize) -> String {
    let mut items = String::new();
    for i in first..first + n {
        items.push_str(&format!(
            "<item><title>{title} item {i}</title><link>https://example.org/{title}/{i}</link>\
             <guid>{title}-{i}</guid><pubDate>Mon, 16 Nov 2026 10:{:02}:00 GMT</pubDate>\
             <description>&lt;p&gt;Body of item {i}&lt;/p&gt;</description></item>",
            i % 60
        ));
    }
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://example.org/</link>{items}</channel></rss>"
    )
}

pub fn atom(title: &str, n: usize) -> String {
    let mut entries = String::new();
    for i in 0..n {
        entries.push_str(&format!(
            "<entry><title>{title} entry {i}</title><id>urn:{title}:{i}</id>\
             <link href=\"https://example.org/{title}/{i}\"/><updated>2026-11-16T10:00:00Z</updated>\
             <content type=\"html\">&lt;p&gt;Atom body {i}&lt;/p&gt;</content></entry>"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>{title}</title><id>urn:{title}</id><updated>2026-11-16T10:00:00Z</updated>{entries}</feed>"
    )
}

pub fn json_feed(title: &str, n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"{title}-{i}\",\"title\":\"{title} post {i}\",\
                 \"url\":\"https://example.org/{title}/{i}\",\"content_html\":\"<p>JSON body {i}</p>\",\
                 \"date_published\":\"2026-11-16T10:00:00Z\"}}"
            )
        })
        .collect();
    format!(
        "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"{title}\",\"items\":[{}]}}",
        items.join(",")
    )
}

/// Writes a config file listing `feeds` (name, url) with quick timeouts.
pub fn write_config(
    dir: &std::path::Path,
    settings: &str,
    feeds: &[(&str, String)],
) -> std::path::PathBuf {
    let mut text = format!("[settings]\n{settings}\n");
    for (name, url) in feeds {
        text.push_str(&format!("\n[[feed]]\nname = \"{name}\"\nurl = \"{url}\"\n"));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A news page with its article wrapped in navigation, share bars,
/// related links, comments and a footer.
pub const ARTICLE_PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Turbines return after the storm | Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<meta name="author" content="Ingrid Solberg"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
<div class="share"><a href="/share/fb">Facebook</a> <a href="/share/tw">Twitter</a> <a href="/share/mail">Email</a></div>
<article><h1>Turbines return after the storm</h1>
<p>Engineers restarted the first turbines at the offshore wind farm on Thursday, three weeks after the
storm tore blades from a dozen machines and cut the export cable to the mainland substation.</p>
<p>The operator said the remaining units would come back in stages through December, once divers have
inspected every foundation. Repairs are expected to cost about 40 million euros, most of it insured.</p>
<p>Local fishing crews, who were kept out of the zone during the repairs, will be allowed back next week.
Read the <a href="/reports/repair-plan">repair plan</a> published by the operator.</p>
<p>Advertisement</p>
<p>"We learned a lot about how these machines behave in extreme winds," the chief engineer said, adding
that the blade design would be reviewed before the next winter season begins in earnest.</p></article>
<section class="related"><h3>Related stories</h3><ul><li><a href="/a">Storm closes ports</a></li><li><a href="/b">Ferries cancelled</a></li><li><a href="/c">Power cuts across the coast</a></li></ul></section>
<div class="comments"><h3>Comments</h3><p>Log in to comment</p></div>
<footer><p>© 2026 Coast Courier. All rights reserved.</p></footer></body></html>"#;

/// A folder of the shared evaluation corpora (`$TIDINGS_CORPORA`, else
/// `../shared/corpora`), when `marker` exists in it.
pub fn corpora(sub: &str, marker: &str) -> Option<std::path::PathBuf> {
    let root = std::env::var_os("TIDINGS_CORPORA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
        });
    let dir = root.join(sub);
    dir.join(marker).exists().then_some(dir)
}
pub mod eval;
pub mod miniflux;
pub mod multi_outlet;
pub mod run;
pub mod tmux;
