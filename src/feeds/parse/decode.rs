//! Bytes of a feed -> UTF-8 text that feed-rs reads reliably.
//!
//! feed-rs trusts the XML declaration and chokes on UTF-16/32, on HTTP
//! charsets that overrule the declaration, on comments before the
//! declaration and on RSS version strings it does not know. We decode once
//! here (BOM, then HTTP charset, then the declaration, then UTF-8 with a
//! Windows-1252 fallback); `super::repair` then drops the declaration and
//! normalises the root.

use encoding_rs::Encoding;

use super::repair::repair;

/// The feed as UTF-8, ready for feed-rs.
pub fn normalise(bytes: &[u8], http_charset: Option<&str>) -> String {
    let mut text = decode(bytes, http_charset);
    let boms = text.len() - text.trim_start_matches('\u{feff}').len();
    text.replace_range(..boms, "");
    repair(text)
}

pub use crate::text::extract::charset_of;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

fn decode(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((wide, bom_len)) = sniff_bom(bytes) {
        return decode_wide(&bytes[bom_len..], wide);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(&bytes[3..]).into_owned();
    }
    if let Some(wide) = sniff_wide(bytes) {
        return decode_wide(bytes, wide);
    }
    let label = http_charset
        .filter(|c| !c.trim().is_empty())
        .map(str::to_owned)
        .or_else(|| declared_encoding(bytes));
    if let Some(encoding) = label.as_deref().and_then(usable_encoding) {
        // A decoder for an ASCII-compatible charset that the bytes do not
        // actually use (a common mislabel: "iso-8859-1" on UTF-8 text) would
        // turn every multi-byte character into mojibake. Valid UTF-8 with
        // non-ASCII bytes is almost never accidental, so prefer it.
        if encoding != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
        {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        let (text, _, _) = encoding.decode(bytes);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// An encoding we can decode with, ignoring labels that claim a wide
/// encoding for bytes that are not wide (those were sniffed above).
fn usable_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return None;
    }
    Some(encoding.output_encoding())
}

fn sniff_bom(bytes: &[u8]) -> Option<(Wide, usize)> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some((Wide::Utf32Le, 4)),
        [0, 0, 0xFE, 0xFF, ..] => Some((Wide::Utf32Be, 4)),
        [0xFF, 0xFE, ..] => Some((Wide::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((Wide::Utf16Be, 2)),
        _ => None,
    }
}

/// Wide encodings without a BOM, recognised by where the zero bytes of an
/// ASCII `<` (or whitespace) fall.
fn sniff_wide(bytes: &[u8]) -> Option<Wide> {
    match bytes {
        [0, 0, 0, b, ..] if *b != 0 => Some(Wide::Utf32Be),
        [b, 0, 0, 0, ..] if *b != 0 => Some(Wide::Utf32Le),
        [0, b, 0, c, ..] if *b != 0 && *c != 0 => Some(Wide::Utf16Be),
        [b, 0, c, 0, ..] if *b != 0 && *c != 0 => Some(Wide::Utf16Le),
        _ => None,
    }
}

fn decode_wide(bytes: &[u8], wide: Wide) -> String {
    match wide {
        Wide::Utf16Le => encoding_rs::UTF_16LE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Wide::Utf16Be => encoding_rs::UTF_16BE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Wide::Utf32Le | Wide::Utf32Be => bytes
            .chunks_exact(4)
            .map(|c| {
                let raw = [c[0], c[1], c[2], c[3]];
                let code = if wide == Wide::Utf32Le {
                    u32::from_le_bytes(raw)
                } else {
                    u32::from_be_bytes(raw)
                };
                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
    }
}

/// The `encoding="…"` of an XML declaration near the start of the bytes.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head);
    let start = head.find("<?xml")?;
    let decl = &head[start..start + head[start..].find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16be_with_bom_becomes_utf8_without_declaration() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"/>";
        let mut bytes = vec![0xFE, 0xFF];
        for unit in xml.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(normalise(&bytes, None), "<rss version=\"2.0\"/>");
    }

    #[test]
    fn utf32le_without_bom_is_sniffed() {
        let bytes: Vec<u8> = "<feed/>"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(normalise(&bytes, None), "<feed/>");
    }

    #[test]
    fn declared_latin1_is_decoded() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><t>caf\xe9</t>";
        assert_eq!(normalise(bytes, None), "<t>caf\u{e9}</t>");
    }

    #[test]
    fn http_charset_overrules_the_declaration() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><t>caf\xe9</t>";
        assert_eq!(normalise(bytes, Some("windows-1252")), "<t>caf\u{e9}</t>");
    }

    #[test]
    fn charset_parameter_is_read() {
        assert_eq!(
            charset_of("text/xml; charset=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_of("application/rss+xml"), None);
    }
}
