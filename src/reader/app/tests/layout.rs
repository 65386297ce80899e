//! Tests of the layouts: the list's width, closing, cycling, and a refresh
//! that leaves the selection and the reader where they were.

use super::super::*;
use super::*;
use crate::model::Layout;

fn wide() -> App {
    let mut app = loaded();
    update(&mut app, Msg::Resize(140, 40));
    app
}

#[test]
fn the_list_takes_the_width_until_an_article_opens_and_esc_closes_it() {
    let mut app = wide();
    assert!(app.panes().reader.is_none());
    let list = app.panes().articles.unwrap().width;
    open_with_body(&mut app, 10, &[]);
    assert!(app.panes().reader.is_some());
    assert!(app.panes().articles.unwrap().width < list);
    key(&mut app, 'h');
    assert_eq!(app.focus, Focus::Articles);
    assert!(
        app.panes().reader.is_some(),
        "back keeps the article beside"
    );
    special(&mut app, Key::Esc);
    assert!(app.reader.is_none());
    assert_eq!(app.focus, Focus::Articles);
    assert_eq!(app.panes().articles.unwrap().width, list);
}

#[test]
fn capital_l_cycles_the_layouts_lays_the_article_out_again_and_remembers() {
    let mut app = wide();
    open_with_body(&mut app, 10, &[]);
    let three = app.reader_width();
    let effects = key(&mut app, 'L');
    assert_eq!(app.layout, Layout::Split);
    assert!(effects.contains(&Effect::SaveLayout(Layout::Split)));
    let split = app.reader_width();
    assert!(split > three, "{split} > {three}");
    let id = app.reader.as_ref().unwrap().id;
    assert!(effects.contains(&Effect::LoadArticle { id, width: split }));
    assert!(app.panes().feeds.is_none());
    let effects = key(&mut app, 'L');
    assert_eq!(app.layout, Layout::Single);
    assert_eq!(app.panes().reader.unwrap().width, 140);
    assert!(effects.contains(&Effect::SaveLayout(Layout::Single)));
    key(&mut app, 'L');
    assert_eq!(app.layout, Layout::Three);
    assert!(app.status.as_deref().unwrap_or("").contains("Layout"));
}

#[test]
fn a_refresh_moves_neither_the_selection_nor_the_reader() {
    let mut app = wide();
    key(&mut app, 'j');
    open_with_body(&mut app, 100, &[]);
    key(&mut app, ' ');
    let scroll = app.reader.as_ref().unwrap().scroll;
    assert!(scroll > 0);
    let (selected, panes) = (app.selected_article().unwrap().id, app.panes());
    update(&mut app, Msg::RefreshStarted { total: 1 });
    let report = FeedReport {
        feed: "One".to_owned(),
        url: "https://example.org/1".to_owned(),
        status: RefreshStatus::Updated,
        new: 2,
        error: None,
    };
    update(&mut app, Msg::FeedRefreshed(report));
    let mut articles = vec![article(8, 1, "New"), article(9, 1, "Newer")];
    articles.extend(app.articles.clone());
    update(
        &mut app,
        Msg::ArticlesLoaded {
            filter: Filter::default(),
            articles,
        },
    );
    assert_eq!(app.selected_article().unwrap().id, selected);
    assert_eq!(app.reader.as_ref().unwrap().scroll, scroll);
    assert_eq!(app.panes(), panes);
}
