//! Hostile input: a server on 127.0.0.1 that misbehaves in every way a
//! feed host can (trickling, stalling, endless and lying bodies, a gzip
//! bomb, redirect tricks, 429s, resets), and feed files built to hurt
//! (deep nesting, entity bombs, external entities, escape sequences, broken
//! encodings). Each bad feed must end in its own clear error, in bounded
//! time, with no panic, while the good feed beside it is stored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tidings::config::Config;
use tidings::feeds::refresh::{RefreshTarget, refresh_feeds};
use tidings::library::store::Store;
use tidings::model::{ArticleQuery, FeedReport, RefreshStatus};

/// A raw HTTP/1.1 server whose paths each misbehave in one way, plus a
/// second port that resets every connection.
struct Hostile {
    port: u16,
    reset_port: u16,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Hostile {
    fn start() -> Hostile {
        let stop = Arc::new(AtomicBool::new(false));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let reset = TcpListener::bind("127.0.0.1:0").unwrap();
        let (port, reset_port) = (
            listener.local_addr().unwrap().port(),
            reset.local_addr().unwrap().port(),
        );
        let accept = |listener: TcpListener, stop: Arc<AtomicBool>, reset: bool| {
            listener.set_nonblocking(true).unwrap();
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        // Closing with the request unread makes the kernel
                        // answer with a reset.
                        Ok((stream, _)) if reset => drop(stream),
                        Ok((stream, _)) => {
                            let stop = stop.clone();
                            std::thread::spawn(move || serve(stream, &stop));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        let threads = vec![
            accept(listener, stop.clone(), false),
            accept(reset, stop.clone(), true),
        ];
        Hostile {
            port,
            reset_port,
            stop,
            threads,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

const GOOD_FEED: &str = "<rss version=\"2.0\"><channel><title>Good</title>\
    <item><title>Still here</title><guid>g1</guid><description>Fine.</description></item>\
    </channel></rss>";

/// 2 GiB of zeros, gzipped: 128 members of 16 MiB each, about 2 MB.
fn gzip_bomb() -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0u8; 16 << 20]).unwrap();
    let member = encoder.finish().unwrap();
    member.repeat(128)
}

fn serve(mut stream: TcpStream, stop: &AtomicBool) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let respond = |stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
            body.len()
        );
        let _ = stream.write_all(body);
    };
    // Keeps the connection open doing `step` until told to stop or it fails.
    let hold = |stream: &mut TcpStream, step: &mut dyn FnMut(&mut TcpStream) -> bool| {
        let started = Instant::now();
        while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(60) {
            if !step(stream) {
                return;
            }
        }
    };
    match path.as_str() {
        "/good" => respond(
            &mut stream,
            "200 OK",
            "Content-Type: application/rss+xml\r\n",
            GOOD_FEED.as_bytes(),
        ),
        // One byte a second: only the whole-request timeout ends it.
        "/trickle" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<",
            );
            hold(&mut stream, &mut |s| {
                std::thread::sleep(Duration::from_secs(1));
                s.write_all(b" ").is_ok()
            });
        }
        // Headers, then nothing at all.
        "/silent" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n",
            );
            hold(&mut stream, &mut |_| {
                std::thread::sleep(Duration::from_millis(50));
                true
            });
        }
        // A chunked body that never ends.
        "/endless" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            let data = "<item>".repeat(10_000);
            let chunk = format!("{:x}\r\n{data}\r\n", data.len());
            hold(&mut stream, &mut |s| s.write_all(chunk.as_bytes()).is_ok());
        }
        // Promises 100,000 bytes, sends 100 and hangs up.
        "/lie" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n",
            );
            let _ = stream.write_all(&GOOD_FEED.as_bytes()[..100]);
        }
        "/bomb" => respond(
            &mut stream,
            "200 OK",
            "Content-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n",
            &gzip_bomb(),
        ),
        "/loop" => respond(&mut stream, "302 Found", "Location: /loop\r\n", b""),
        "/to-file" => respond(
            &mut stream,
            "302 Found",
            "Location: file:///etc/passwd\r\n",
            b"",
        ),
        "/to-ftp" => respond(
            &mut stream,
            "302 Found",
            "Location: ftp://127.0.0.1/feed.xml\r\n",
            b"",
        ),
        "/html" => respond(
            &mut stream,
            "200 OK",
            "Content-Type: text/html\r\n",
            b"<!DOCTYPE html><html><head><title>Home</title></head><body>Welcome</body></html>",
        ),
        "/broken" => respond(&mut stream, "500 Internal Server Error", "", b"oops"),
        "/not-modified" => respond(&mut stream, "304 Not Modified", "", b""),
        "/too-many" => respond(
            &mut stream,
            "429 Too Many Requests",
            "Retry-After: 99999999999999999999\r\n",
            b"slow down",
        ),
        _ => respond(&mut stream, "404 Not Found", "", b"no"),
    }
}

fn refresh(config: &Config, store: &mut Store) -> Vec<FeedReport> {
    let ids = store.sync_feeds(&config.feeds).unwrap();
    let targets = RefreshTarget::pair(&ids, &config.feeds);
    refresh_feeds(store, &config.settings, &targets, |_| {}).unwrap()
}

#[test]
fn every_hostile_host_gets_its_own_error_and_the_good_feed_is_stored() {
    let server = Hostile::start();
    let mut feeds: Vec<(&str, String)> = [
        "/good",
        "/trickle",
        "/silent",
        "/endless",
        "/lie",
        "/bomb",
        "/loop",
        "/to-file",
        "/to-ftp",
        "/html",
        "/too-many",
        "/broken",
        "/not-modified",
    ]
    .iter()
    .map(|path| (&path[1..], server.url(path)))
    .collect();
    feeds.push((
        "reset",
        format!("http://127.0.0.1:{}/reset", server.reset_port),
    ));
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load(&common::write_config(
        dir.path(),
        "timeout_secs = 3\nconnect_timeout_secs = 2\nmax_feed_bytes = 1000000\nmax_redirects = 3",
        &feeds,
    ))
    .unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let started = Instant::now();
    let reports = refresh(&config, &mut store);
    // Not a speed test: a hang guard. Every stall ends at the 3 s timeout.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    let error_of = |name: &str| {
        let report = reports
            .iter()
            .find(|r| r.url.ends_with(&format!("/{name}")))
            .unwrap();
        assert_eq!(report.status, RefreshStatus::Error, "{report:?}");
        report.error.clone().unwrap_or_default()
    };
    let expect = |name: &str, words: &[&str]| {
        let error = error_of(name);
        assert!(
            words.iter().any(|w| error.contains(w)),
            "{name}: {error:?} mentions none of {words:?}"
        );
    };
    assert_eq!(reports[0].status, RefreshStatus::Updated, "{reports:?}");
    assert_eq!(reports[0].new, 1);
    expect("trickle", &["timed out"]);
    expect("silent", &["timed out"]);
    expect("endless", &["byte limit"]);
    expect(
        "lie",
        &["connection", "closed", "body", "incomplete", "error"],
    );
    expect("bomb", &["byte limit"]);
    expect("loop", &["redirect"]);
    expect("to-file", &["redirect refused", "only http and https"]);
    expect("to-ftp", &["redirect refused", "only http and https"]);
    expect("html", &["HTML page"]);
    expect("too-many", &["429"]);
    expect("broken", &["500"]);
    expect("not-modified", &["not conditional"]);
    expect("reset", &["connection", "reset", "closed", "error"]);
    let stored = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].title, "Still here");

    // The next refresh leaves alone the host that asked to wait (its absurd
    // Retry-After clamped to 6 hours) and the one that failed with a 5xx
    // (a minute, doubling); the others are tried again.
    let again = refresh(&config, &mut store);
    let report_of = |name: &str| {
        again
            .iter()
            .find(|r| r.url.ends_with(&format!("/{name}")))
            .unwrap()
            .clone()
    };
    for name in ["too-many", "broken"] {
        let report = report_of(name);
        assert_eq!(report.status, RefreshStatus::Deferred, "{report:?}");
        assert!(report.error.unwrap_or_default().contains("next try in"));
    }
    assert_eq!(report_of("html").status, RefreshStatus::Error);
    let ids = store.sync_feeds(&config.feeds).unwrap();
    let too_many = feeds.iter().position(|(n, _)| *n == "too-many").unwrap();
    let (retry_at, failures) = store.backoff(ids[too_many]).unwrap();
    let wait = retry_at.unwrap() - tidings::library::now_secs();
    assert!(
        (6 * 3600 - 60..=6 * 3600).contains(&wait),
        "clamped: {wait}"
    );
    assert_eq!(failures, 1);
}

/// Parses a feed given as text, as a refresh would.
fn parse(text: &str) -> Result<tidings::model::ParsedFeed, tidings::feeds::parse::ParseError> {
    tidings::feeds::parse::parse_feed(text.as_bytes(), None, None)
}

#[test]
fn nesting_a_hundred_thousand_deep_is_an_error_or_text_never_a_crash() {
    let n = 100_000;
    let deep_xml = format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title>{}{}</item></channel></rss>",
        "<a>".repeat(n),
        "</a>".repeat(n)
    );
    assert!(parse(&deep_xml).is_err(), "too deep for a feed");
    let deep_html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
    let escaped = deep_html.replace('<', "&lt;").replace('>', "&gt;");
    let feed = parse(&format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>Deep</title><guid>d</guid>\
         <description>{escaped}</description></item></channel></rss>"
    ))
    .unwrap();
    let body = feed.articles[0].content.clone().unwrap();
    // Every way a body is turned into text survives it.
    let shown =
        tidings::text::render::render_html(&body, 80, tidings::text::render::RenderMode::Plain);
    assert_eq!(shown.trim(), "deep text");
    let rich = tidings::text::render::render_rich(&body, 80);
    assert_eq!(rich.lines.len(), 1);
    assert_eq!(tidings::text::plaintext::html_to_text(&body), "deep text");
    assert!(tidings::text::extract::extract(&deep_html, None).is_err());
}

#[test]
fn entities_never_expand_and_external_ones_are_never_fetched() {
    let lol = |n: u32| {
        let mut dtd = String::from("<!ENTITY l0 \"lol\">");
        for i in 1..=n {
            let refs = format!("&l{};", i - 1).repeat(10);
            dtd.push_str(&format!("<!ENTITY l{i} \"{refs}\">"));
        }
        dtd
    };
    let bomb = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE r [{}]><rss version=\"2.0\"><channel><title>B</title>\
         <item><title>&l9;</title><guid>b</guid></item></channel></rss>",
        lol(9)
    );
    if let Ok(feed) = parse(&bomb) {
        assert!(feed.articles[0].title.len() < 100, "entity expanded");
    }
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
               <rss version=\"2.0\"><channel><title>X &x;</title><item><title>&x;</title>\
               <guid>x</guid></item></channel></rss>";
    if let Ok(feed) = parse(xxe) {
        assert!(!feed.articles[0].title.contains("root:"), "file read");
        assert!(!feed.title.unwrap_or_default().contains("root:"));
    }
}

#[test]
fn escape_sequences_in_every_field_are_removed() {
    let esc =
        "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}]8;;https://evil.example/\u{7}\u{9b}31m\u{202e}";
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>Feed{esc}</title><link>https://example.org/{esc}</link>\
         <item><title>Title{esc}</title><link>https://example.org/a{esc}</link><guid>g{esc}</guid>\
         <author>me{esc}</author><category>cat{esc}</category>\
         <description>&lt;p&gt;Body{esc}&lt;/p&gt;</description></item></channel></rss>"
    );
    let feed = parse(&rss).unwrap();
    let article = &feed.articles[0];
    // Links keep the payload only percent-encoded (inert on screen).
    for link in [feed.site_link.clone(), article.link.clone()] {
        let link = link.unwrap_or_default();
        assert!(
            !link.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{link:?}"
        );
    }
    let fields = [
        feed.title.clone().unwrap_or_default(),
        article.title.clone(),
        article.guid.clone().unwrap_or_default(),
        article.author.clone().unwrap_or_default(),
        article.categories.join(" "),
        article.content.clone().unwrap_or_default(),
        tidings::text::render::render_html(
            article.content.as_deref().unwrap_or(""),
            80,
            tidings::text::render::RenderMode::Plain,
        ),
    ];
    for field in fields {
        assert!(
            !field
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{field:?}"
        );
        assert!(
            !field.contains("52;c") && !field.contains("]8;;"),
            "{field:?}"
        );
    }
}

#[test]
fn legacy_encodings_invalid_bytes_and_broken_dates_keep_their_articles() {
    let item = |title: &str| {
        format!(
            "<rss version=\"2.0\"><channel><title>t</title><item><title>{title}</title>\
             <guid>1</guid><pubDate>yesterday-ish, 45 Smarch 20xx</pubDate></item></channel></rss>"
        )
    };
    // windows-1252, declared.
    let text = item("café “q”");
    let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let mut declared = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?>".to_vec();
    declared.extend_from_slice(&encoded);
    let feed = tidings::feeds::parse::parse_feed(&declared, None, None).unwrap();
    assert_eq!(feed.articles[0].title, "café “q”");
    assert_eq!(
        feed.articles[0].published, None,
        "a broken date keeps the article"
    );
    // KOI8-R, from the HTTP header.
    let text = item("Привет");
    let (koi, _, _) = encoding_rs::KOI8_R.encode(&text);
    let feed =
        tidings::feeds::parse::parse_feed(&koi, Some("application/rss+xml; charset=koi8-r"), None)
            .unwrap();
    assert_eq!(feed.articles[0].title, "Привет");
    // UTF-16 with and without a BOM.
    let utf16: Vec<u8> = item("Grüße")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut with_bom = vec![0xff, 0xfe];
    with_bom.extend_from_slice(&utf16);
    for bytes in [with_bom, utf16] {
        let feed = tidings::feeds::parse::parse_feed(&bytes, None, None).unwrap();
        assert_eq!(feed.articles[0].title, "Grüße");
    }
    // Invalid UTF-8 becomes U+FFFD (or a Windows-1252 reading), never an error.
    let mut invalid = item("ok ").into_bytes();
    let at = invalid.windows(3).position(|w| w == b"ok ").unwrap() + 3;
    invalid.splice(at..at, [0xff, 0xfe, 0xc3]);
    let feed = tidings::feeds::parse::parse_feed(&invalid, None, None).unwrap();
    assert!(feed.articles[0].title.starts_with("ok"));
}

#[test]
fn duplicate_and_missing_guids_store_each_article_once() {
    let rss = "<rss version=\"2.0\"><channel><title>t</title>\
        <item><title>A</title><guid>same</guid></item>\
        <item><title>A again</title><guid>same</guid></item>\
        <item><title>No guid</title><link>https://example.org/n</link></item>\
        <item><title>Nothing at all</title></item>\
        <item><title>Nothing at all</title></item>\
        </channel></rss>";
    let feed = parse(rss).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let ids = store
        .sync_feeds(&[tidings::config::FeedConfig {
            name: None,
            source: tidings::config::FeedSource::Http(
                url::Url::parse("https://example.org/f").unwrap(),
            ),
            tags: vec![],
            options: Default::default(),
        }])
        .unwrap();
    store
        .store_feed(ids[0], &feed, &Default::default(), 1)
        .unwrap();
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 3);
}

#[test]
fn nothing_is_fetched_that_the_user_did_not_ask_for() {
    use common::{Route, TestServer};
    let server = TestServer::start();
    let feed = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"{dtd}\" [<!ENTITY x SYSTEM \"{xxe}\">]>\
         <rss version=\"2.0\"><channel><title>T &x;</title><item><title>Pictures</title>\
         <guid>p</guid><description>&lt;p&gt;Look&lt;img src=\"{img}\"&gt;\
         &lt;iframe src=\"{frame}\"&gt;&lt;/iframe&gt;&lt;link rel=\"stylesheet\" href=\"{css}\"&gt;\
         &lt;/p&gt;</description></item></channel></rss>",
        dtd = server.url("/evil.dtd"),
        xxe = server.url("/xxe"),
        img = server.url("/pixel.png"),
        frame = server.url("/frame"),
        css = server.url("/style.css"),
    );
    server.route("/feed", common::Route::ok("application/rss+xml", feed));
    server.route("/pixel.png", Route::ok("image/png", "x"));
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load(&common::write_config(
        dir.path(),
        "",
        &[("Pictures", server.url("/feed"))],
    ))
    .unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let reports = refresh(&config, &mut store);
    assert_eq!(reports[0].status, RefreshStatus::Updated, "{reports:?}");
    tidings::library::indexer::index_pending(&mut store, |_, _| {}).unwrap();
    for article in store.articles(&ArticleQuery::default()).unwrap() {
        let detail = store.article(article.id).unwrap().unwrap();
        let body = detail.content.unwrap_or_default();
        tidings::text::render::render_rich(&body, 80);
        tidings::text::render::render_html(&body, 80, tidings::text::render::RenderMode::WithLinks);
    }
    for path in ["/evil.dtd", "/xxe", "/pixel.png", "/frame", "/style.css"] {
        assert!(server.requests(path).is_empty(), "{path} was fetched");
    }
    assert_eq!(server.requests("/feed").len(), 1);
}

#[test]
fn shell_metacharacters_in_links_and_enclosures_stay_inert_text() {
    let hostile = "https://example.org/a;touch${IFS}/tmp/pwned|sh&$(id)`id`'\"";
    let escaped = hostile
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    let feed = parse(&format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><guid>g</guid>\
         <link>{escaped}</link><enclosure url=\"{escaped}\" type=\"audio/mpeg\" length=\"1\"/>\
         </item></channel></rss>"
    ))
    .unwrap();
    let link = feed.articles[0].link.clone().unwrap();
    // Opened, it is one argument, byte for byte, to a program run without
    // a shell (enclosures are never run or fetched at all).
    let command = tidings::reader::opener::browser_command(&link, "lynx %u", None).unwrap();
    assert_eq!(command.program, "lynx");
    assert_eq!(command.args, vec![link.clone()]);
    assert!(!std::path::Path::new("/tmp/pwned").exists());
}
