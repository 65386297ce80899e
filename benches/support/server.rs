//! The end-to-end benchmark's feed server: every body held in memory and
//! gzipped ahead of time, spread over several loopback hosts (127.0.0.1,
//! 127.0.0.2, ...), with ETag revalidation, keep-alive and a fixed
//! latency per request. It does as little as it can per request (no
//! copies, no compression, no locks), so the CPU it spends stays out of
//! the way of the program under test, which runs in its own process.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// One feed as served: its type, ETag, and its body plain and gzipped.
pub struct Body {
    content_type: String,
    etag: String,
    plain: Vec<u8>,
    gzip: Vec<u8>,
}

impl Body {
    /// Compresses `text` now, so serving it costs a write only.
    pub fn new(content_type: &str, etag: &str, text: &str) -> Body {
        use flate2::{Compression, write::GzEncoder};
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(text.as_bytes()).unwrap();
        Body {
            content_type: content_type.to_owned(),
            etag: etag.to_owned(),
            plain: text.as_bytes().to_vec(),
            gzip: encoder.finish().unwrap(),
        }
    }
}

/// Serves `bodies` (by path) on `hosts` loopback addresses; every host
/// serves every path. Threads run until the process exits.
pub struct BenchServer {
    ports: Vec<u16>,
    pub served_bytes: usize,
}

impl BenchServer {
    pub fn start(hosts: usize, latency: Duration, bodies: HashMap<String, Body>) -> BenchServer {
        let served_bytes = bodies.values().map(|b| b.gzip.len()).sum();
        let bodies = Arc::new(bodies);
        let ports = (1..=hosts.max(1))
            .map(|h| {
                let listener = TcpListener::bind(format!("127.0.0.{h}:0")).unwrap();
                let port = listener.local_addr().unwrap().port();
                let bodies = bodies.clone();
                std::thread::spawn(move || {
                    for stream in listener.incoming().flatten() {
                        let bodies = bodies.clone();
                        std::thread::spawn(move || serve(stream, &bodies, latency));
                    }
                });
                port
            })
            .collect();
        BenchServer {
            ports,
            served_bytes,
        }
    }

    /// The URL of `path` on host `n` (counted from 0, wrapping).
    pub fn url(&self, n: usize, path: &str) -> String {
        let host = n % self.ports.len();
        format!("http://127.0.0.{}:{}{path}", host + 1, self.ports[host])
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: TcpStream, bodies: &HashMap<String, Body>, latency: Duration) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let (mut if_none_match, mut gzip, mut close) = (None, false, false);
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header.trim().is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "if-none-match" => if_none_match = Some(value.to_owned()),
                "accept-encoding" => gzip = value.contains("gzip"),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
        std::thread::sleep(latency);
        if respond(&mut out, bodies.get(&path), if_none_match, gzip).is_err() || close {
            return;
        }
    }
}

fn respond(
    out: &mut TcpStream,
    body: Option<&Body>,
    if_none_match: Option<String>,
    gzip: bool,
) -> std::io::Result<()> {
    let Some(body) = body else {
        return out.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    };
    if if_none_match.as_deref() == Some(body.etag.as_str()) {
        let head = format!("HTTP/1.1 304 Not Modified\r\nETag: {}\r\n\r\n", body.etag);
        return out.write_all(head.as_bytes());
    }
    let (bytes, encoding) = if gzip {
        (&body.gzip, "Content-Encoding: gzip\r\n")
    } else {
        (&body.plain, "")
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nETag: {}\r\n{encoding}Content-Length: {}\r\n\r\n",
        body.content_type,
        body.etag,
        bytes.len()
    );
    out.write_all(head.as_bytes())?;
    out.write_all(bytes)
}

/// The generated corpus (support/corpus.rs) of `feeds` x `items`, served
/// at `/feed/N` (see [`feed_path`]), each feed with its own ETag.
pub fn serve_generated(feeds: usize, items: usize, hosts: usize, latency: Duration) -> BenchServer {
    let bodies: HashMap<String, Body> = (0..feeds)
        .map(|f| {
            let (content_type, text) = crate::corpus::generate_feed(f, items);
            let body = Body::new(&content_type, &format!("\"v{f}\""), &text);
            (feed_path(f), body)
        })
        .collect();
    BenchServer::start(hosts, latency, bodies)
}

/// Where [`serve_generated`] serves feed `f`.
pub fn feed_path(f: usize) -> String {
    format!("/feed/{f}")
}
