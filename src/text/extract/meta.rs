//! The metadata a reader shows beside an extracted article: title, byline,
//! site, published date, lead image URL and language. Every field is
//! untrusted page text: sanitised to one line and capped; the image is a
//! URL kept as text (http or https only), never fetched here.

use crate::text::sanitize::clean_line;

/// The longest title, byline, site or date kept, in characters.
const MAX_FIELD: usize = 300;
/// The longest image URL kept, in bytes.
const MAX_URL: usize = 2_048;
/// How much of the text the language guess reads when the page does not say.
const LANG_SAMPLE: usize = 2_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PageMeta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    /// The lead image's absolute URL.
    pub image: Option<String>,
    /// A language tag: the page's `lang` ("en-GB"), else a guess from the
    /// text (ISO 639-3, "eng").
    pub lang: Option<String>,
}

/// One line, capped; empty is none.
fn field(value: Option<&str>) -> Option<String> {
    let line = clean_line(value?);
    let line: String = line.chars().take(MAX_FIELD).collect();
    (!line.is_empty()).then_some(line)
}

/// An http(s) URL, made absolute against the page's address.
fn image_url(image: Option<&str>, base: Option<&str>) -> Option<String> {
    let image = image?.trim();
    let parsed = match base.and_then(|b| url::Url::parse(b).ok()) {
        Some(base) => base.join(image).ok()?,
        None => url::Url::parse(image).ok()?,
    };
    let ok = matches!(parsed.scheme(), "http" | "https") && parsed.as_str().len() <= MAX_URL;
    ok.then(|| parsed.to_string())
}

/// The page's language tag when it is well-formed, else a guess.
fn language(lang: Option<&str>, text: &str) -> Option<String> {
    let declared = lang.map(str::trim).filter(|l| {
        !l.is_empty() && l.len() <= 35 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if let Some(tag) = declared {
        return Some(tag.to_owned());
    }
    let sample: String = text.chars().take(LANG_SAMPLE).collect();
    whatlang::detect(&sample)
        .filter(|info| info.is_reliable())
        .map(|info| info.lang().code().to_owned())
}

/// The metadata of a parsed page; `text` is the extracted article text.
pub fn page_meta(article: &dom_smoothie::Article, text: &str, base: Option<&str>) -> PageMeta {
    PageMeta {
        title: field(Some(&article.title)),
        byline: field(article.byline.as_deref()),
        site_name: field(article.site_name.as_deref()),
        published: field(article.published_time.as_deref()),
        image: image_url(article.image.as_deref(), base),
        lang: language(article.lang.as_deref(), text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_urls_are_absolute_http_only() {
        let base = Some("https://news.example.org/2026/a.html");
        assert_eq!(
            image_url(Some("/img/lead.jpg"), base).as_deref(),
            Some("https://news.example.org/img/lead.jpg")
        );
        assert_eq!(image_url(Some("javascript:alert(1)"), base), None);
        assert_eq!(image_url(Some("data:image/png;base64,AAAA"), None), None);
        let long = format!("https://example.org/{}", "a".repeat(MAX_URL));
        assert_eq!(image_url(Some(&long), None), None);
    }

    #[test]
    fn fields_are_one_clean_line() {
        assert_eq!(
            field(Some("Jane\u{1b}[31m Doe\n")).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(field(Some("  ")), None);
        assert_eq!(
            field(Some(&"x".repeat(1_000))).map(|f| f.len()),
            Some(MAX_FIELD)
        );
    }

    #[test]
    fn language_from_the_page_else_a_guess() {
        assert_eq!(language(Some("en-GB"), "").as_deref(), Some("en-GB"));
        let german = "Die Regierung hat am Montag beschlossen, die Steuern im nächsten Jahr \
                      zu senken, wie der Minister in Berlin vor der Presse erklärte.";
        assert_eq!(language(Some("<script>"), german).as_deref(), Some("deu"));
        assert_eq!(language(None, german).as_deref(), Some("deu"));
    }
}
