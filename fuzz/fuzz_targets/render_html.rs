//! Any text as an article body, through every rendering path.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    use tidings::text::render::{RenderMode, render_html, render_rich};
    assert!(tidings::text::sanitize::is_clean(&render_html(html, 80, RenderMode::WithLinks)));
    render_rich(html, 60);
    let _ = tidings::text::extract::extract(html, Some("https://example.org/"));
    tidings::text::plaintext::html_to_text(html);
});
