//! Page bytes -> text with the right character set: a byte-order mark,
//! else the HTTP header's charset, else UTF-8 when the bytes are valid UTF-8
//! with non-ASCII text in them (a legacy encoding almost never is; saved and
//! re-encoded pages keep their stale `<meta>`), else a `<meta>` declaration
//! near the top, else UTF-8 when valid, else Windows-1252 (what browsers
//! assume).

use encoding_rs::Encoding;

pub fn decode_page(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let header = content_type.and_then(charset_of).map(str::to_owned);
    if header.is_none()
        && !bytes.is_ascii()
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return text.to_owned();
    }
    let label = header.or_else(|| meta_charset(bytes));
    if let Some(encoding) = label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        let encoding = encoding.output_encoding();
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="…; charset=x">`
/// in the first few kilobytes.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = head[search..].find("<meta") {
        let start = search + found;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(at) = tag.find("charset") {
            let value = tag[at + "charset".len()..]
                .trim_start()
                .strip_prefix('=')?
                .trim_start()
                .trim_start_matches(['"', '\'']);
            let value: String = value
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        search = end;
    }
    None
}

/// The charset parameter of a Content-Type header value.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode_page(page, None).contains("caf\u{e9}"));
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_meta() {
        let page = "<meta charset=\"gb2312\"><p>谷歌</p>".as_bytes();
        assert!(decode_page(page, None).contains("谷歌"));
    }

    #[test]
    fn http_charset_wins_over_meta() {
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">caf\xe9";
        assert!(decode_page(page, Some("text/html; charset=windows-1252")).contains("caf\u{e9}"));
    }

    #[test]
    fn bom_wins_and_broken_utf8_falls_back() {
        assert_eq!(
            decode_page(b"\xEF\xBB\xBFhi", Some("text/html; charset=latin1")),
            "hi"
        );
        assert_eq!(decode_page(b"caf\xe9", None), "caf\u{e9}");
    }
}
