//! Running the built tidings on a test folder's `config.toml` and `t.db`:
//! as a command, or as the reader's command line for tmux.

use std::path::Path;
use std::process::{Command, Output};

/// `tidings --config DIR/config.toml --db DIR/t.db ARGS…`.
pub fn tidings(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--config", dir.join("config.toml").to_str().unwrap()])
        .args(["--db", dir.join("t.db").to_str().unwrap()])
        .args(args)
        .output()
        .unwrap()
}

/// The reader on the same files, as a shell command line for tmux.
pub fn reader_command(dir: &Path) -> String {
    format!(
        "{} --config {} --db {}",
        env!("CARGO_BIN_EXE_tidings"),
        dir.join("config.toml").display(),
        dir.join("t.db").display()
    )
}

impl super::tmux::Tmux {
    /// Starts the reader on `dir`'s config and database.
    pub fn launch_reader(&self, dir: &Path, width: u16, height: u16) {
        self.launch(&reader_command(dir), width, height);
    }
}
