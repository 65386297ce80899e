//! Writing command output to stdout: text, JSON and streamed JSON arrays,
//! a closed pipe being a clean end; and cutting text to a column width.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

/// Cuts a text to `width` columns (see [`crate::text::width::truncate`]).
pub(crate) fn truncate(text: &str, width: usize) -> String {
    crate::text::width::truncate(text, width)
}

/// Streams a JSON array to stdout, serialising items as they come.
pub(super) fn print_json_seq<T: Serialize>(items: impl Iterator<Item = T>) -> Result<()> {
    use serde::Serializer as _;
    write_stdout(|out| serde_json::Serializer::pretty(out).collect_seq(items))
}

/// Streams JSON to stdout (no copy of the whole document in memory).
pub(crate) fn print_json<T: Serialize>(value: &T) -> Result<()> {
    write_stdout(|out| serde_json::to_writer_pretty(out, value))
}

/// Runs a JSON writer on buffered stdout, then a newline; a closed pipe is
/// a clean end.
fn write_stdout(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> serde_json::Result<()>,
) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write(&mut out)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Writes to stdout; a closed pipe (`tidings articles | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
