//! Article bodies as stored: long ones LZ4-compressed in a BLOB, short ones
//! as plain TEXT. Bodies are most of the database; packed, a refresh writes
//! about a third of the bytes and the file is that much smaller. Rows
//! written before packing existed are TEXT and read as they are.

use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};

/// Bodies shorter than this stay TEXT: packing them saves little.
const MIN_PACKED: usize = 512;
/// A packed body never claims more than this (a damaged row must not
/// make us allocate gigabytes).
const MAX_BODY: usize = 64 << 20;
/// First byte of a packed body: the format, so another can follow.
const TAG_LZ4: u8 = 1;

/// A body ready for its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredBody {
    Text(String),
    Packed(Vec<u8>),
}

/// Packs a body for storing (cheap: LZ4 runs at hundreds of MB/s).
pub fn pack(text: &str) -> StoredBody {
    if text.len() < MIN_PACKED || text.len() > MAX_BODY {
        return StoredBody::Text(text.to_owned());
    }
    let block = lz4_flex::block::compress(text.as_bytes());
    let mut out = Vec::with_capacity(block.len() + 5);
    out.push(TAG_LZ4);
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(&block);
    StoredBody::Packed(out)
}

/// Reads a body column: TEXT as it is, a packed BLOB unpacked. A damaged
/// BLOB reads as no body rather than failing the whole query.
pub fn unpack(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Text(text) => Some(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(blob) => unpack_blob(blob),
        _ => None,
    }
}

fn unpack_blob(blob: &[u8]) -> Option<String> {
    let (&tag, rest) = blob.split_first()?;
    if tag != TAG_LZ4 || rest.len() < 4 {
        return None;
    }
    let (size, block) = rest.split_at(4);
    let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
    if size > MAX_BODY {
        return None;
    }
    let bytes = lz4_flex::block::decompress(block, size).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

impl ToSql for StoredBody {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            StoredBody::Text(text) => ValueRef::Text(text.as_bytes()),
            StoredBody::Packed(bytes) => ValueRef::Blob(bytes),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_pack_and_come_back() {
        let body = "<p>The storm reached the coast overnight.</p>".repeat(40);
        let packed = pack(&body);
        let StoredBody::Packed(bytes) = &packed else {
            panic!("not packed");
        };
        assert!(bytes.len() < body.len() / 3, "{} bytes", bytes.len());
        assert_eq!(
            unpack(ValueRef::Blob(bytes)).as_deref(),
            Some(body.as_str())
        );
        assert_eq!(pack("short"), StoredBody::Text("short".to_owned()));
        assert_eq!(unpack(ValueRef::Text(b"plain")).as_deref(), Some("plain"));
    }

    #[test]
    fn damaged_blobs_read_as_no_body() {
        let StoredBody::Packed(mut bytes) = pack(&"x y z ".repeat(200)) else {
            panic!("not packed");
        };
        // A size claiming 4 GiB is refused before any allocation.
        bytes[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(unpack(ValueRef::Blob(&bytes)), None);
        assert_eq!(unpack(ValueRef::Blob(&[9, 1, 2])), None);
        assert_eq!(unpack(ValueRef::Blob(&[])), None);
        let StoredBody::Packed(bytes) = pack(&"x y z ".repeat(200)) else {
            panic!("not packed");
        };
        assert_eq!(unpack(ValueRef::Blob(&bytes[..bytes.len() / 2])), None);
        assert_eq!(unpack(ValueRef::Null), None);
    }
}
