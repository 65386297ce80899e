//! Keys as data: the embedded `config/keymap.toml` plus a user file that
//! overrides single bindings. The help screen is generated from the same
//! table, so it always tells the truth.

use std::collections::HashMap;

use serde::Deserialize;

mod chord;
pub use chord::{Key, KeyChord};

pub const DEFAULT_KEYMAP: &str = include_str!("../../../config/keymap.toml");

/// Everything a key can do in the normal mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    NextPane,
    PreviousPane,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Back,
    ClearOrBack,
    RefreshFeed,
    RefreshAll,
    OpenInBrowser,
    ToggleStar,
    ToggleRead,
    MarkAllRead,
    ToggleUnreadOnly,
    Search,
    NextMatch,
    PreviousMatch,
    ShowErrors,
    Suspend,
    Related,
    TopicList,
    MarkStoryRead,
    ToggleStoryView,
    ExpandStory,
    FetchFull,
    CycleLayout,
    AddFeed,
    RemoveFeed,
    RenameFeed,
    TagFeed,
    NextImage,
    PlayEnclosure,
}

/// (action, name in keymap files, help text), in help-screen order.
pub const ACTIONS: &[(Action, &str, &str)] = &[
    (Action::Down, "down", "move down / scroll down"),
    (Action::Up, "up", "move up / scroll up"),
    (Action::PageDown, "page_down", "page down"),
    (Action::PageUp, "page_up", "page up"),
    (Action::Top, "top", "go to the top"),
    (Action::Bottom, "bottom", "go to the bottom"),
    (Action::Open, "open", "open the feed or article"),
    (Action::Back, "back", "go back a pane"),
    (
        Action::ClearOrBack,
        "clear_or_back",
        "close, clear the search/filter, or go back",
    ),
    (Action::NextPane, "next_pane", "next pane"),
    (
        Action::CycleLayout,
        "cycle_layout",
        "layout: three panes / list and reader / one pane",
    ),
    (Action::PreviousPane, "previous_pane", "previous pane"),
    (Action::Search, "search", "search titles and text"),
    (
        Action::NextMatch,
        "next_match",
        "next match (next unread without a search)",
    ),
    (
        Action::PreviousMatch,
        "previous_match",
        "previous match (previous unread without a search)",
    ),
    (
        Action::ToggleUnreadOnly,
        "toggle_unread_only",
        "show only unread articles / all",
    ),
    (
        Action::FetchFull,
        "fetch_full",
        "fetch the whole article from its page",
    ),
    (
        Action::Related,
        "related",
        "articles about the same story or topic",
    ),
    (
        Action::TopicList,
        "topics",
        "topic list: choose one to filter by it",
    ),
    (
        Action::MarkStoryRead,
        "mark_story_read",
        "mark the whole story read (all its sources)",
    ),
    (
        Action::ToggleStoryView,
        "toggle_story_view",
        "one row per story / one row per article",
    ),
    (
        Action::ExpandStory,
        "expand_story",
        "show or fold the articles of a story",
    ),
    (
        Action::NextImage,
        "next_image",
        "the article's next picture (images = true)",
    ),
    (
        Action::PlayEnclosure,
        "play_enclosure",
        "play the attachment with the player (N P: attachment N)",
    ),
    (Action::ToggleRead, "toggle_read", "mark read / unread"),
    (Action::ToggleStar, "toggle_star", "star / unstar"),
    (
        Action::MarkAllRead,
        "mark_all_read",
        "mark all shown articles read",
    ),
    (
        Action::OpenInBrowser,
        "open_in_browser",
        "open the article in the browser (N o: link N)",
    ),
    (Action::RefreshFeed, "refresh_feed", "refresh this feed"),
    (
        Action::AddFeed,
        "add_feed",
        "add a feed: its URL or a page's (its feed is found)",
    ),
    (
        Action::RemoveFeed,
        "remove_feed",
        "remove the feed selected in the feed list",
    ),
    (
        Action::RenameFeed,
        "rename_feed",
        "rename the selected feed",
    ),
    (Action::TagFeed, "tag_feed", "set the selected feed's tags"),
    (Action::RefreshAll, "refresh_all", "refresh all feeds"),
    (
        Action::ShowErrors,
        "show_errors",
        "show feeds that failed and why",
    ),
    (Action::Help, "help", "this help"),
    (
        Action::Suspend,
        "suspend",
        "suspend to the shell (fg to return)",
    ),
    (Action::Quit, "quit", "quit"),
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeymapError {
    #[error("{origin}: {message}")]
    Invalid { origin: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default)]
    keys: HashMap<String, String>,
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: HashMap<KeyChord, Action>,
}

impl Keymap {
    /// The embedded default keymap with `user` (a keymap file's text, with
    /// its origin for errors) applied on top.
    pub fn load(user: Option<(&str, &str)>) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap {
            bindings: HashMap::new(),
        };
        keymap.apply(DEFAULT_KEYMAP, "built-in keymap")?;
        if let Some((text, origin)) = user {
            keymap.apply(text, origin)?;
        }
        Ok(keymap)
    }

    /// The built-in keymap (tested, so it cannot fail in a release).
    pub fn builtin() -> Keymap {
        Keymap::load(None).unwrap_or(Keymap {
            bindings: HashMap::new(),
        })
    }

    fn apply(&mut self, text: &str, origin: &str) -> Result<(), KeymapError> {
        let invalid = |message: String| KeymapError::Invalid {
            origin: origin.to_owned(),
            message,
        };
        let file: KeymapFile = toml::from_str(text).map_err(|e| invalid(e.message().to_owned()))?;
        for (key, action) in file.keys {
            let chord =
                KeyChord::parse(&key).ok_or_else(|| invalid(format!("unknown key '{key}'")))?;
            if matches!(chord.key, Key::Char(c) if c.is_ascii_digit()) && !chord.ctrl && !chord.alt
            {
                return Err(invalid(format!(
                    "'{key}': digits pick links and cannot be bound"
                )));
            }
            if action == "none" {
                self.bindings.remove(&chord);
                continue;
            }
            let action = ACTIONS
                .iter()
                .find(|(_, name, _)| *name == action)
                .map(|(a, _, _)| *a)
                .ok_or_else(|| invalid(format!("unknown action '{action}' for key '{key}'")))?;
            self.bindings.insert(chord, action);
        }
        Ok(())
    }

    pub fn action(&self, chord: &KeyChord) -> Option<Action> {
        self.bindings.get(chord).copied()
    }

    /// Keys bound to `action`, in a stable order.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        let mut keys: Vec<String> = self
            .bindings
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| k.label())
            .collect();
        keys.sort_by_key(|k| (k.chars().count() > 1, k.to_lowercase(), k.clone()));
        keys
    }

    /// (keys, description) for every bound action, in help order.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        ACTIONS
            .iter()
            .filter_map(|(action, _, help)| {
                let keys = self.keys_for(*action);
                (!keys.is_empty()).then(|| (keys.join(" "), *help))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_keymap_parses_and_binds_the_design_keys() {
        let keymap = Keymap::load(None).unwrap();
        assert_eq!(keymap.action(&KeyChord::ch('j')), Some(Action::Down));
        assert_eq!(
            keymap.action(&KeyChord::plain(Key::Down)),
            Some(Action::Down)
        );
        assert_eq!(keymap.action(&KeyChord::ch('G')), Some(Action::Bottom));
        assert_eq!(keymap.action(&KeyChord::ch(' ')), Some(Action::PageDown));
        assert_eq!(keymap.action(&KeyChord::ctrl('c')), Some(Action::Quit));
    }

    #[test]
    fn every_action_has_a_default_key() {
        let keymap = Keymap::builtin();
        for (action, name, _) in ACTIONS {
            assert!(!keymap.keys_for(*action).is_empty(), "{name} has no key");
        }
    }

    #[test]
    fn user_file_overrides_single_bindings() {
        let user = "[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n";
        let keymap = Keymap::load(Some((user, "mine.toml"))).unwrap();
        assert_eq!(keymap.action(&KeyChord::ch('x')), Some(Action::Quit));
        assert_eq!(keymap.action(&KeyChord::ch('q')), None);
        assert_eq!(
            keymap.action(&KeyChord::ch('j')),
            Some(Action::Down),
            "others stay"
        );
    }

    #[test]
    fn bad_user_keymaps_are_explained() {
        let err = Keymap::load(Some(("[keys]\n\"x\" = \"fly\"\n", "mine.toml"))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.toml: unknown action 'fly' for key 'x'"
        );
        let err = Keymap::load(Some(("[keys]\n\"Hyper-x\" = \"quit\"\n", "m"))).unwrap_err();
        assert_eq!(err.to_string(), "m: unknown key 'Hyper-x'");
        assert!(Keymap::load(Some(("[keys]\n\"3\" = \"quit\"\n", "m"))).is_err());
    }

    #[test]
    fn help_rows_follow_the_bindings() {
        let keymap = Keymap::load(Some(("[keys]\n\"x\" = \"quit\"\n", "m"))).unwrap();
        let rows = keymap.help_rows();
        let quit = rows.iter().find(|(_, h)| *h == "quit").unwrap();
        assert_eq!(quit.0, "q x Ctrl-c");
    }
}
