//! Wiring only: parse the command line, then run a headless command or
//! open the reader. Errors end here as one line on stderr and exit 1.
#![forbid(unsafe_code)]

use clap::Parser;

use tidings::commands;
use tidings::commands::cli::Cli;

/// jemalloc with two arenas and a short decay (.cargo/config.toml): glibc
/// kept an arena per allocating thread, and the reader's peak RSS while it
/// refreshes and indexes was half again its heap.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => commands::run(&cli, command),
        None => commands::setup(&cli).and_then(tidings::reader::terminal::run),
    };
    if let Err(err) = result {
        let message = format!("{err:#}");
        eprintln!("tidings: {}", tidings::text::sanitize::clean_line(&message));
        std::process::exit(1);
    }
}
