//! What each action of the keymap does: the dispatcher, by family (panes,
//! movement, marks, lists, fetching), and the pane and fetching actions.
//! Part of `app`: pure.

use super::layout::Focus;
use super::{Action, App, Effect, Filter, Overlay, lists, marks, movement};

/// Carries out an action (`count`: digits typed before it).
pub(super) fn on_action(app: &mut App, action: Action, count: Option<usize>) -> Vec<Effect> {
    match action {
        Action::Quit => {
            app.quit = true;
            Vec::new()
        }
        Action::Suspend => vec![Effect::Suspend],
        Action::Help => show(app, Overlay::Help { scroll: 0 }),
        Action::ShowErrors => show(app, Overlay::Errors { scroll: 0 }),
        Action::NextPane => next_pane(app, 1),
        Action::PreviousPane => next_pane(app, -1),
        Action::Back => {
            movement::back(app);
            Vec::new()
        }
        Action::ClearOrBack => clear_or_back(app),
        Action::Down => movement::move_by(app, 1),
        Action::Up => movement::move_by(app, -1),
        Action::PageDown => movement::move_by(app, movement::page_size(app)),
        Action::PageUp => movement::move_by(app, -movement::page_size(app)),
        Action::Top => movement::move_by(app, isize::MIN / 2),
        Action::Bottom => movement::move_by(app, isize::MAX / 2),
        Action::NextMatch => movement::jump(app, 1),
        Action::PreviousMatch => movement::jump(app, -1),
        Action::Open => open(app),
        Action::ToggleRead => marks::toggle_read(app),
        Action::ToggleStar => marks::toggle_star(app),
        Action::MarkAllRead => marks::mark_all_read(app),
        Action::MarkStoryRead => marks::mark_story_read(app),
        Action::ToggleUnreadOnly => lists::toggle_unread_only(app),
        Action::Search => lists::start_search(app),
        Action::Related => lists::show_related(app),
        Action::TopicList => lists::open_topic_list(app),
        Action::ToggleStoryView => lists::toggle_story_view(app),
        Action::CycleLayout => cycle_layout(app),
        Action::AddFeed => super::subscriptions::add_feed(app),
        Action::NextImage => super::images::next_image(app),
        Action::PlayEnclosure => play_enclosure(app, count),
        Action::RemoveFeed | Action::RenameFeed | Action::TagFeed => {
            super::subscriptions::edit_feed(app, action)
        }
        Action::ExpandStory => lists::toggle_expanded_story(app),
        Action::RefreshAll => vec![Effect::Refresh { feeds: None }],
        Action::RefreshFeed => refresh_feed(app),
        Action::OpenInBrowser => open_in_browser(app, count),
        Action::FetchFull => fetch_full(app),
    }
}

fn show(app: &mut App, overlay: Overlay) -> Vec<Effect> {
    app.overlay = overlay;
    Vec::new()
}

/// The next pane (`direction` 1) or the previous one (-1); the reader's
/// pane only while an article is open.
fn next_pane(app: &mut App, direction: i8) -> Vec<Effect> {
    let open = app.reader.is_some();
    app.focus = match (app.focus, direction > 0) {
        (Focus::Feeds, true) => Focus::Articles,
        (Focus::Articles, true) if open => Focus::Reader,
        (Focus::Articles | Focus::Reader, true) => Focus::Feeds,
        (Focus::Feeds, false) if open => Focus::Reader,
        (Focus::Feeds | Focus::Reader, false) => Focus::Articles,
        (Focus::Articles, false) => Focus::Feeds,
    };
    Vec::new()
}

/// Esc: clears a narrowed list first (keeping the feed), else goes back.
fn clear_or_back(app: &mut App) -> Vec<Effect> {
    if app.focus != Focus::Reader && app.filter.is_narrowed() {
        app.filter = Filter {
            feed: app.filter.feed,
            ..Filter::default()
        };
        app.related_title = None;
        return lists::filter_changed(app);
    }
    if app.focus == Focus::Articles && app.reader.is_some() {
        // Closing the article gives the list the width again.
        app.reader = None;
        return super::relayout(app);
    }
    movement::back(app);
    Vec::new()
}

fn cycle_layout(app: &mut App) -> Vec<Effect> {
    app.layout = app.layout.next();
    app.status = Some(format!("Layout: {}", app.layout.describe()));
    let mut effects = super::relayout(app);
    effects.push(Effect::SaveLayout(app.layout));
    effects
}

fn open(app: &mut App) -> Vec<Effect> {
    match app.focus {
        Focus::Feeds => {
            app.focus = Focus::Articles;
            Vec::new()
        }
        Focus::Articles => movement::open_selected(app),
        Focus::Reader => Vec::new(),
    }
}

/// Refreshes the selected feed, or the open article's.
fn refresh_feed(app: &mut App) -> Vec<Effect> {
    let feed = app
        .selected_feed()
        .map(|f| f.id)
        .or_else(|| app.target_article().map(|(_, feed)| feed));
    vec![Effect::Refresh {
        feeds: feed.map(|feed| vec![feed]),
    }]
}

/// Fetches the open or selected article's page, opening it if needed.
fn fetch_full(app: &mut App) -> Vec<Effect> {
    let Some((id, _)) = app.target_article() else {
        return Vec::new();
    };
    let link = app
        .title_and_link(id)
        .and_then(|(_, link)| link.map(str::to_owned));
    let Some(link) = link else {
        app.status = Some("This article has no link".to_owned());
        return Vec::new();
    };
    app.status = Some("Fetching the full article…".to_owned());
    let mut effects = vec![Effect::FetchFull { id, link }];
    if app.reader.as_ref().is_none_or(|r| r.id != id) {
        effects.extend(movement::open_selected(app));
    }
    effects
}

/// `P` (or `N P`): the open article's attachment N, with the player.
fn play_enclosure(app: &mut App, count: Option<usize>) -> Vec<Effect> {
    let n = count.unwrap_or(1);
    let enclosures = app
        .reader
        .as_ref()
        .and_then(|r| r.article.as_ref())
        .map(|a| a.enclosures.as_slice())
        .unwrap_or_default();
    match enclosures.get(n.wrapping_sub(1)) {
        Some(enclosure) => vec![Effect::Play(enclosure.url.clone())],
        None if enclosures.is_empty() => {
            app.status = Some("The open article has no attachment".to_owned());
            Vec::new()
        }
        None => {
            app.status = Some(format!("No attachment {n} in the open article"));
            Vec::new()
        }
    }
}

fn open_in_browser(app: &mut App, count: Option<usize>) -> Vec<Effect> {
    if let Some(n) = count {
        let link = app
            .reader
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .and_then(|b| b.links.get(n.wrapping_sub(1)))
            .cloned();
        return match link {
            Some(url) => vec![Effect::OpenUrl(url)],
            None => {
                app.status = Some(format!("No link [{n}] in the open article"));
                Vec::new()
            }
        };
    }
    let link = match (app.focus, &app.reader) {
        (Focus::Reader, Some(reader)) => {
            reader.article.as_ref().and_then(|a| a.summary.link.clone())
        }
        _ => app
            .selected_article()
            .and_then(|a| a.link.as_deref().map(str::to_owned)),
    };
    match link {
        Some(url) => vec![Effect::OpenUrl(url)],
        None => {
            app.status = Some("This article has no link".to_owned());
            Vec::new()
        }
    }
}
