//! The prepared index in a file: a header (magic, format version, the
//! database state it covers, section lengths, checksums), then each array
//! of the index as it is in memory, 8-byte aligned. Loading reads the small
//! arrays straight into place and checks them; anything amiss (other
//! version, short, corrupt) is an error, for the caller to rebuild, never
//! a panic. The three big ones (the documents' terms, their vectors, the
//! postings) stay in the file until needed (see [`Packed`]): a query reads
//! the few runs it uses.

use std::io::{Read, Seek, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use bytemuck::{Pod, Zeroable};

use super::census::{Census, TopicLists};
use super::checksum::Checksum;
use super::labels::{Span, Texts};
use super::stored::{Packed, Source};
use super::{Cache, Doc, HAS_TIME, LIVE, TermInfo, TermText, TopicIndex};

const MAGIC: u64 = u64::from_le_bytes(*b"TIDTOPIX");
/// Bumped whenever the layout or the meaning of a field changes.
const VERSION: u64 = 3;
const SECTIONS: usize = 15;
/// Sections read when loading; the rest stay in the file.
const EAGER: usize = 11;
const LAZY: usize = SECTIONS - EAGER;
/// Where the sections' lengths start in the header: after seven words
/// (magic, version, stamp, documents, body weight, the eager checksum)
/// and the lazy sections' checksums.
const LENGTHS: usize = 7 + LAZY;
const HEADER_WORDS: usize = LENGTHS + SECTIONS;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read the topic snapshot: {0}")]
    Io(#[from] std::io::Error),
    #[error("the topic snapshot is unusable: {0}")]
    Invalid(&'static str),
}

/// What the snapshot covers of the database: topic rows up to `seq`,
/// written under `generation` (see `Store::topic_generation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotStamp {
    pub seq: i64,
    pub generation: i64,
}

/// A further spelling of a term, as saved.
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Spelling {
    term: u32,
    span: Span,
    count: u32,
}

fn padding(len: usize) -> usize {
    (8 - len % 8) % 8
}

impl TopicIndex {
    /// Saves the prepared index to `path` (through a temporary file and a
    /// rename, so a reader sees the old file or the new one). Does nothing
    /// for an index not prepared or with weights of its own.
    pub fn write_snapshot(&self, path: &Path, stamp: SnapshotStamp) -> std::io::Result<()> {
        let (Some(cache), None) = (&self.cache, self.weights) else {
            return Ok(());
        };
        let mut more: Vec<Spelling> = self
            .more
            .iter()
            .flat_map(|(&term, list)| {
                list.iter()
                    .map(move |&(span, count)| Spelling { term, span, count })
            })
            .collect();
        more.sort_by_key(|s| s.term);
        let census = match &cache.census {
            Some(saved) => saved.clone(),
            None => self.census(cache, None),
        };
        let eager_sections: [&[u8]; EAGER] = [
            bytemuck::cast_slice(&self.terms),
            bytemuck::cast_slice(&self.names),
            bytemuck::cast_slice(&more),
            self.texts.text.as_bytes(),
            bytemuck::cast_slice(&self.docs),
            bytemuck::cast_slice(&cache.idf),
            bytemuck::cast_slice(&cache.norms),
            bytemuck::cast_slice(&cache.vector_starts),
            bytemuck::cast_slice(&cache.posting_starts),
            bytemuck::cast_slice(&census),
            bytemuck::cast_slice(&cache.topics.starts),
        ];
        let lazy_sections = [
            &self.doc_terms,
            &cache.vector_terms,
            &cache.postings,
            &cache.topics.docs,
        ];
        let mut eager = Checksum::default();
        for bytes in &eager_sections {
            eager.add(bytes);
        }
        let mut header = [0u64; HEADER_WORDS];
        header[..7].copy_from_slice(&[
            MAGIC,
            VERSION,
            stamp.seq as u64,
            stamp.generation as u64,
            self.live_docs as u64,
            u64::from(cache.body_weight.to_bits()),
            eager.value(),
        ]);
        let lengths = eager_sections
            .iter()
            .map(|bytes| bytes.len())
            .chain(lazy_sections.iter().map(|packed| packed.len() * 4));
        for (slot, len) in header[LENGTHS..].iter_mut().zip(lengths) {
            *slot = len as u64;
        }
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let mut file = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
        {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file.as_file_mut());
            // The header again at the end, when the big arrays' sums are known.
            out.write_all(bytemuck::cast_slice(&header))?;
            for bytes in eager_sections {
                out.write_all(bytes)?;
                out.write_all(&[0u8; 8][..padding(bytes.len())])?;
            }
            for (slot, packed) in header[7..LENGTHS].iter_mut().zip(lazy_sections) {
                let mut sum = Checksum::default();
                packed.each_chunk(|items| {
                    let bytes: &[u8] = bytemuck::cast_slice(items);
                    sum.add(bytes);
                    out.write_all(bytes)
                })?;
                out.write_all(&[0u8; 8][..padding(packed.len() * 4)])?;
                *slot = sum.value();
            }
            out.seek(std::io::SeekFrom::Start(0))?;
            out.write_all(bytemuck::cast_slice(&header))?;
            out.flush()?;
        }
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Reads a snapshot saved by [`TopicIndex::write_snapshot`], prepared
    /// as it was saved; its stamp says what of the database it covers.
    /// `generation` is the database's: a snapshot of another generation
    /// is refused before its arrays are read.
    pub fn read_snapshot(
        path: &Path,
        generation: i64,
    ) -> Result<(TopicIndex, SnapshotStamp), SnapshotError> {
        let mut file = std::fs::File::open(path)?;
        let header = read_header(&mut file)?;
        let stamp = SnapshotStamp {
            seq: header[2] as i64,
            generation: header[3] as i64,
        };
        if stamp.generation != generation {
            return Err(SnapshotError::Invalid("another generation"));
        }
        let lengths: Vec<usize> = header[LENGTHS..].iter().map(|&l| l as usize).collect();
        let mut reader = Sections {
            file,
            lengths: lengths.iter(),
            sum: Checksum::default(),
        };
        let terms: Vec<TermInfo> = reader.next()?;
        let names: Vec<TermText> = reader.next()?;
        let more: Vec<Spelling> = reader.next()?;
        let text: Vec<u8> = reader.next()?;
        let docs: Vec<Doc> = reader.next()?;
        let idf = reader.next()?;
        let norms = reader.next()?;
        let vector_starts = reader.next()?;
        let posting_starts = reader.next()?;
        let census: Vec<Census> = reader.next()?;
        let topic_starts = reader.next()?;
        if reader.sum.value() != header[6] {
            return Err(SnapshotError::Invalid("checksum"));
        }
        let text = String::from_utf8(text).map_err(|_| SnapshotError::Invalid("text"))?;
        let offset = reader.file.stream_position()?;
        let [doc_terms, vector_terms, postings, topic_docs] =
            lazy_sources(reader.file, offset, &header);
        let (term_bound, doc_bound) = (terms.len() as u32, docs.len() as u32);
        let cache = Cache {
            idf,
            norms,
            vector_starts,
            vector_terms: Packed::stored(Source {
                bound: term_bound,
                ..vector_terms
            }),
            posting_starts,
            postings: Packed::stored(Source {
                bound: doc_bound,
                ..postings
            }),
            body_weight: f32::from_bits(header[5] as u32),
            topics: TopicLists {
                starts: topic_starts,
                docs: Packed::stored(Source {
                    bound: doc_bound,
                    ..topic_docs
                }),
            },
            census: Some(census),
        };
        let mut index = TopicIndex {
            terms,
            names,
            texts: Texts { text },
            docs,
            doc_terms: Packed::stored(Source {
                bound: term_bound,
                ..doc_terms
            }),
            tables: super::Tables::stale(),
            live_docs: header[4] as usize,
            ..TopicIndex::default()
        };
        for s in more {
            index
                .more
                .entry(s.term)
                .or_default()
                .push((s.span, s.count));
        }
        check(&index, &cache)?;
        index.by_article.reserve(index.docs.len());
        for (d, doc) in index.docs.iter().enumerate() {
            index.by_article.insert(doc.article, d);
        }
        index.cache = Some(cache);
        Ok((index, stamp))
    }
}

/// The header of a snapshot of this version, its section lengths checked
/// against the file's.
fn read_header(file: &mut std::fs::File) -> Result<[u64; HEADER_WORDS], SnapshotError> {
    let size = file.metadata()?.len();
    let mut header = [0u64; HEADER_WORDS];
    file.read_exact(bytemuck::cast_slice_mut(&mut header))
        .map_err(|_| SnapshotError::Invalid("short header"))?;
    if header[0] != MAGIC || header[1] != VERSION {
        return Err(SnapshotError::Invalid("not this version's snapshot"));
    }
    let lengths = &header[LENGTHS..];
    let total = lengths.iter().try_fold(HEADER_WORDS as u64 * 8, |sum, &l| {
        sum.checked_add(l)?.checked_add(padding(l as usize) as u64)
    });
    if total != Some(size) || lengths[EAGER..].iter().any(|l| l % 4 != 0) {
        return Err(SnapshotError::Invalid("wrong length"));
    }
    Ok(header)
}

/// Where the sections left in the file are, from `offset` on (their
/// bounds are set by the caller).
fn lazy_sources(
    file: std::fs::File,
    mut offset: u64,
    header: &[u64; HEADER_WORDS],
) -> [Source; LAZY] {
    let file = Arc::new(Mutex::new(file));
    let sections = &header[LENGTHS + EAGER..];
    std::array::from_fn(|i| {
        let len = sections[i] as usize;
        let source = Source {
            file: Arc::clone(&file),
            offset,
            len: len / 4,
            checksum: Some(header[7 + i]),
            bound: 0,
            spill: false,
        };
        offset += (len + padding(len)) as u64;
        source
    })
}

/// Reads the sections in turn, each into an array of its type.
struct Sections<'a> {
    file: std::fs::File,
    lengths: std::slice::Iter<'a, usize>,
    sum: Checksum,
}

impl Sections<'_> {
    fn next<T: Pod>(&mut self) -> Result<Vec<T>, SnapshotError> {
        let len = *self
            .lengths
            .next()
            .ok_or(SnapshotError::Invalid("sections"))?;
        let size = std::mem::size_of::<T>();
        if len % size != 0 {
            return Err(SnapshotError::Invalid("section length"));
        }
        let mut items: Vec<T> = bytemuck::zeroed_vec(len / size);
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut items);
        self.file.read_exact(bytes)?;
        self.sum.add(bytes);
        let mut pad = [0u8; 8];
        self.file.read_exact(&mut pad[..padding(len)])?;
        Ok(items)
    }
}

/// Whether the arrays fit each other: every id points inside, every run
/// ends where the next begins (what indexing would otherwise panic on).
fn check(index: &TopicIndex, cache: &Cache) -> Result<(), SnapshotError> {
    let invalid = |what| Err(SnapshotError::Invalid(what));
    let (terms, docs) = (index.terms.len(), index.docs.len());
    if index.names.len() != terms
        || cache.idf.len() != terms
        || cache.norms.len() != docs
        || index.terms.iter().any(|t| t.kind > 4)
        || index.more.keys().any(|&t| t as usize >= terms)
        || cache
            .census
            .iter()
            .flatten()
            .any(|c| c.term as usize >= terms)
    {
        return invalid("term arrays");
    }
    let live = index.docs.iter().filter(|d| d.live()).count();
    let doc_terms = index.doc_terms.len();
    let runs_fit = index.docs.iter().all(|d| {
        d.flags & !(LIVE | HAS_TIME) == 0 && (d.start as usize + d.len as usize) <= doc_terms
    });
    if live != index.live_docs || !runs_fit {
        return invalid("documents");
    }
    let starts_fit = |starts: &[u32], count: usize, len: usize| {
        starts.len() == count + 1
            && starts.first() == Some(&0)
            && starts.last().is_some_and(|&l| l as usize == len)
            && starts.windows(2).all(|w| w[0] <= w[1])
    };
    if !starts_fit(&cache.vector_starts, docs, cache.vector_terms.len())
        || !starts_fit(&cache.posting_starts, terms, cache.postings.len())
        || !starts_fit(&cache.topics.starts, terms, cache.topics.docs.len())
    {
        return invalid("offsets");
    }
    Ok(())
}
