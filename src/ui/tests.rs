//! Snapshot tests of every screen on ratatui's TestBackend.
