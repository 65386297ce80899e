//! The deterministic feed generator of the end-to-end benchmark: feed `f`
//! with `items` items, rotating RSS 2.0, Atom and JSON Feed, with
//! realistic HTML bodies (1-4 KB), summaries and categories. Shared by
//! `benches/e2e.rs` and the profiler.
#![allow(dead_code)]

pub const WORDS: &[&str] = &[
    "government",
    "minister",
    "election",
    "market",
    "shares",
    "storm",
    "energy",
    "research",
    "scientists",
    "court",
    "ruling",
    "talks",
    "border",
    "trade",
    "central",
    "bank",
    "rates",
    "inflation",
    "climate",
    "summit",
    "technology",
    "security",
    "flaw",
    "software",
    "launch",
    "mission",
    "health",
    "hospital",
    "vaccine",
    "school",
    "city",
    "council",
    "police",
    "rail",
    "strike",
    "union",
    "wages",
    "ocean",
    "reef",
    "study",
    "data",
    "report",
    "company",
    "profit",
    "quarter",
    "investors",
    "agency",
    "space",
    "satellite",
    "earthquake",
    "rescue",
    "coast",
];

/// A deterministic generator (xorshift), so every run serves the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn word(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }
    fn sentence(&mut self, words: usize) -> String {
        (0..words)
            .map(|_| self.word())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn body(rng: &mut Rng) -> String {
    let mut html = String::new();
    for p in 0..(3 + rng.next() % 5) {
        html.push_str(&format!(
            "<p>{} <a href=\"https://example.org/ref/{p}\">{}</a> {}.</p>",
            rng.sentence(25),
            rng.sentence(3),
            rng.sentence(20)
        ));
    }
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Feed `f` with `items` items; the format rotates RSS, Atom, JSON Feed.
pub fn generate_feed(f: usize, items: usize) -> (String, String) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (f as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let day = |i: usize| {
        format!(
            "2026-11-{:02}T{:02}:{:02}:00Z",
            1 + i % 28,
            i % 24,
            (f + i) % 60
        )
    };
    match f % 3 {
        0 => {
            let mut out = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet {f}</title><link>https://outlet{f}.example.org/</link>"
            );
            for i in 0..items {
                out.push_str(&format!(
                    "<item><title>{}</title><link>https://outlet{f}.example.org/{i}</link><guid>o{f}-{i}</guid><pubDate>{}</pubDate><description>{}</description><category>{}</category><category>{}</category></item>",
                    rng.sentence(8),
                    chrono_like_rfc822(1 + i % 28, i % 24, (f + i) % 60),
                    escape(&body(&mut rng)),
                    rng.word(),
                    rng.word()
                ));
            }
            out.push_str("</channel></rss>");
            ("application/rss+xml".to_owned(), out)
        }
        1 => {
            let mut out = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Outlet {f}</title><id>urn:outlet:{f}</id><updated>2026-11-28T00:00:00Z</updated>"
            );
            for i in 0..items {
                out.push_str(&format!(
                    "<entry><title>{}</title><id>urn:o{f}:{i}</id><link href=\"https://outlet{f}.example.org/{i}\"/><updated>{}</updated><summary>{}</summary><category term=\"{}\"/><content type=\"html\">{}</content></entry>",
                    rng.sentence(8),
                    day(i),
                    rng.sentence(20),
                    rng.word(),
                    escape(&body(&mut rng))
                ));
            }
            out.push_str("</feed>");
            ("application/atom+xml".to_owned(), out)
        }
        _ => {
            let items: Vec<serde_json::Value> = (0..items)
                .map(|i| {
                    serde_json::json!({
                        "id": format!("o{f}-{i}"),
                        "title": rng.sentence(8),
                        "url": format!("https://outlet{f}.example.org/{i}"),
                        "summary": rng.sentence(20),
                        "content_html": body(&mut rng),
                        "date_published": day(i),
                        "tags": [rng.word(), rng.word()],
                    })
                })
                .collect();
            let feed = serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1",
                "title": format!("Outlet {f}"),
                "items": items,
            });
            ("application/feed+json".to_owned(), feed.to_string())
        }
    }
}

fn chrono_like_rfc822(day: usize, hour: usize, minute: usize) -> String {
    format!("{day:02} Nov 2026 {hour:02}:{minute:02}:00 GMT")
}
