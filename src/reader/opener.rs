//! Opening a link in the browser, safely: only http(s) URLs, never one that
//! starts with `-`, never through a shell, the URL always one argument.
//! This file decides what to run; `terminal.rs` runs it.

/// A program to run with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserCommand {
    pub program: String,
    pub args: Vec<String>,
    /// A text-mode browser needs the terminal (the reader steps aside).
    pub in_terminal: bool,
}

const TERMINAL_BROWSERS: &[&str] = &[
    "lynx", "w3m", "links", "links2", "elinks", "browsh", "carbonyl", "chawan", "cha",
];

/// Bidi controls and zero-width characters: they make a link read other
/// than it goes.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Why a link is not opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("refusing to open a link that starts with '-'")]
    Dash,
    #[error("refusing to open a link with spaces or hidden characters in it")]
    Hidden,
    #[error("only http(s) links are opened, not {0}:")]
    Scheme(String),
    #[error("not a valid link")]
    Invalid,
    #[error("cannot read the browser command '{0}'")]
    Command(String),
    #[error("the browser command is empty")]
    Empty,
}

/// Works out how to open `url`: the config's `browser` command ("%u" is
/// the URL), else `$BROWSER` (first of a `:` list), else the system opener.
pub fn browser_command(
    url: &str,
    configured: &str,
    env_browser: Option<&str>,
) -> Result<BrowserCommand, OpenError> {
    // Refused rather than tidied, so that the link opened is byte for byte
    // the link shown.
    if url.starts_with('-') {
        return Err(OpenError::Dash);
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
    {
        return Err(OpenError::Hidden);
    }
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
        Ok(parsed) => {
            return Err(OpenError::Scheme(parsed.scheme().to_owned()));
        }
        Err(_) => return Err(OpenError::Invalid),
    }
    let template = if !configured.trim().is_empty() {
        configured.trim().to_owned()
    } else if let Some(env) =
        env_browser.and_then(|b| b.split(':').map(str::trim).find(|b| !b.is_empty()))
    {
        env.to_owned()
    } else if cfg!(target_os = "macos") {
        "open".to_owned()
    } else {
        "xdg-open".to_owned()
    };
    let words = shlex::split(&template).ok_or_else(|| OpenError::Command(template.clone()))?;
    let (program, rest) = words.split_first().ok_or(OpenError::Empty)?;
    let mut args: Vec<String> = Vec::with_capacity(rest.len() + 1);
    let mut placed = false;
    for word in rest {
        if word.contains("%u") {
            args.push(word.replace("%u", url));
            placed = true;
        } else {
            args.push(word.clone());
        }
    }
    if !placed {
        args.push(url.to_owned());
    }
    let name = std::path::Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    Ok(BrowserCommand {
        program: program.clone(),
        args,
        in_terminal: TERMINAL_BROWSERS.contains(&name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_is_one_argument_even_with_shell_characters() {
        let url = "https://example.org/a?b=1&c=$(rm${IFS}-rf${IFS}~);`x`|tee>/tmp/x";
        let cmd = browser_command(url, "firefox --new-tab %u", None).unwrap();
        assert_eq!(cmd.program, "firefox");
        assert_eq!(cmd.args, vec!["--new-tab".to_owned(), url.to_owned()]);
        assert!(!cmd.in_terminal);
    }

    #[test]
    fn browser_variable_is_used_and_the_url_appended() {
        let cmd = browser_command("https://e.org/", "", Some("w3m:firefox")).unwrap();
        assert_eq!(cmd.program, "w3m");
        assert_eq!(cmd.args, vec!["https://e.org/"]);
        assert!(cmd.in_terminal);
    }

    #[test]
    fn system_opener_is_the_fallback() {
        let cmd = browser_command("https://e.org/", "", None).unwrap();
        assert!(cmd.program == "xdg-open" || cmd.program == "open");
    }

    #[test]
    fn links_with_spaces_controls_or_hidden_characters_are_refused() {
        for url in [
            "https://example.org/a b",
            " https://example.org/",
            "https://example.org/\n--option",
            "https://example.org/\u{1b}[2J",
            "https://exa\u{202e}mple.org/",
            "https://example.org/\u{200b}x",
            "-https://example.org/",
        ] {
            assert!(browser_command(url, "lynx %u", None).is_err(), "{url:?}");
        }
        let ok = browser_command("https://example.org/a?b=c&d", "lynx %u", None).unwrap();
        assert_eq!(
            ok.args.last().map(String::as_str),
            Some("https://example.org/a?b=c&d")
        );
    }

    #[test]
    fn only_http_links_are_opened() {
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "-oProxyCommand=x",
            "mailto:a@b",
            "nonsense",
        ] {
            assert!(browser_command(bad, "", None).is_err(), "{bad}");
        }
    }
}
