//! Arrays of packed ids (see [`super::pack`]) that may stay in a file
//! until needed: a snapshot's (a query reads the few runs it uses, a pass
//! over everything reads it a chunk at a time) or a spill file of our own
//! (an index built afresh moves its documents' terms there as it grows, so
//! that they and the weighted arrays are never in memory together).
//! Items appended go to a tail in memory, after the file's. Every id read
//! from a file is checked against its bound, so a damaged file costs
//! answers, never a panic; reading a snapshot's array whole also checks
//! its checksum.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use super::CODE_BITS;
use super::checksum::Checksum;

/// Items an array holds in memory before [`Packed::spill`] moves them to
/// its spill file (1 MiB: the tail grows to 2 MiB at most).
pub(super) const SPILL_AT: usize = 1 << 18;

/// Items read from a file at a time by a pass over a whole array (1 MiB,
/// a multiple of the checksum's block).
pub(super) const CHUNK: usize = 1 << 18;

/// Where an array is in a file.
pub(super) struct Source {
    pub(super) file: Arc<Mutex<std::fs::File>>,
    /// Byte offset and number of items.
    pub(super) offset: u64,
    pub(super) len: usize,
    /// The whole array's, for a snapshot (a spill file is our own).
    pub(super) checksum: Option<u64>,
    /// Every id (the bits above the code) is below this.
    pub(super) bound: u32,
    /// A spill file, which more items may be appended to.
    pub(super) spill: bool,
}

/// An array held in memory, or its first items left in a file until
/// needed (the rest, appended since, in memory).
#[derive(Default)]
pub(super) struct Packed {
    /// Every item, or the tail after the file's.
    owned: Vec<u32>,
    lazy: Option<(Source, OnceLock<Vec<u32>>)>,
}

impl From<Vec<u32>> for Packed {
    fn from(owned: Vec<u32>) -> Packed {
        Packed { owned, lazy: None }
    }
}

impl Packed {
    pub(super) fn stored(source: Source) -> Packed {
        Packed {
            owned: Vec::new(),
            lazy: Some((source, OnceLock::new())),
        }
    }

    /// Items in the file (0 for an array all in memory).
    fn stored_len(&self) -> usize {
        self.lazy.as_ref().map_or(0, |(source, _)| source.len)
    }

    /// Items in the array.
    pub(super) fn len(&self) -> usize {
        self.stored_len() + self.owned.len()
    }

    /// The whole array, to change (the file's part read now).
    pub(super) fn make_mut(&mut self) -> &mut Vec<u32> {
        if let Some((source, all)) = self.lazy.take() {
            let mut whole = all.into_inner().unwrap_or_else(|| read_all(&source));
            whole.append(&mut self.owned);
            self.owned = whole;
        }
        &mut self.owned
    }

    /// Where new items go: their places follow [`Packed::len`].
    pub(super) fn tail(&mut self) -> &mut Vec<u32> {
        &mut self.owned
    }

    /// Items `range`, from memory or read from the file; empty when out
    /// of bounds or unreadable.
    pub(super) fn run(&self, range: Range<usize>) -> Cow<'_, [u32]> {
        if range.start > range.end || range.end > self.len() {
            return Cow::Borrowed(&[]);
        }
        if let Some(items) = self.in_memory(range.clone()) {
            return Cow::Borrowed(items);
        }
        let Some((source, _)) = &self.lazy else {
            return Cow::Borrowed(&[]);
        };
        let stored_end = range.end.min(source.len);
        let mut items = vec![0u32; stored_end - range.start];
        match read_at(source, range.start, &mut items) {
            Some(()) => {
                if range.end > source.len {
                    items.extend_from_slice(&self.owned[..range.end - source.len]);
                }
                Cow::Owned(items)
            }
            None => Cow::Borrowed(&[]),
        }
    }

    /// Items `range` if they need no reading.
    fn in_memory(&self, range: Range<usize>) -> Option<&[u32]> {
        let Some((source, all)) = &self.lazy else {
            return self.owned.get(range);
        };
        if range.start >= source.len {
            return self
                .owned
                .get(range.start - source.len..range.end - source.len);
        }
        all.get().and_then(|all| all.get(range))
    }

    /// A reader of runs in increasing order, a chunk of the file at a time.
    pub(super) fn cursor(&self) -> Cursor<'_> {
        Cursor {
            packed: self,
            buf: Vec::new(),
            at: 0,
        }
    }

    /// Hands the whole array to `write`, a chunk at a time (the file's
    /// chunks are whole checksum blocks).
    pub(super) fn each_chunk(
        &self,
        mut write: impl FnMut(&[u32]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut cursor = self.cursor();
        let stored = self.stored_len();
        let unreadable = || std::io::Error::other("a topic array's file is unreadable");
        let mut at = 0;
        while at < stored {
            let end = (at + CHUNK).min(stored);
            let chunk = cursor.read(at..end).ok_or_else(unreadable)?;
            write(chunk)?;
            at = end;
        }
        write(&self.owned)
    }

    /// Moves the items in memory to a spill file in `dir` (created on
    /// first use, gone when the array is): an array read from a snapshot
    /// keeps them in memory.
    pub(super) fn spill(&mut self, dir: &Path) -> std::io::Result<()> {
        if self.owned.is_empty() {
            return Ok(());
        }
        match &mut self.lazy {
            None => {
                let file = tempfile::tempfile_in(dir)?;
                self.lazy = Some((
                    Source {
                        file: Arc::new(Mutex::new(file)),
                        offset: 0,
                        len: 0,
                        checksum: None,
                        bound: u32::MAX,
                        spill: true,
                    },
                    OnceLock::new(),
                ));
                self.spill(dir)
            }
            Some((source, all)) if source.spill && all.get().is_none() => {
                let mut file = source
                    .file
                    .lock()
                    .map_err(|_| std::io::Error::other("lock"))?;
                file.seek(SeekFrom::Start(source.offset + source.len as u64 * 4))?;
                file.write_all(bytemuck::cast_slice(&self.owned))?;
                source.len += self.owned.len();
                self.owned = Vec::new();
                Ok(())
            }
            Some(_) => Ok(()),
        }
    }
}

/// Reads runs of a [`Packed`] in increasing order: a run in the file is
/// served from a chunk read ahead.
pub(super) struct Cursor<'a> {
    packed: &'a Packed,
    buf: Vec<u32>,
    /// Where the chunk in `buf` starts.
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Items `range` (empty when out of bounds or unreadable).
    pub(super) fn get(&mut self, range: Range<usize>) -> Cow<'_, [u32]> {
        let packed = self.packed;
        match self.read(range.clone()) {
            Some(items) => Cow::Borrowed(items),
            // Across the file's end, or a run longer than a chunk.
            None => packed.run(range),
        }
    }

    /// Items `range` from memory or a chunk; `None` when they are not in
    /// one chunk or the file cannot be read.
    fn read(&mut self, range: Range<usize>) -> Option<&[u32]> {
        if let Some(items) = self.packed.in_memory(range.clone()) {
            return Some(items);
        }
        let (source, _) = self.packed.lazy.as_ref()?;
        if range.end > source.len || range.start > range.end {
            return None;
        }
        let held = self.at..self.at + self.buf.len();
        if range.start < held.start || range.end > held.end {
            let end = (range.start + CHUNK).min(source.len);
            if range.end > end {
                return None;
            }
            self.buf.resize(end - range.start, 0);
            self.at = range.start;
            if read_at(source, range.start, &mut self.buf).is_none() {
                self.buf.clear();
                return None;
            }
        }
        self.buf.get(range.start - self.at..range.end - self.at)
    }
}

fn fits(items: &[u32], bound: u32) -> bool {
    items.iter().all(|&p| p >> CODE_BITS < bound)
}

/// Reads items from item `at` on, checked against the bound.
fn read_at(source: &Source, at: usize, items: &mut [u32]) -> Option<()> {
    let mut file = source.file.lock().ok()?;
    file.seek(SeekFrom::Start(source.offset + at as u64 * 4))
        .ok()?;
    file.read_exact(bytemuck::cast_slice_mut(items)).ok()?;
    fits(items, source.bound).then_some(())
}

/// The file's items, checked; empty when they cannot be read or are
/// damaged.
fn read_all(source: &Source) -> Vec<u32> {
    let mut items: Vec<u32> = bytemuck::zeroed_vec(source.len);
    if read_at(source, 0, &mut items).is_none() {
        return Vec::new();
    }
    if let Some(checksum) = source.checksum {
        let mut sum = Checksum::default();
        sum.add(bytemuck::cast_slice(&items));
        if sum.value() != checksum {
            return Vec::new();
        }
    }
    items
}
