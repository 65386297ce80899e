//! Article identity within a feed: what makes two items of two refreshes
//! the same article.

use sha2::{Digest, Sha256};

use crate::text::plaintext::html_to_text;

/// Article identity within a feed: the guid, else the link, else a hash of
/// title and body text. Stable across refreshes, so nothing is stored twice.
pub fn identity(guid: Option<&str>, link: Option<&str>, title: &str, body: Option<&str>) -> String {
    if let Some(guid) = guid {
        return format!("guid:{guid}");
    }
    if let Some(link) = link {
        return format!("link:{link}");
    }
    // The text, not the markup: a feed that reformats its HTML keeps its
    // items.
    let text = body.map(html_to_text).unwrap_or_default();
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    hasher.update([0]);
    hasher.update(text.as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("hash:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_hash_is_stable() {
        assert_eq!(
            identity(None, None, "t", Some("<p>x</p>")),
            identity(None, None, "t", Some("x"))
        );
        assert_ne!(
            identity(None, None, "t", Some("x")),
            identity(None, None, "t", Some("y"))
        );
    }
}
