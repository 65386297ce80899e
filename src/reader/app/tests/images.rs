//! Tests of an open article's pictures: found once it is loaded, fetched
//! one at a time as shown, `i` to the next, kept only for the open article.

use std::sync::Arc;

use super::super::*;
use super::*;
use crate::reader::app::images::Picture;

fn open_with_pictures(app: &mut App) -> (ArticleId, Vec<Effect>) {
    let html = r#"<p><img src="/lead.png">Text<img src="/two.png"></p>"#;
    open_with(app, Some(html), 3, &[])
}

#[test]
fn opening_asks_for_the_first_picture_and_i_for_the_next() {
    let mut app = loaded();
    let (id, effects) = open_with_pictures(&mut app);
    assert_eq!(
        effects,
        vec![Effect::FetchImage {
            id,
            index: 0,
            url: "https://example.org/lead.png".to_owned()
        }]
    );
    // Laid out again (a resize): not asked twice.
    let article = app.reader.as_ref().unwrap().article.clone().map(Box::new);
    let again = update(
        &mut app,
        Msg::ArticleLoaded {
            id,
            width: 60,
            article,
            body: body(3, &[]),
        },
    );
    assert!(again.is_empty(), "{again:?}");
    let next = key(&mut app, 'i');
    assert_eq!(
        next,
        vec![Effect::FetchImage {
            id,
            index: 1,
            url: "https://example.org/two.png".to_owned()
        }]
    );
    let picture = Arc::new(image::DynamicImage::new_rgb8(4, 2));
    update(
        &mut app,
        Msg::ImageLoaded {
            id,
            index: 1,
            result: Ok(picture.clone()),
        },
    );
    let slots = app.reader.as_ref().unwrap().images.clone().unwrap();
    assert_eq!(slots[1].picture, Picture::Ready(picture));
    assert_eq!(slots[0].picture, Picture::Asked);
    assert!(
        key(&mut app, 'i').is_empty(),
        "the first was asked for already"
    );
}

#[test]
fn pictures_off_fetches_nothing() {
    let mut app = loaded();
    app.images_on = false;
    let (_, effects) = open_with_pictures(&mut app);
    assert!(effects.is_empty());
    key(&mut app, 'i');
    assert!(app.status.as_deref().unwrap().contains("off"));
}
