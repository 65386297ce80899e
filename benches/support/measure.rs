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

/// The peak RSS (KiB) of the process in a tmux pane, or of its only child
/// when the pane runs a shell.
fn pane_peak_rss(pane_pid: u32) -> Option<u64> {
    let children = std::fs::read_to_string(format!("/proc/{pane_pid}/task/{pane_pid}/children"))
        .unwrap_or_default();
    let pid = children
        .split_whitespace()
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or(pane_pid);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
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
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .ok()
    };
    tmux(&["-V"])?;
    let started = Instant::now();
    tmux(&[
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
    let mut elapsed = None;
    while started.elapsed() < Duration::from_secs(60) {
        let out = tmux(&["capture-pane", "-p", "-t", "b"])?;
        if ready(&String::from_utf8_lossy(&out.stdout)) {
            elapsed = Some(started.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(settle);
    let rss = tmux(&["list-panes", "-t", "b", "-F", "#{pane_pid}"])
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .and_then(pane_peak_rss);
    tmux(&["kill-server"]);
    elapsed.map(|e| (e, rss))
}
