//! What the `[sync]` section of the config asks for, worked out: the
//! checked URL and the secret. The secret itself is never in the config,
//! the database, logs or JSON: it comes from a command (argv, never a
//! shell) or a file, each time a sync starts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::SyncError;
pub use crate::config::{SyncConfig, SyncKind};

/// How a request proves who it is for.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    Token(String),
    Password { username: String, password: String },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Token(…)"),
            Credentials::Password { username, .. } => write!(f, "Password({username}, …)"),
        }
    }
}

/// How long a password command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

impl SyncConfig {
    /// The account's name in the database: kind and server.
    pub fn account(&self) -> String {
        let kind = match self.kind {
            SyncKind::Miniflux => "miniflux",
            SyncKind::Greader => "greader",
        };
        format!("{kind}@{}", self.url.trim_end_matches('/'))
    }

    /// The base URL, checked: http(s), and https unless the host is
    /// loopback (credentials never cross a network in the clear).
    pub fn base_url(&self) -> Result<url::Url, SyncError> {
        let url = url::Url::parse(self.url.trim())
            .map_err(|_| SyncError::Config(format!("[sync] url is not a URL: '{}'", self.url)))?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        match url.scheme() {
            "https" => Ok(url),
            "http" if loopback => Ok(url),
            "http" => Err(SyncError::Config(
                "[sync] url must be https (http only on loopback)".to_owned(),
            )),
            other => Err(SyncError::Config(format!(
                "[sync] url must be https, not {other}:"
            ))),
        }
    }

    /// Reads the secret: a token for Miniflux when one is configured, else
    /// the username and password. `base` resolves relative file paths.
    pub fn credentials(&self, base: &Path) -> Result<Credentials, SyncError> {
        if self.kind == SyncKind::Miniflux
            && let Some(token) = read_secret(&self.token_command, &self.token_file, base, "token")?
        {
            return Ok(Credentials::Token(token));
        }
        let username = self
            .username
            .clone()
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| SyncError::Config("[sync] username is missing".to_owned()))?;
        let password = read_secret(
            &self.password_command,
            &self.password_file,
            base,
            "password",
        )?
        .ok_or_else(|| {
            SyncError::Config(
                "[sync] needs password_command or password_file (or a token for miniflux)"
                    .to_owned(),
            )
        })?;
        Ok(Credentials::Password { username, password })
    }
}

/// A secret from a command's first line of output or a file's first line.
fn read_secret(
    command: &Option<Vec<String>>,
    file: &Option<PathBuf>,
    base: &Path,
    what: &str,
) -> Result<Option<String>, SyncError> {
    let text = match (command, file) {
        (Some(argv), _) => run_secret_command(argv, what)?,
        (None, Some(path)) => {
            let path = base.join(path);
            std::fs::read_to_string(&path).map_err(|e| {
                SyncError::Config(format!(
                    "cannot read the {what} file {}: {e}",
                    path.display()
                ))
            })?
        }
        (None, None) => return Ok(None),
    };
    let secret = text.lines().next().unwrap_or("").trim().to_owned();
    if secret.is_empty() {
        return Err(SyncError::Config(format!("the {what} is empty")));
    }
    Ok(Some(secret))
}

/// Runs a secret command (argv, no shell) with a time limit. Its output is
/// never shown, even on failure.
fn run_secret_command(argv: &[String], what: &str) -> Result<String, SyncError> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| SyncError::Config(format!("[sync] {what}_command is empty")))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| SyncError::Config(format!("cannot run the {what} command {program}: {e}")))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SyncError::Config(format!(
                    "the {what} command {program} took too long"
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(SyncError::Config(format!("the {what} command failed: {e}"))),
        }
    }
    let output = child
        .wait_with_output()
        .map_err(|e| SyncError::Config(format!("the {what} command failed: {e}")))?;
    if !output.status.success() {
        return Err(SyncError::Config(format!(
            "the {what} command {program} failed ({})",
            output.status
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> SyncConfig {
        SyncConfig {
            kind: SyncKind::Greader,
            url: url.to_owned(),
            username: Some("me".to_owned()),
            password_command: Some(vec!["printf".to_owned(), "s3cret\\nignored".to_owned()]),
            password_file: None,
            token_command: None,
            token_file: None,
        }
    }

    #[test]
    fn https_is_required_except_on_loopback() {
        assert!(config("https://rss.example.org/").base_url().is_ok());
        assert!(config("http://127.0.0.1:8080/").base_url().is_ok());
        assert!(config("http://localhost/").base_url().is_ok());
        let err = config("http://rss.example.org/").base_url().unwrap_err();
        assert!(err.to_string().contains("https"), "{err}");
        assert!(config("ftp://127.0.0.1/").base_url().is_err());
    }

    #[test]
    fn the_password_comes_from_argv_and_never_shows_in_debug() {
        let credentials = config("https://x.org/")
            .credentials(Path::new("/"))
            .unwrap();
        assert_eq!(
            credentials,
            Credentials::Password {
                username: "me".to_owned(),
                password: "s3cret".to_owned()
            }
        );
        assert!(!format!("{credentials:?}").contains("s3cret"));
    }

    #[test]
    fn a_failing_command_says_so_without_its_output() {
        let mut c = config("https://x.org/");
        c.password_command = Some(vec![
            "sh".to_owned(),
            "-c".to_owned(),
            "echo leak; exit 3".to_owned(),
        ]);
        let err = c.credentials(Path::new("/")).unwrap_err().to_string();
        assert!(err.contains("failed") && !err.contains("leak"), "{err}");
    }
}
