//! Any bytes as a feed: no panic, and no control character in what comes out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = tidings::feeds::parse::parse_feed(data, None, None) {
        for article in &feed.articles {
            assert!(tidings::text::sanitize::is_clean(&article.title));
        }
    }
});
