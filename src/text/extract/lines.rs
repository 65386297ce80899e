//! Line rules for what block structure does not name: short lines of
//! interface words (share bars, "Advertisement", newsletter prompts), photo
//! credits, bylines and datelines. Text patterns are the last resort, so
//! they apply only to short lines.

/// Interface vocabulary, checked only on short lines.
const PROMPT_WORDS: &[&str] = &[
    "share",
    "shares",
    "tweet",
    "facebook",
    "twitter",
    "pinterest",
    "linkedin",
    "whatsapp",
    "reddit",
    "email",
    "e-mail",
    "print",
    "comment",
    "comments",
    "subscribe",
    "newsletter",
    "newsletters",
    "advertisement",
    "advert",
    "ad",
    "sponsored",
    "related",
    "trending",
    "popular",
    "recommended",
    "follow",
    "login",
    "signup",
    "tags",
    "caption",
    "copyright",
    "close",
    "enlarge",
];
const PROMPT_PHRASES: &[&str] = &[
    "read more",
    "see also",
    "also like",
    "more stories",
    "more from",
    "sign up",
    "log in",
    "click here",
    "all rights reserved",
    "back to top",
    "most read",
    "don't miss",
    "also read",
    "read next",
    "you might like",
    "you may like",
    "stories like this",
    "share this",
];

pub fn words_of(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-' && c != '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A short line (at most 8 words, not a finished sentence) at least a third
/// of which is interface vocabulary: share bars, "Comments", "SIGN UP FOR
/// OUR NEWSLETTER", "You may also like", "Related: …".
pub fn is_prompt(line: &str) -> bool {
    let words = words_of(line);
    if words.is_empty() || words.len() > 8 || line.trim_end().ends_with('.') {
        return false;
    }
    let joined = words.join(" ");
    if (joined.starts_with("related") && line.contains(':')) || is_counter(&words) {
        return true;
    }
    let mut hits = words
        .iter()
        .filter(|w| PROMPT_WORDS.contains(&w.as_str()) || w.contains('©'))
        .count();
    for phrase in PROMPT_PHRASES {
        hits += joined.matches(phrase).count() * phrase.split(' ').count();
    }
    hits * 3 >= words.len()
}

/// A gallery's counter: "Image 1 of 8", "Foto 2 de 10", "Bild 3 von 5".
fn is_counter(words: &[String]) -> bool {
    const OF: &[&str] = &["of", "de", "von", "di", "sur", "van", "из", "z", "av"];
    let number = |w: &String| w.chars().all(|c| c.is_ascii_digit());
    let numbers = words.iter().filter(|w| number(w)).count();
    let rest: Vec<&String> = words.iter().filter(|w| !number(w)).collect();
    // At most a label and "of" beside the two numbers.
    let of = rest.iter().filter(|w| OF.contains(&w.as_str())).count();
    numbers == 2 && words.len() <= 4 && of == 1 && rest.len() <= 2
}

/// Photo credits and captions: "Photo: …", "(AP Photo/…)", "© …".
pub fn is_credit(line: &str) -> bool {
    let lower = line.to_lowercase();
    let words = word_count(&lower);
    if words > 40 {
        return false;
    }
    if words <= 30 && (lower.contains('©') || lower.contains("all rights reserved")) {
        return true;
    }
    const KEYS: &[&str] = &[
        "photo:",
        "photo by",
        "image:",
        "credit:",
        "credits:",
        "picture:",
        "(ap photo",
        "image credit",
        "photograph:",
        "courtesy of",
        "getty images",
        "pictured",
    ];
    KEYS.iter().any(|key| {
        lower
            .match_indices(key)
            .any(|(i, _)| i < 20 || lower.len() - i < 60)
    })
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

pub fn is_byline_or_date(line: &str) -> bool {
    let words = words_of(line);
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    if matches!(words[0].as_str(), "by" | "updated" | "published" | "posted") {
        return true;
    }
    let digit = line.chars().any(|c| c.is_ascii_digit());
    let month = words
        .iter()
        .any(|w| MONTHS.iter().any(|m| w.starts_with(m) && w.len() <= 9));
    let time = line.contains(':') && digit;
    digit && (month || time || line.matches('/').count() >= 2)
}

/// Labels of a date line in several languages: "Updated 5:27 am CST…",
/// "First Published: Tuesday…", "Publicado: 05/10/2018".
const DATE_LABELS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "modified",
    "publié",
    "publicado",
    "actualizado",
    "atualizado",
    "veröffentlicht",
    "aktualisiert",
    "pubblicato",
    "aggiornato",
    "gepubliceerd",
    "bijgewerkt",
    "opublikowano",
    "publicerad",
    "uppdaterad",
    "опубликовано",
    "обновлено",
];

/// A short line with a digit and a date label among its first words,
/// anywhere in the text; not a sentence that happens to start so.
pub fn is_dateline(line: &str) -> bool {
    let words = words_of(line);
    let sentence = words.len() >= 6 && line.trim_end().ends_with('.');
    // A label on a line of its own: "Published on", "Updated:".
    let label_alone = words.len() <= 2
        && words
            .first()
            .is_some_and(|w| DATE_LABELS.contains(&w.as_str()));
    if label_alone {
        return true;
    }
    words.len() <= 14
        && !sentence
        && line.chars().any(|c| c.is_ascii_digit())
        && words
            .iter()
            .take(3)
            .any(|w| DATE_LABELS.contains(&w.as_str()))
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_bars_and_newsletter_prompts_go() {
        assert!(is_prompt("Share on Facebook Twitter WhatsApp"));
        assert!(is_prompt("SIGN UP FOR OUR NEWSLETTER"));
        assert!(is_prompt("Related: Storm hits coast"));
        assert!(is_prompt("Image 1 of 8"));
        assert!(is_prompt("Image 1 of / 8"));
        assert!(is_prompt("Foto 2 de 10"));
        assert!(!is_prompt("Chapter 1 of 8 rules"));
        assert!(!is_prompt("Bill 23 passed 12"));
        assert!(!is_prompt("The storm hit the coast overnight."));
        assert!(!is_prompt("Markets rallied on Monday as investors cheered"));
    }

    #[test]
    fn credits_and_datelines_go() {
        assert!(is_credit("Photo: Jane Doe/Reuters"));
        assert!(is_credit("© 2026 Example Media. All rights reserved"));
        assert!(is_dateline("Updated 5:27 am CST, Wednesday, November 18"));
        assert!(is_dateline(
            "First Published: Tuesday, November 19, 2019 08:38 AM"
        ));
        assert!(is_dateline("Publicado em 05/10/2018"));
        assert!(is_dateline("Published on"));
        assert!(!is_dateline(
            "Published in 2019, the report found 12 errors in the count."
        ));
        assert!(is_byline_or_date("By Jane Doe"));
        assert!(!is_credit(
            "The minister said the photo was taken in 2019 at the summit and then shared."
        ));
    }
}
