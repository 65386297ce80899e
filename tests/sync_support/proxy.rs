//! A TCP tunnel on loopback between tidings and Miniflux that counts the
//! requests whose start matches a marker and can hold every such request
//! after the first `allow` ones (never forwarded; the connection hangs),
//! so a test can kill tidings in the middle of a push. Stopped on drop.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    /// (marker, seen) pairs counted in what clients send.
    counts: Mutex<Vec<(Vec<u8>, usize)>>,
    /// The marker that may be held, and how many of it pass.
    hold: Mutex<Option<(Vec<u8>, usize)>>,
    held: AtomicUsize,
}

pub struct Proxy {
    shared: Arc<Shared>,
    addr: String,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    /// Tunnels `127.0.0.1:<free>` to `upstream` (host:port).
    pub fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let shared = Arc::new(Shared::default());
        let upstream = upstream.to_owned();
        let thread = {
            let shared = shared.clone();
            std::thread::spawn(move || {
                while !shared.stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((client, _)) => {
                            let shared = shared.clone();
                            let upstream = upstream.clone();
                            std::thread::spawn(move || tunnel(client, &upstream, &shared));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Proxy {
            shared,
            addr,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Counts requests containing `marker` from now on.
    pub fn count(&self, marker: &str) {
        let mut counts = self.shared.counts.lock().unwrap();
        counts.push((marker.as_bytes().to_vec(), 0));
    }

    /// How many requests with `marker` went by (it must be counted).
    pub fn seen(&self, marker: &str) -> usize {
        let counts = self.shared.counts.lock().unwrap();
        counts
            .iter()
            .find(|(m, _)| m == marker.as_bytes())
            .map_or(0, |(_, n)| *n)
    }

    /// Lets `allow` more requests with `marker` through, then holds the rest.
    pub fn hold_after(&self, marker: &str, allow: usize) {
        *self.shared.hold.lock().unwrap() = Some((marker.as_bytes().to_vec(), allow));
    }

    /// Lets everything through again.
    pub fn release(&self) {
        *self.shared.hold.lock().unwrap() = None;
    }

    /// How many requests are held.
    pub fn held(&self) -> usize {
        self.shared.held.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Copies client to upstream (counting and holding), upstream to client.
fn tunnel(mut client: TcpStream, upstream: &str, shared: &Shared) {
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    let _ = client.set_read_timeout(Some(Duration::from_secs(120)));
    let (Ok(mut server_read), Ok(mut client_write)) = (server.try_clone(), client.try_clone())
    else {
        return;
    };
    let back = std::thread::spawn(move || {
        let _ = std::io::copy(&mut server_read, &mut client_write);
        let _ = client_write.shutdown(Shutdown::Both);
    });
    let mut buf = vec![0u8; 64 * 1024];
    let mut holding = false;
    loop {
        let n = match client.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buf[..n];
        for (marker, seen) in shared.counts.lock().unwrap().iter_mut() {
            *seen += contains(chunk, marker);
        }
        if !holding && let Some((marker, allow)) = shared.hold.lock().unwrap().as_mut() {
            let hits = contains(chunk, marker);
            if hits > 0 && *allow < hits {
                holding = true;
                shared.held.fetch_add(1, Ordering::SeqCst);
            } else {
                *allow -= hits;
            }
        }
        if holding {
            continue; // swallowed: the request never reaches the server
        }
        if server.write_all(chunk).is_err() {
            break;
        }
    }
    let _ = server.shutdown(Shutdown::Both);
    let _ = back.join();
}
