//! An article's picture end to end in tmux: fetched from loopback only
//! when the article is opened, drawn with half blocks (any terminal), `i`
//! steps to the next; with `images = false` nothing is fetched. Skipped
//! (with a note) where tmux is not installed; CI installs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;
use std::path::Path;

use common::tmux::{Tmux, skipped};
use common::{Route, TestServer};

/// A picture of two colours, top and bottom.
fn png() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 32, |_, y| {
        if y < 16 {
            image::Rgb([220, 40, 40])
        } else {
            image::Rgb([40, 40, 220])
        }
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

fn serve() -> TestServer {
    let server = TestServer::start();
    server.route("/lead.png", Route::ok("image/png", png()));
    server.route(
        "/big.png",
        Route::ok("image/png", b"\x89PNG broken".to_vec()),
    );
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Gallery</title><item><title>Pictured story</title>\
         <link>https://example.org/p</link><guid>p1</guid><description>&lt;p&gt;&lt;img src=\"{}\"&gt;\
         Words under the picture.&lt;img src=\"{}\"&gt;&lt;/p&gt;</description></item></channel></rss>",
        server.url("/lead.png"),
        server.url("/big.png")
    );
    server.route("/feed", Route::ok("application/rss+xml", feed));
    server
}

fn launch(tmux: &Tmux, dir: &Path, server: &TestServer, images: bool, size: (u16, u16)) {
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[settings]\ntimeout_secs = 5\nimages = {images}\nimage_protocol = \"halfblocks\"\n\n\
             [[feed]]\nname = \"Gallery\"\nurl = \"{}\"\n",
            server.url("/feed")
        ),
    )
    .unwrap();
    tmux.launch_reader(dir, size.0, size.1);
}

#[test]
fn an_opened_article_shows_its_picture_in_half_blocks_at_80x24() {
    an_opened_article_shows_its_picture_in_half_blocks(80, 24);
}

#[test]
fn an_opened_article_shows_its_picture_in_half_blocks_at_140x40() {
    an_opened_article_shows_its_picture_in_half_blocks(140, 40);
}

fn an_opened_article_shows_its_picture_in_half_blocks(width: u16, height: u16) {
    if skipped() {
        return;
    }
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::new(&format!("pictures-{width}"));
    launch(&tmux, dir.path(), &server, true, (width, height));
    tmux.wait_for("the list", |s| s.contains("Pictured story"));
    assert!(
        server.requests("/lead.png").is_empty(),
        "fetched before opening"
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the picture", |s| s.contains('▀') || s.contains('▄'));
    assert!(screen.contains("Words under the picture"), "{screen}");
    assert_eq!(server.requests("/lead.png").len(), 1);
    tmux.keys(&["i"]);
    tmux.wait_for("the broken second picture, said so", |s| {
        s.contains("picture 2/2: not an image")
    });
    tmux.keys(&["q"]);
}

#[test]
fn with_images_off_nothing_is_fetched() {
    if skipped() {
        return;
    }
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("pictures-off");
    launch(&tmux, dir.path(), &server, false, (100, 30));
    tmux.wait_for("the list", |s| s.contains("Pictured story"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the article", |s| s.contains("Words under the picture"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(server.requests("/lead.png").is_empty());
    tmux.keys(&["q"]);
}
