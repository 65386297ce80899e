//! Keys while a prompt or box is open: the search prompt, the topic list,
//! and the help and errors boxes. Part of `app`: pure.

use super::layout::Focus;
use super::lists::filter_changed;
use super::movement::step;
use super::{Action, App, Effect, Key, KeyChord, Overlay, PromptKind, subscriptions};

/// Keys while a prompt is open: typing, Enter to submit, Esc to cancel.
pub(super) fn on_prompt_key(app: &mut App, chord: KeyChord) -> Vec<Effect> {
    let Some(input) = app.input.as_mut() else {
        return Vec::new();
    };
    match chord.key {
        Key::Esc => app.input = None,
        Key::Enter => {
            let text = input.trim().to_owned();
            app.input = None;
            let kind = std::mem::take(&mut app.prompt);
            if kind != PromptKind::Search {
                return subscriptions::submit(app, kind, &text);
            }
            app.filter.search = Some(text).filter(|q| !q.is_empty());
            return filter_changed(app);
        }
        Key::Backspace => {
            input.pop();
        }
        Key::Char('u') if chord.ctrl => input.clear(),
        Key::Char('c') if chord.ctrl => app.input = None,
        Key::Char(c) if !chord.ctrl && !chord.alt && !c.is_control() => input.push(c),
        _ => {}
    }
    Vec::new()
}

pub(super) fn on_topics_key(app: &mut App, chord: KeyChord) -> Vec<Effect> {
    let action = app.keymap.action(&chord);
    let Overlay::Topics { cursor, all } = &mut app.overlay else {
        return Vec::new();
    };
    let len = app.topics.len();
    match (chord.key, action) {
        (Key::Enter, _) | (_, Some(Action::Open)) => {
            let Some((topic, _)) = app.topics.get(*cursor) else {
                return Vec::new();
            };
            app.filter.topic = Some(topic.clone());
            app.filter.related_to = None;
            app.overlay = Overlay::None;
            app.focus = Focus::Articles;
            filter_changed(app)
        }
        (_, Some(Action::ToggleUnreadOnly)) => {
            *all = !*all;
            let all = *all;
            *cursor = 0;
            app.topics_loaded = false;
            vec![Effect::LoadTopics { all }]
        }
        (_, Some(Action::Down)) => {
            *cursor = step(*cursor, 1, len);
            Vec::new()
        }
        (_, Some(Action::Up)) => {
            *cursor = step(*cursor, -1, len);
            Vec::new()
        }
        (_, Some(Action::PageDown)) => {
            *cursor = step(*cursor, 10, len);
            Vec::new()
        }
        (_, Some(Action::PageUp)) => {
            *cursor = step(*cursor, -10, len);
            Vec::new()
        }
        (_, Some(Action::Top)) => {
            *cursor = 0;
            Vec::new()
        }
        (_, Some(Action::Bottom)) => {
            *cursor = len.saturating_sub(1);
            Vec::new()
        }
        _ => {
            app.overlay = Overlay::None;
            Vec::new()
        }
    }
}

pub(super) fn on_overlay_key(app: &mut App, chord: KeyChord) {
    let action = app.keymap.action(&chord);
    let (Overlay::Help { scroll } | Overlay::Errors { scroll }) = &mut app.overlay else {
        return;
    };
    match action {
        Some(Action::Down) => *scroll += 1,
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll += 10,
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
        Some(Action::Top) => *scroll = 0,
        Some(Action::Quit) if chord == KeyChord::ctrl('c') => app.quit = true,
        _ => app.overlay = Overlay::None,
    }
}
