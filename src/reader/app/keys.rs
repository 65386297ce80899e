//! Where a key goes: the open prompt or overlay, a count being typed, or
//! the keymap's action. Part of `app`: pure.

use super::actions::on_action;
use super::prompts;
use super::{App, Effect, Key, KeyChord, Overlay};

pub(super) fn on_key(app: &mut App, chord: KeyChord) -> Vec<Effect> {
    if app.input.is_some() {
        return prompts::on_search_key(app, chord);
    }
    if let Overlay::Topics { .. } = app.overlay {
        return prompts::on_topics_key(app, chord);
    }
    if app.overlay != Overlay::None {
        prompts::on_overlay_key(app, chord);
        return Vec::new();
    }
    if let Key::Char(c @ '0'..='9') = chord.key
        && !chord.ctrl
        && !chord.alt
    {
        let digit = c as usize - '0' as usize;
        app.count = Some(
            app.count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(digit),
        );
        return Vec::new();
    }
    let count = app.count.take();
    match app.keymap.action(&chord) {
        Some(action) => {
            app.status = None;
            on_action(app, action, count)
        }
        None => Vec::new(),
    }
}
