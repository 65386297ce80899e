//! Pictures on the terminal: how they are drawn (kitty, sixel or iTerm2
//! graphics where the terminal has them, half blocks anywhere else; the
//! `image_protocol` setting, "auto" goes by the environment), and
//! the picture on screen, encoded once for its place and kept until the
//! article, the picture or the place changes.

use ratatui::Frame;
use ratatui::layout::{Rect, Size};
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::{Image, Resize};

use crate::model::ArticleId;

/// What draws pictures, and the one on screen.
pub struct Pictures {
    /// Made on a thread of its own (see [`Pictures::new`]) until needed.
    coming: Option<std::thread::JoinHandle<Picker>>,
    picker: Option<Picker>,
    shown: Option<((ArticleId, usize, Rect), Protocol)>,
}

impl Pictures {
    /// Chooses how to draw, by the setting; "auto" goes by what the
    /// environment says of the terminal (kitty, iTerm2, WezTerm), never by
    /// asking it (an answer read off the terminal would race the keys).
    /// Inside tmux, making the picker runs `tmux set -p allow-passthrough
    /// on` and waits for it: that is done beside the first screen, not
    /// before it.
    pub fn new(protocol: &str) -> Pictures {
        let protocol = protocol.to_owned();
        let coming = std::thread::Builder::new()
            .name("tidings-pictures".to_owned())
            .spawn(move || picker_for(&protocol))
            .ok();
        Pictures {
            coming,
            picker: None,
            shown: None,
        }
    }

    /// The picker, waited for the first time.
    fn picker(&mut self) -> &Picker {
        let coming = self.coming.take();
        self.picker.get_or_insert_with(|| {
            coming
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(Picker::halfblocks)
        })
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
                .picker()
                .new_protocol(image.clone(), size, Resize::Fit(None))
                .ok()
                .map(|protocol| (key, protocol));
        }
        if let Some((_, protocol)) = &self.shown {
            frame.render_widget(Image::new(protocol), area);
        }
    }
}

/// The picker for the `image_protocol` setting.
fn picker_for(protocol: &str) -> Picker {
    let kind = match protocol {
        "kitty" => Some(ProtocolType::Kitty),
        "sixel" => Some(ProtocolType::Sixel),
        "iterm2" => Some(ProtocolType::Iterm2),
        "halfblocks" => None,
        _ => from_environment(),
    };
    match kind {
        None => Picker::halfblocks(),
        Some(kind) => {
            // The cell size in pixels, from the terminal's window size.
            let font = crossterm::terminal::window_size()
                .ok()
                .filter(|w| w.columns > 0 && w.rows > 0 && w.width > 0 && w.height > 0)
                .map_or((10, 20), |w| (w.width / w.columns, w.height / w.rows));
            #[allow(deprecated)]
            let mut picker = Picker::from_fontsize(font.into());
            picker.set_protocol_type(kind);
            picker
        }
    }
}

/// The graphics the environment says the terminal has, if any.
fn from_environment() -> Option<ProtocolType> {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if std::env::var_os("TMUX").is_some() {
        // Inside tmux, graphics reach the outer terminal only sometimes.
        return None;
    }
    let program = var("TERM_PROGRAM");
    if var("TERM").contains("kitty") || std::env::var_os("KITTY_WINDOW_ID").is_some() {
        Some(ProtocolType::Kitty)
    } else if matches!(program.as_str(), "iTerm.app" | "WezTerm") {
        Some(ProtocolType::Iterm2)
    } else if var("TERM").contains("foot") || program == "mlterm" {
        Some(ProtocolType::Sixel)
    } else {
        None
    }
}
