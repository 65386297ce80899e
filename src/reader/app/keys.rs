//! Where a key goes: the open prompt or overlay, a count being typed, or
//! the keymap's action. Part of `app`: pure.

use super::actions::on_action;
use super::prompts;
use super::{App, Effect, Key, KeyChord, Overlay, PromptKind, subscriptions};

pub(super) fn on_key(app: &mut App, chord: KeyChord) -> Vec<Effect> {
    if app.input.is_some() {
        if let PromptKind::RemoveFeed(id) = app.prompt {
            return subscriptions::answer_remove(app, id, chord);
        }
        return prompts::on_prompt_key(app, chord);
    }
    match app.overlay {
        Overlay::Topics { .. } => return prompts::on_topics_key(app, chord),
        Overlay::Choices { .. } => return subscriptions::on_choices_key(app, chord),
        _ => {}
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
