//! Property tests over everything that reads outside input: the feed
//! parser, the HTML-to-text paths, the sanitiser, OPML and `urls` imports,
//! and the config. None may panic on any input, and nothing they return
//! may carry a control character to the terminal. (Longer fuzzing runs:
//! raise PROPTEST_CASES.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

fn no_controls(text: &str) -> bool {
    !text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
    })
}

/// Strings made of the pieces feeds and pages are built from, hostile ones
/// included, so that random input reaches deep into the parsers.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<rss version=\"2.0\">".to_owned()),
        Just("<channel>".to_owned()),
        Just("<item>".to_owned()),
        Just("</item>".to_owned()),
        Just("<title>".to_owned()),
        Just("</title>".to_owned()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\">".to_owned()),
        Just("<entry>".to_owned()),
        Just("<content type=\"html\">".to_owned()),
        Just("<description>".to_owned()),
        Just("</description>".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("]]>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&lt;p&gt;".to_owned()),
        Just("&#x1b;".to_owned()),
        Just("&".to_owned()),
        Just("<!DOCTYPE x [<!ENTITY e \"&e;&e;\">]>".to_owned()),
        Just("<div><p><b>".to_owned()),
        Just("</p></div>".to_owned()),
        Just("<a href=\"javascript:alert(1)\">".to_owned()),
        Just("<script>x</script>".to_owned()),
        Just("\u{1b}]52;c;aGk=\u{7}".to_owned()),
        Just("\u{1b}[2J".to_owned()),
        Just("\u{9b}31m".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("{\"version\":\"1.1\",\"items\":[".to_owned()),
        "[ -~]{0,12}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_feed_parser_never_panics_and_returns_clean_text(
        text in markup(),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        for input in [text.as_bytes(), &bytes[..]] {
            if let Ok(feed) = tidings::feeds::parse::parse_feed(input, Some("text/xml; charset=utf-8"), None) {
                prop_assert!(no_controls(feed.title.as_deref().unwrap_or("")));
                for article in &feed.articles {
                    prop_assert!(no_controls(&article.title));
                    prop_assert!(no_controls(article.content.as_deref().unwrap_or("")));
                    prop_assert!(no_controls(article.link.as_deref().unwrap_or("")));
                }
            }
        }
    }

    #[test]
    fn html_becomes_clean_text_on_every_path(html in markup(), width in 0usize..200) {
        use tidings::text::render::{RenderMode, render_html, render_rich};
        prop_assert!(no_controls(&render_html(&html, width, RenderMode::WithLinks)));
        prop_assert!(no_controls(&render_html(&html, width, RenderMode::Plain)));
        let rich = render_rich(&html, width);
        for line in &rich.lines {
            prop_assert!(no_controls(&line.text()));
        }
        prop_assert!(no_controls(&tidings::text::plaintext::html_to_text(&html)));
    }

    #[test]
    fn the_sanitiser_is_idempotent_and_leaves_no_controls(text in markup(), raw in "\\PC{0,40}") {
        use tidings::text::sanitize::{clean_line, clean_text, is_clean};
        for input in [text.as_str(), raw.as_str()] {
            let once = clean_text(input);
            prop_assert!(no_controls(&once));
            prop_assert!(is_clean(&once));
            prop_assert_eq!(clean_text(&once), once.clone());
            let line = clean_line(input);
            prop_assert!(!line.contains('\n') && no_controls(&line));
            prop_assert_eq!(clean_line(&line), line.clone());
        }
    }

    #[test]
    fn imports_never_panic_and_keep_only_web_feeds(text in markup(), lines in "(\\PC{0,30}\n){0,8}") {
        if let Ok(list) = tidings::feeds::subscriptions::parse_opml(&text) {
            for feed in list.feeds {
                prop_assert!(feed.url.starts_with("http://") || feed.url.starts_with("https://"), "{}", feed.url);
            }
        }
        let list = tidings::feeds::subscriptions::parse_newsboat_urls(&lines);
        for feed in list.feeds {
            prop_assert!(feed.url.starts_with("http://") || feed.url.starts_with("https://"), "{}", feed.url);
        }
    }

    #[test]
    fn the_config_parser_never_panics(text in "(\\[settings\\]|\\[\\[feed\\]\\]|url = |\"|[a-z_]{1,12} = [0-9]{1,25}|\n|\\PC{0,10}){0,20}") {
        let _ = tidings::config::Config::parse(&text, "config.toml", std::path::Path::new("/tmp"));
    }
}
