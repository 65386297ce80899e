//! The terminal reader: pure state (`app`), drawing (`ui`), the jobs that
//! carry out effects off the UI thread (`background`) and the terminal's
//! event loop (`terminal`).

pub mod app;
pub mod background;
pub mod lock;
pub mod opener;
pub mod remember;
pub mod terminal;
pub mod ui;
