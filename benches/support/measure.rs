//! How the end-to-end benchmark measures a command: wall time, CPU time
//! (user + system, of the command's process only: the bench's own server
//! runs in the bench) and peak RSS, through /usr/bin/time; and a reader's
//! first screen in tmux.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What one run of a command cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cost {
    pub wall: Duration,
    /// User + system time of the command (None without /usr/bin/time).
    pub cpu: Option<Duration>,
    /// Peak RSS in KiB.
    pub rss: Option<u64>,
}

/// Runs a command under /usr/bin/time and returns what it cost.
pub fn timed(program: &str, args: &[String]) -> Cost {
    let report = tempfile::NamedTempFile::new().unwrap();
    let has_time = Path::new("/usr/bin/time").exists();
    let started = Instant::now();
    let out = if has_time {
        Command::new("/usr/bin/time")
            .args(["-f", "%U %S %M", "-o"])
            .arg(report.path())
            .arg(program)
            .args(args)
            .output()
            .unwrap()
    } else {
        Command::new(program).args(args).output().unwrap()
    };
    let wall = started.elapsed();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let fields: Vec<f64> = text
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let cost = match fields[..] {
        [user, system, rss] => Cost {
            wall,
            cpu: Some(Duration::from_secs_f64(user + system)),
            rss: Some(rss as u64),
        },
        _ => Cost {
            wall,
            ..Cost::default()
        },
    };
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        let what: Vec<&String> = args.iter().filter(|a| !a.contains('/')).collect();
        eprintln!(
            "  {program} {what:?}: {:.0} ms wall, {:.0} ms CPU, {} KiB",
            wall.as_secs_f64() * 1000.0,
            cost.cpu.unwrap_or_default().as_secs_f64() * 1000.0,
            cost.rss.unwrap_or(0)
        );
    }
    cost
}

/// A program running in a detached tmux pane of its own server.
pub struct Pane {
    socket: String,
}

impl Pane {
    /// Starts `command` in a 120 x 40 pane; None without tmux.
    pub fn start(command: &str, socket: &str) -> Option<Pane> {
        let pane = Pane {
            socket: socket.to_owned(),
        };
        pane.tmux(&["-V"])?;
        pane.tmux(&[
            "new-session",
            "-d",
            "-s",
            "b",
            "-x",
            "120",
            "-y",
            "40",
            command,
        ])?;
        Some(pane)
    }

    fn tmux(&self, args: &[&str]) -> Option<std::process::Output> {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .ok()
    }

    /// What the pane shows now.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "b"])
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default()
    }

    /// Polls the screen every 2 ms until `ready` holds for it (at most
    /// `limit`); the time it took from `since`.
    pub fn wait_for(
        &self,
        since: Instant,
        limit: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> Option<Duration> {
        while since.elapsed() < limit {
            if ready(&self.screen()) {
                return Some(since.elapsed());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        None
    }

    /// The pid of the program: the pane's process, or its only child when
    /// the pane runs a shell.
    pub fn pid(&self) -> Option<u32> {
        let out = self.tmux(&["list-panes", "-t", "b", "-F", "#{pane_pid}"])?;
        let pane_pid: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
        let children =
            std::fs::read_to_string(format!("/proc/{pane_pid}/task/{pane_pid}/children"))
                .unwrap_or_default();
        Some(
            children
                .split_whitespace()
                .next()
                .and_then(|c| c.parse().ok())
                .unwrap_or(pane_pid),
        )
    }

    /// The program's peak RSS so far (KiB, VmHWM).
    pub fn peak_rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// The program's CPU time so far (user + system, all its threads).
    pub fn cpu(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()?)).ok()?;
        // The fields after the command's name, which ends with ')'.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // The kernel's USER_HZ is 100 on Linux.
        Some(Duration::from_millis(ticks * 10))
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// Launches a reader in a tmux pane and returns the time until `ready`
/// holds for the screen (polled every 2 ms), and the reader's peak memory
/// (KiB) once it has settled, `settle` later.
pub fn first_screen(
    command: &str,
    socket: &str,
    ready: impl Fn(&str) -> bool,
    settle: Duration,
) -> Option<(Duration, Option<u64>)> {
    let started = Instant::now();
    let pane = Pane::start(command, socket)?;
    let elapsed = pane.wait_for(started, Duration::from_secs(60), ready);
    std::thread::sleep(settle);
    let rss = pane.peak_rss();
    elapsed.map(|e| (e, rss))
}

/// The value after `flag` on the command line `args`, if any.
pub fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}
