//! The notification after a refresh that brought new articles: the
//! `notify_command` setting is an argv template (never a shell), its
//! placeholders `{count}`, `{titles}`, `{feeds}` filled in within the
//! argument they stand in, from sanitised text. It runs at most once per
//! refresh, is given 10 seconds, and its failure is reported, never fatal.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::library::store::Arrivals;
use crate::text::sanitize::clean_line;

/// Titles named in a notification, at most.
pub const TITLES: usize = 5;
const TITLE_CHARS: usize = 120;
const WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("notify_command: cannot run {program}: {error}")]
    Start {
        program: String,
        error: std::io::Error,
    },
    #[error("notify_command: {program} exited with {status}")]
    Failed { program: String, status: String },
    #[error("notify_command: {program} did not finish within 10 s")]
    TimedOut { program: String },
}

/// The command line for `arrivals`, or `None` when there is nothing to
/// say (no template, no new articles).
pub fn argv(template: &[String], arrivals: &Arrivals) -> Option<Vec<String>> {
    if template.is_empty() || arrivals.count == 0 {
        return None;
    }
    let titles: Vec<String> = arrivals
        .titles
        .iter()
        .map(|t| clean_line(t).chars().take(TITLE_CHARS).collect())
        .collect();
    let feeds: Vec<String> = arrivals.feeds.iter().map(|f| clean_line(f)).collect();
    let fill = |arg: &String| {
        arg.replace("{count}", &arrivals.count.to_string())
            .replace("{titles}", &titles.join("\n"))
            .replace("{feeds}", &feeds.join(", "))
    };
    Some(template.iter().map(fill).collect())
}

/// Runs the notification for `arrivals`, if any is due; waits for it.
pub fn notify(template: &[String], arrivals: &Arrivals) -> Result<(), NotifyError> {
    let Some(argv) = argv(template, arrivals) else {
        return Ok(());
    };
    let Some((program, args)) = argv.split_first() else {
        return Ok(());
    };
    let name = clean_line(program);
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| NotifyError::Start {
            program: name.clone(),
            error,
        })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(NotifyError::Failed {
                    program: name,
                    status: status.to_string(),
                });
            }
            Ok(None) if started.elapsed() < WAIT => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(NotifyError::TimedOut { program: name });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrivals() -> Arrivals {
        Arrivals {
            count: 3,
            titles: vec![
                "Storm \u{1b}[2Jhits; rm -rf /".to_owned(),
                "$(reboot)".to_owned(),
            ],
            feeds: vec!["World".to_owned()],
        }
    }

    #[test]
    fn placeholders_fill_their_own_argument_with_clean_text() {
        let template: Vec<String> = ["notify-send", "{count} new in {feeds}", "{titles}"]
            .map(String::from)
            .to_vec();
        let argv = argv(&template, &arrivals()).unwrap();
        assert_eq!(argv.len(), 3, "never split into more arguments");
        assert_eq!(argv[1], "3 new in World");
        assert_eq!(argv[2], "Storm hits; rm -rf /\n$(reboot)");
        assert!(!argv[2].contains('\u{1b}'));
    }

    #[test]
    fn nothing_new_or_no_template_runs_nothing() {
        assert_eq!(argv(&[], &arrivals()), None);
        let none = Arrivals::default();
        assert_eq!(argv(&["true".to_owned()], &none), None);
        assert!(notify(&["/nonexistent/notifier".to_owned()], &none).is_ok());
    }

    #[test]
    fn a_failing_or_missing_program_is_an_error_not_a_panic() {
        let missing = notify(&["/nonexistent/notifier".to_owned()], &arrivals());
        assert!(matches!(missing, Err(NotifyError::Start { .. })));
        let failing = notify(&["false".to_owned()], &arrivals());
        assert!(matches!(failing, Err(NotifyError::Failed { .. })));
    }
}
