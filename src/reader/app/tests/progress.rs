//! Tests of refresh progress, failed feeds and coalesced reloads.

use super::super::*;
use super::*;

#[test]
fn a_failed_feed_shows_its_error_in_the_errors_view() {
    let mut app = loaded();
    update(&mut app, Msg::RefreshStarted { total: 2 });
    let report = FeedReport {
        feed: "Two".to_owned(),
        url: "https://example.org/2".to_owned(),
        status: RefreshStatus::Error,
        new: 0,
        error: Some("HTTP 500".to_owned()),
    };
    let effects = update(&mut app, Msg::FeedRefreshed(report));
    assert_eq!(
        effects,
        vec![Effect::LoadFeeds, Effect::LoadArticles(Filter::default())]
    );
    let mut failing = vec![feed(1, "One", 3), feed(2, "Two", 2)];
    failing[1].last_status = Some(RefreshStatus::Error);
    failing[1].last_error = Some("HTTP 500".to_owned());
    update(&mut app, Msg::FeedsLoaded(failing));
    assert_eq!(app.failed_feeds().len(), 1);
    key(&mut app, 'E');
    assert_eq!(app.overlay, Overlay::Errors { scroll: 0 });
    special(&mut app, Key::Esc);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn refresh_progress_counts_feeds_errors_and_new_articles() {
    let mut app = loaded();
    update(&mut app, Msg::RefreshStarted { total: 3 });
    for (status, new) in [
        (RefreshStatus::Updated, 4),
        (RefreshStatus::Error, 0),
        (RefreshStatus::NotModified, 0),
    ] {
        update(
            &mut app,
            Msg::FeedRefreshed(FeedReport {
                feed: "f".to_owned(),
                url: "u".to_owned(),
                status,
                new,
                error: None,
            }),
        );
    }
    assert_eq!(
        (app.refresh.done, app.refresh.errors, app.refresh.new),
        (3, 1, 4)
    );
    let effects = update(&mut app, Msg::RefreshFinished);
    assert!(!app.refresh.running);
    assert_eq!(
        app.status.as_deref(),
        Some("Refreshed 3 feeds: 4 new articles, 1 errors (E shows them)")
    );
    assert!(
        effects.is_empty(),
        "the reload asked for by the first feed is still in flight"
    );
    let after = update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles: vec![],
        },
    );
    assert_eq!(
        after,
        vec![Effect::LoadFeeds, Effect::LoadArticles(Filter::default())]
    );
}

fn new_articles(app: &mut App) -> Vec<Effect> {
    update(
        app,
        Msg::FeedRefreshed(FeedReport {
            feed: "f".to_owned(),
            url: "u".to_owned(),
            status: RefreshStatus::Updated,
            new: 1,
            error: None,
        }),
    )
}

fn list_answer(app: &mut App, articles: Vec<ListRow>) -> Vec<Effect> {
    update(
        app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    )
}

fn list_loads(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::LoadArticles(_)))
        .count()
}

#[test]
fn reloads_during_a_refresh_wait_for_its_pulse() {
    let mut app = loaded();
    update(&mut app, Msg::RefreshStarted { total: 5 });
    assert_eq!(new_articles(&mut app).len(), 2, "first reload goes out");
    assert!(new_articles(&mut app).is_empty(), "second waits");
    assert!(new_articles(&mut app).is_empty());
    assert!(
        list_answer(&mut app, vec![]).is_empty(),
        "the answer asks for nothing more before the pulse"
    );
    assert_eq!(list_loads(&update(&mut app, Msg::RefreshPulse)), 1);
    assert!(
        update(&mut app, Msg::RefreshPulse).is_empty(),
        "nothing held"
    );
}

#[test]
fn many_stored_feeds_make_few_list_loads_and_the_last_state_is_loaded_at_the_end() {
    let mut app = loaded();
    key(&mut app, 'j'); // on article 2
    let selected = app.selected_article().unwrap().id;
    update(&mut app, Msg::RefreshStarted { total: 500 });
    let mut stored: Vec<ListRow> = app.articles.clone();
    let mut loads = 0;
    let mut in_flight = false;
    for feed in 0..500i64 {
        let mut effects = new_articles(&mut app);
        stored.insert(0, article(100 + feed, 1, "New"));
        if feed % 50 == 49 {
            // About once a second, a pulse comes with a report.
            effects.extend(update(&mut app, Msg::RefreshPulse));
        }
        if feed % 7 == 0 && in_flight {
            // The worker answers now and then, with the store as it is.
            effects.extend(list_answer(&mut app, stored.clone()));
            in_flight = false;
        }
        loads += list_loads(&effects);
        in_flight |= list_loads(&effects) > 0;
    }
    assert!(loads <= 12, "{loads} list loads for 500 feeds");
    let mut effects = update(&mut app, Msg::RefreshFinished);
    if in_flight {
        effects.extend(list_answer(&mut app, stored.clone()));
    }
    assert_eq!(list_loads(&effects), 1, "the end loads the last state");
    assert!(list_answer(&mut app, stored.clone()).is_empty());
    assert_eq!(app.articles.len(), stored.len());
    assert_eq!(app.selected_article().unwrap().id, selected);
}

#[test]
fn reload_keeps_the_selected_article() {
    let mut app = loaded();
    key(&mut app, 'j');
    key(&mut app, 'j'); // on article 3
    let mut articles: Vec<ListRow> = vec![article(9, 1, "New one")];
    articles.extend(app.articles.clone());
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    assert_eq!(app.selected_article().unwrap().id, 3);
}

#[test]
fn a_sync_shows_its_progress_then_its_error_with_the_feeds() {
    let mut app = loaded();
    update(&mut app, Msg::RefreshStarted { total: 1 });
    let progress = crate::sync::SyncProgress::Pulled {
        done: 1200,
        total: 10_000,
    };
    assert!(update(&mut app, Msg::Syncing(progress)).is_empty());
    assert_eq!(
        app.sync.status().as_deref(),
        Some("Syncing: pulled 1200/10000")
    );
    let error = Some("cannot reach the server: \u{1b}[31mdown".to_owned());
    assert!(update(&mut app, Msg::Synced { pulled: 0, error }).is_empty());
    assert_eq!(app.sync.status(), None);
    assert_eq!(
        app.sync.error.as_deref(),
        Some("cannot reach the server: down")
    );
    update(&mut app, Msg::RefreshFinished);
    assert!(
        app.status.as_deref().unwrap().contains("1 errors"),
        "{:?}",
        app.status
    );
    // A sync that pulled reloads the list (after the one in flight); one
    // without error clears the error.
    update(
        &mut app,
        Msg::Synced {
            pulled: 3,
            error: None,
        },
    );
    assert_eq!(app.list, ListState::Reloading { again: true });
    assert_eq!(app.sync.error, None);
}
