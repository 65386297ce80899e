//! Colours and text styles of the reader, from the `[theme]` config table.
//! With NO_COLOR set, only bold, reverse, italic and underline are used.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeConfig;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub accent: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub unread: Style,
    pub read: Style,
    pub error: Style,
    pub link: Style,
    pub heading: Style,
    pub quote: Style,
    pub code: Style,
    pub border: Style,
    pub border_focused: Style,
}

/// A theme the config asks for that cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("[theme] {name}: unknown colour '{value}'")]
    UnknownColour { name: String, value: String },
}

impl Theme {
    /// The theme from config; `no_color` (the NO_COLOR convention) keeps
    /// only modifiers. Unknown colour names are errors for the user.
    pub fn from_config(config: &ThemeConfig, no_color: bool) -> Result<Theme, ThemeError> {
        if no_color {
            return Ok(Theme::monochrome());
        }
        let colour = |name: &str, value: &str| -> Result<Option<Color>, ThemeError> {
            match value.trim() {
                "" | "none" | "default" => Ok(None),
                v => v
                    .parse::<Color>()
                    .map(Some)
                    .map_err(|_| ThemeError::UnknownColour {
                        name: name.to_owned(),
                        value: v.to_owned(),
                    }),
            }
        };
        let fg = |name: &str, value: &str| -> Result<Style, ThemeError> {
            Ok(colour(name, value)?.map_or(Style::default(), |c| Style::default().fg(c)))
        };
        let accent = fg("accent", &config.accent)?;
        let mut selected = fg("selected_fg", &config.selected_fg)?;
        if let Some(bg) = colour("selected_bg", &config.selected_bg)? {
            selected = selected.bg(bg);
        } else {
            selected = selected.add_modifier(Modifier::REVERSED);
        }
        Ok(Theme {
            accent,
            selected,
            selected_unfocused: accent.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            unread: fg("unread", &config.unread)?.add_modifier(Modifier::BOLD),
            read: fg("read", &config.read)?,
            error: fg("error", &config.error)?.add_modifier(Modifier::BOLD),
            link: fg("link", &config.link)?.add_modifier(Modifier::UNDERLINED),
            heading: fg("heading", &config.heading)?.add_modifier(Modifier::BOLD),
            quote: fg("quote", &config.quote)?.add_modifier(Modifier::ITALIC),
            code: fg("code", &config.code)?,
            border: Style::default().fg(Color::DarkGray),
            border_focused: accent,
        })
    }

    /// No colours at all: what NO_COLOR asks for.
    pub fn monochrome() -> Theme {
        let plain = Style::default();
        Theme {
            accent: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
            unread: plain.add_modifier(Modifier::BOLD),
            read: plain,
            error: plain.add_modifier(Modifier::BOLD),
            link: plain.add_modifier(Modifier::UNDERLINED),
            heading: plain.add_modifier(Modifier::BOLD),
            quote: plain.add_modifier(Modifier::ITALIC),
            code: plain,
            border: plain,
            border_focused: plain.add_modifier(Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_parses() {
        let theme = Theme::from_config(&ThemeConfig::default(), false).unwrap();
        assert_eq!(theme.accent.fg, Some(Color::Cyan));
    }

    #[test]
    fn no_color_uses_no_colours() {
        let theme = Theme::from_config(&ThemeConfig::default(), true).unwrap();
        for style in [
            theme.accent,
            theme.selected,
            theme.error,
            theme.link,
            theme.heading,
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
        }
    }

    #[test]
    fn unknown_colour_is_named() {
        let config = ThemeConfig {
            accent: "ultraviolet".to_owned(),
            ..ThemeConfig::default()
        };
        assert_eq!(
            Theme::from_config(&config, false).unwrap_err().to_string(),
            "[theme] accent: unknown colour 'ultraviolet'"
        );
    }
}
