//! Pictures for the reader: the images an article's HTML shows (http(s)
//! only, each once, at most a few), fetched only when the user opens the
//! article with images on, under the page limits (size cap, timeout), and
//! decoded with limits on width, height and memory, so a 20,000 x 20,000
//! PNG is refused before a pixel is allocated. Decoded pictures are shrunk
//! to what a terminal can show.

use std::io::Cursor;

use image::{DynamicImage, ImageReader, Limits};
use url::Url;

use super::fetch::{FetchError, Fetcher};

/// Images of one article, at most.
pub const MAX_IMAGES: usize = 12;
/// Widest and tallest image decoded, in pixels.
pub const MAX_SIDE: u32 = 8_192;
/// Memory a decoder may allocate.
pub const MAX_ALLOC: u64 = 96 * 1024 * 1024;
/// Decoded images are shrunk to fit this box (a terminal shows far less).
const KEEP_SIDE: u32 = 1_200;

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("not an image tidings can show ({0})")]
    Decode(String),
    #[error("image too large: {width} x {height} pixels (at most {MAX_SIDE} a side)")]
    TooLarge { width: u32, height: u32 },
}

/// The images `html` shows, in order: `<img src>` (or `data-src`, for
/// lazy loading), resolved against `base`, http(s) only, each once.
pub fn image_urls(html: &str, base: Option<&str>) -> Vec<String> {
    let base = base.and_then(|b| Url::parse(b).ok());
    let document = dom_query::Document::from(html);
    let mut urls: Vec<String> = Vec::new();
    for img in document.select("img").iter() {
        let src = img
            .attr("src")
            .filter(|s| !s.trim().is_empty() && !s.trim_start().starts_with("data:"))
            .or_else(|| img.attr("data-src"));
        let Some(src) = src else { continue };
        let resolved = match &base {
            Some(base) => base.join(src.trim()),
            None => Url::parse(src.trim()),
        };
        let Ok(url) = resolved else { continue };
        if matches!(url.scheme(), "http" | "https") && !urls.contains(&url.to_string()) {
            urls.push(url.to_string());
        }
        if urls.len() == MAX_IMAGES {
            break;
        }
    }
    urls
}

/// Decodes an image within the limits and shrinks it for the terminal.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Decode(e.to_string()))?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| ImageError::Decode(e.to_string()))?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooLarge { width, height });
    }
    reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Decode(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| ImageError::Decode(e.to_string()))?;
    Ok(if image.width() > KEEP_SIDE || image.height() > KEEP_SIDE {
        image.thumbnail(KEEP_SIDE, KEEP_SIDE)
    } else {
        image
    })
}

/// Fetches (capped like a page) and decodes one image.
pub async fn fetch_image(fetcher: &Fetcher, url: &str) -> Result<DynamicImage, ImageError> {
    let page = fetcher.fetch_page(url).await?;
    decode(&page.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_articles_images_are_found_in_order_http_only_each_once() {
        let html = r#"<p><img src="/a.png" alt="A"><img data-src="b.jpg" src="data:image/gif;base64,R0lG">
            <img src="javascript:alert(1)"><img src="/a.png"><img src="ftp://x/y.png">
            <img src="https://cdn.example.org/c.webp"></p>"#;
        assert_eq!(
            image_urls(html, Some("https://news.example.org/story/1")),
            [
                "https://news.example.org/a.png",
                "https://news.example.org/story/b.jpg",
                "https://cdn.example.org/c.webp"
            ]
        );
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::new(width, height)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    /// A PNG whose header claims `width` x `height` (its data is tiny).
    fn claims(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        // Signature (8), IHDR length (4), "IHDR" (4), then width, height.
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        bytes
    }

    #[test]
    fn a_picture_is_decoded_and_shrunk_for_the_terminal() {
        let image = decode(&png(2400, 1000)).unwrap();
        assert_eq!((image.width(), image.height()), (1200, 500));
        let small = decode(&png(40, 30)).unwrap();
        assert_eq!((small.width(), small.height()), (40, 30));
    }

    #[test]
    fn a_20000_pixel_square_is_refused_before_it_is_decoded() {
        match decode(&claims(20_000, 20_000)) {
            Err(ImageError::TooLarge { width, height }) => {
                assert_eq!((width, height), (20_000, 20_000))
            }
            other => panic!("{other:?}"),
        }
        // Within the sides but over the memory: refused by the limits.
        assert!(decode(&claims(8_000, 8_000)).is_err());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(
            decode(b"not an image"),
            Err(ImageError::Decode(_))
        ));
        assert!(matches!(
            decode(&[0x89, b'P', b'N', b'G']),
            Err(ImageError::Decode(_))
        ));
    }
}
