//! Drives the reader in tmux: a detached session of a given size, keys
//! sent with send-keys, the screen read back with capture-pane. The server
//! is killed when the helper is dropped.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    pub fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("tidings-test-{name}-{}", std::process::id()),
        }
    }

    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `command` in a detached session "t" of `width` x `height`.
    pub fn launch(&self, command: &str, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.cmd(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &w,
            "-y",
            &h,
            command,
        ]);
    }

    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "t"])
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    /// Waits (at most 10 s) until the screen satisfies `check`.
    pub fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if started.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses `q` and waits (at most 10 s) until the reader has exited.
    pub fn quit(&self) {
        self.keys(&["q"]);
        let started = Instant::now();
        while self.display("#{pane_dead}") != "1" {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "tidings did not exit"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn display(&self, format: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_owned()
    }
}

/// True (with a note) where tmux is not installed.
pub fn skipped() -> bool {
    let missing = !Tmux::available();
    if missing {
        eprintln!("skipped: tmux not found");
    }
    missing
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}
