//! Pictures on the terminal: how they are drawn (kitty, sixel or iTerm2
//! graphics where the terminal has them, half blocks anywhere else; the
//! `image_protocol` setting, "auto" asks the terminal once at start), and
//! the picture on screen, encoded once for its place and kept until the
//! article, the picture or the place changes.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Rect, Size};
use ratatui_image::picker::cap_parser::QueryStdioOptions;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::{Image, Resize};

use crate::model::ArticleId;

/// What draws pictures, and the one on screen.
pub struct Pictures {
    picker: Picker,
    shown: Option<((ArticleId, usize, Rect), Protocol)>,
}

impl Pictures {
    /// Chooses how to draw, by the setting; "auto" asks the terminal (it
    /// must be in raw mode, and nothing else reading its input yet).
    pub fn new(protocol: &str) -> Pictures {
        let chosen = match protocol {
            "kitty" => Some(ProtocolType::Kitty),
            "sixel" => Some(ProtocolType::Sixel),
            "iterm2" => Some(ProtocolType::Iterm2),
            _ => None,
        };
        let mut picker = if protocol == "halfblocks" {
            Picker::halfblocks()
        } else {
            let options = QueryStdioOptions {
                timeout: Duration::from_millis(300),
                ..QueryStdioOptions::default()
            };
            Picker::from_query_stdio_with_options(options).unwrap_or_else(|_| Picker::halfblocks())
        };
        if let Some(kind) = chosen {
            picker.set_protocol_type(kind);
        }
        Pictures {
            picker,
            shown: None,
        }
    }

    /// Draws picture `index` of article `id` into `area`, encoding it only
    /// when something changed.
    pub fn draw(
        &mut self,
        frame: &mut Frame<'_>,
        key: (ArticleId, usize),
        image: &image::DynamicImage,
        area: Rect,
    ) {
        let key = (key.0, key.1, area);
        let stale = self.shown.as_ref().is_none_or(|(shown, _)| *shown != key);
        if stale {
            let size = Size::new(area.width, area.height);
            self.shown = self
                .picker
                .new_protocol(image.clone(), size, Resize::Fit(None))
                .ok()
                .map(|protocol| (key, protocol));
        }
        if let Some((_, protocol)) = &self.shown {
            frame.render_widget(Image::new(protocol), area);
        }
    }
}
