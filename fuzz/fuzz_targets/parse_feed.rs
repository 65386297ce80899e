//! Any bytes as a feed: no panic, and no control character in what comes out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = tidings::parse::parse_feed(data, None, None) {
        for article in &feed.articles {
            assert!(tidings::sanitize::is_clean(&article.title));
        }
    }
});
