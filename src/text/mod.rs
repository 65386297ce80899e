//! Untrusted text made safe and readable: control characters and escape
//! sequences stripped, HTML turned into plain text and the reader's lines,
//! the readable article extracted from a page, display widths and dates.

pub mod extract;
pub mod plaintext;
pub mod render;
pub mod sanitize;
pub mod timefmt;
pub mod width;
