//! Arrays spilled to files as they grow: read back in any order and in
//! chunks as they were written; an index that spills answers and saves
//! as one that keeps everything in memory.

use proptest::prelude::*;

use super::TopicIndex;
use super::checksum::Checksum;
use super::snapshot::SnapshotStamp;
use super::snapshot_tests::{answers, built};
use super::stored::{CHUNK, Packed};

/// `len` items, spilled to `dir` whenever `every` are held, and the
/// items themselves.
fn spilled(dir: &std::path::Path, len: usize, every: usize) -> (Packed, Vec<u32>) {
    let items: Vec<u32> = (0..len as u32)
        .map(|i| i.wrapping_mul(2_654_435_761))
        .collect();
    let mut packed = Packed::default();
    for &item in &items {
        packed.tail().push(item);
        if packed.tail().len() >= every {
            packed.spill(dir).unwrap();
        }
    }
    (packed, items)
}

#[test]
fn a_spilled_array_reads_back_from_its_file_and_its_tail() {
    let dir = tempfile::tempdir().unwrap();
    let (mut packed, items) = spilled(dir.path(), 1000, 64);
    assert_eq!(packed.len(), 1000);
    // Only what came after the last spill is held in memory.
    assert!(
        packed.tail().len() < 64,
        "{} in memory",
        packed.tail().len()
    );
    for range in [0..0, 0..1, 5..70, 900..1000, 960..1000, 0..1000] {
        assert_eq!(
            &*packed.run(range.clone()),
            &items[range.clone()],
            "{range:?}"
        );
    }
    // Out of bounds: empty, no panic.
    assert!(packed.run(990..1001).is_empty());
    // In increasing order through a cursor, across the file's end.
    let mut cursor = packed.cursor();
    for start in (0..1000).step_by(37) {
        let end = (start + 37).min(1000);
        assert_eq!(&*cursor.get(start..end), &items[start..end]);
    }
    let mut whole = Vec::new();
    packed
        .each_chunk(|chunk| {
            whole.extend_from_slice(chunk);
            Ok(())
        })
        .unwrap();
    assert_eq!(whole, items);
}

#[test]
fn a_pass_over_a_spilled_array_reads_it_a_chunk_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (packed, items) = spilled(dir.path(), CHUNK * 2 + 10, CHUNK / 2);
    let mut sizes = Vec::new();
    let mut whole = Vec::new();
    packed
        .each_chunk(|chunk| {
            sizes.push(chunk.len());
            whole.extend_from_slice(chunk);
            Ok(())
        })
        .unwrap();
    assert!(sizes.iter().all(|&s| s <= CHUNK), "{sizes:?}");
    assert_eq!(whole, items);
    let mut made_mut = packed;
    assert_eq!(*made_mut.make_mut(), items);
}

#[test]
fn an_index_that_spills_answers_and_saves_as_one_held_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut held = built(TopicIndex::new());
    let mut spilling = TopicIndex::new();
    spilling.spill_to(Some(dir.path().to_owned()));
    // A few items a spill: every array goes to files, in many pieces.
    spilling.spill_at = 3;
    let mut spilling = built(spilling);
    assert!(spilling.doc_terms.tail().len() < 3);
    let cache = spilling.cache.as_mut().unwrap();
    assert!(cache.vector_terms.tail().len() < 3);
    assert_eq!(answers(&mut spilling), answers(&mut held));
    let stamp = SnapshotStamp {
        seq: 1,
        generation: 1,
    };
    let (a, b) = (dir.path().join("a.topics"), dir.path().join("b.topics"));
    held.write_snapshot(&a, stamp).unwrap();
    spilling.write_snapshot(&b, stamp).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn an_index_whose_spill_directory_is_gone_keeps_its_arrays() {
    let dir = tempfile::tempdir().unwrap();
    let mut held = built(TopicIndex::new());
    let mut spilling = TopicIndex::new();
    spilling.spill_to(Some(dir.path().join("not there")));
    spilling.spill_at = 3;
    let mut spilling = built(spilling);
    assert!(spilling.doc_terms.tail().len() > 3);
    assert_eq!(answers(&mut spilling), answers(&mut held));
}

proptest! {
    #[test]
    fn a_checksum_is_the_same_over_any_pieces(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        cuts in proptest::collection::vec(0usize..300, 0..6),
    ) {
        let mut at_once = Checksum::default();
        at_once.add(&bytes);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
        cuts.sort_unstable();
        let mut pieces = Checksum::default();
        let mut from = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            pieces.add(&bytes[from..cut]);
            from = cut;
        }
        prop_assert_eq!(pieces.value(), at_once.value());
    }
}
