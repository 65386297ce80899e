//! Packed term codes: a term (or document) id and where it occurred in one
//! `u32`, and the per-article [`Counts`] they are made from.

use crate::topics::features::Feature;

/// The low bits of a packed term or posting: bit 3 says the term is in
/// the title, bits 0-2 how often it is in the body, in buckets that grow
/// (1, 2, 3-4, 5-7, 8-12, 13-20, 21+). The high 28 bits hold the term id
/// (or, in a posting, the document). Four bytes where a (u32, f32) pair
/// takes eight: at 50,000 articles the index is mostly these.
pub(super) const CODE_BITS: u32 = 4;
pub(super) const CODE_MASK: u32 = (1 << CODE_BITS) - 1;
/// Ids above this do not fit beside a code; such terms are left out.
const MAX_PACKED: u32 = u32::MAX >> CODE_BITS;

/// An id with a code in its low bits; `None` when the id is too large.
pub(super) fn pack(id: u32, code: u32) -> Option<u32> {
    (id <= MAX_PACKED).then_some(id << CODE_BITS | code)
}

/// The code of a term's counts in one article (see [`CODE_BITS`]).
pub(super) fn code_of(counts: Counts) -> u32 {
    let title = if counts.in_title > 0 { 8 } else { 0 };
    let bucket = match counts.in_body {
        0 => 0,
        1 => 1,
        2 => 2,
        3..=4 => 3,
        5..=7 => 4,
        8..=12 => 5,
        13..=20 => 6,
        _ => 7,
    };
    title | bucket
}

/// Where and how a term occurred in one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub in_title: u8,
    pub in_body: u8,
    pub eligible: u8,
    pub capitalized: u8,
}

impl Counts {
    /// The counts of one extracted feature.
    pub fn of(feature: &Feature<'_>) -> Counts {
        Counts {
            in_title: feature.in_title,
            in_body: feature.in_body,
            eligible: feature.eligible,
            capitalized: feature.capitalized,
        }
    }
}
