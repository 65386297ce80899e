//! Arrays of packed ids (see [`super::pack`]) that a snapshot may leave in
//! its file until needed: a query reads the few runs it uses (a document's
//! vector, a term's postings), anything that needs the whole array reads
//! it once. Every id read is checked against its bound, so a damaged file
//! costs answers, never a panic; the whole array is also checked against
//! its checksum.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use super::CODE_BITS;
use super::snapshot::Checksum;

/// Where an array is in a snapshot file.
pub(super) struct Source {
    pub(super) file: Arc<Mutex<std::fs::File>>,
    /// Byte offset and number of items.
    pub(super) offset: u64,
    pub(super) len: usize,
    pub(super) checksum: u64,
    /// Every id (the bits above the code) is below this.
    pub(super) bound: u32,
}

/// An array held in memory, or left in a snapshot file until needed.
#[derive(Default)]
pub(super) struct Packed {
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

    /// Items in the array.
    pub(super) fn len(&self) -> usize {
        match &self.lazy {
            None => self.owned.len(),
            Some((source, _)) => source.len,
        }
    }

    /// The whole array, read from the file on first use.
    pub(super) fn all(&self) -> &[u32] {
        match &self.lazy {
            None => &self.owned,
            Some((source, all)) => all.get_or_init(|| read_all(source)),
        }
    }

    /// The whole array, to change.
    pub(super) fn make_mut(&mut self) -> &mut Vec<u32> {
        if let Some((source, all)) = self.lazy.take() {
            self.owned = all.into_inner().unwrap_or_else(|| read_all(&source));
        }
        &mut self.owned
    }

    /// Items `range`, from memory or read from the file; empty when out
    /// of bounds or unreadable.
    pub(super) fn run(&self, range: Range<usize>) -> Cow<'_, [u32]> {
        let Some((source, all)) = &self.lazy else {
            return Cow::Borrowed(self.owned.get(range).unwrap_or_default());
        };
        if let Some(all) = all.get() {
            return Cow::Borrowed(all.get(range).unwrap_or_default());
        }
        if range.start > range.end || range.end > source.len {
            return Cow::Borrowed(&[]);
        }
        let mut items = vec![0u32; range.len()];
        let at = source.offset + range.start as u64 * 4;
        match read_at(source, at, &mut items) {
            Some(()) if fits(&items, source.bound) => Cow::Owned(items),
            _ => Cow::Borrowed(&[]),
        }
    }
}

fn fits(items: &[u32], bound: u32) -> bool {
    items.iter().all(|&p| p >> CODE_BITS < bound)
}

fn read_at(source: &Source, at: u64, items: &mut [u32]) -> Option<()> {
    let mut file = source.file.lock().ok()?;
    file.seek(SeekFrom::Start(at)).ok()?;
    file.read_exact(bytemuck::cast_slice_mut(items)).ok()
}

/// The whole array, checked; empty when it cannot be read or is damaged.
fn read_all(source: &Source) -> Vec<u32> {
    let mut items: Vec<u32> = bytemuck::zeroed_vec(source.len);
    let mut sum = Checksum::default();
    let read = read_at(source, source.offset, &mut items);
    sum.add(bytemuck::cast_slice(&items));
    if read.is_none() || sum.value() != source.checksum || !fits(&items, source.bound) {
        return Vec::new();
    }
    items
}
