//! The snapshot's checksum: four lanes of a multiply-rotate hash over
//! 8-byte words, fed in pieces of any size.

/// Four lanes of a multiply-rotate hash over 8-byte words (fast enough
/// to run over the whole file on every load). Bytes may come in pieces of
/// any size: the sum is that of them all at once.
#[derive(Default)]
pub(super) struct Checksum {
    lanes: [u64; 4],
    /// The start of a block not complete yet.
    pending: [u8; 32],
    held: usize,
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl Checksum {
    pub(super) fn add(&mut self, mut bytes: &[u8]) {
        if self.held > 0 {
            let take = (32 - self.held).min(bytes.len());
            self.pending[self.held..self.held + take].copy_from_slice(&bytes[..take]);
            self.held += take;
            bytes = &bytes[take..];
            if self.held < 32 {
                return;
            }
            let block = self.pending;
            self.block(&block);
            self.held = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        let rest = blocks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    fn block(&mut self, block: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
        }
    }

    pub(super) fn value(&self) -> u64 {
        let mut lanes = self.lanes;
        for (i, &b) in self.pending[..self.held].iter().enumerate() {
            let lane = &mut lanes[i % 4];
            *lane = (*lane ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
        }
        lanes.iter().fold(0, |h, &l| {
            (h ^ l).wrapping_mul(0x100_0000_01B3).rotate_left(17)
        })
    }
}
