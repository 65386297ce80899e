//! Any text as OPML, a newsboat `urls` file and a config file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = tidings::feeds::subscriptions::parse_opml(text);
    let _ = tidings::feeds::subscriptions::parse_newsboat_urls(text);
    let _ = tidings::config::Config::parse(text, "fuzz.toml", std::path::Path::new("/tmp"));
});
