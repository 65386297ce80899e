//! Countries as topics: a demonym or another name of a country becomes the
//! country ("North Korean" and "DPRK"-style aliases such as "Russian
//! Federation" join "North Korea" and "Russia"). The list is data,
//! `data/countries.tsv`, generated from the keshvar crate (its source and
//! licence are in the file's header); it is read once per process.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use super::text::fold;

/// A country as a topic: its folded key and readable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub key: &'static str,
    pub name: &'static str,
}

const DATA: &str = include_str!("../../data/countries.tsv");

struct Table {
    /// Folded name, alias or demonym -> country.
    by_form: HashMap<String, Country>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(load)
}

fn load() -> Table {
    // (form, country, population): a demonym shared by several places
    // ("French", "American") names the most populous.
    let mut best: HashMap<String, (Country, u64)> = HashMap::default();
    let mut add = |form: &str, country: Country, population: u64, strong: bool| {
        let form = fold(form.trim());
        if form.is_empty() {
            return;
        }
        // Names and aliases win over demonyms; then population decides.
        let rank = population.saturating_add(if strong { u64::MAX / 2 } else { 0 });
        match best.get(&form) {
            Some(&(_, other)) if other >= rank => {}
            _ => {
                best.insert(form, (country, rank));
            }
        }
    };
    for line in DATA.lines().filter(|l| !l.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some(name), Some(demonyms), Some(population), aliases) = (
            columns.next(),
            columns.next(),
            columns.next(),
            columns.next().unwrap_or(""),
        ) else {
            continue;
        };
        let key: &'static str = Box::leak(fold(name).into_boxed_str());
        let country = Country { key, name };
        let population = population.parse().unwrap_or(0);
        add(name, country, population, true);
        for alias in aliases.split('|') {
            add(alias, country, population, true);
        }
        // "Antiguan, Barbudan": several demonyms in one column.
        for demonym in demonyms.split(',') {
            add(demonym, country, population, false);
        }
    }
    Table {
        by_form: best.into_iter().map(|(k, (c, _))| (k, c)).collect(),
    }
}

/// The country a folded word or phrase names ("north korean", "russian
/// federation", "russia"), if any.
pub fn country_of(folded: &str) -> Option<Country> {
    table().by_form.get(folded).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_and_other_names_join_their_country() {
        assert_eq!(
            country_of("north korean").map(|c| c.name),
            Some("North Korea")
        );
        assert_eq!(country_of("russian").map(|c| c.name), Some("Russia"));
        assert_eq!(
            country_of("russian federation").map(|c| c.name),
            Some("Russia")
        );
        assert_eq!(
            country_of("american").map(|c| c.name),
            Some("United States")
        );
        assert_eq!(country_of("french").map(|c| c.name), Some("France"));
        assert_eq!(
            country_of("north korea").map(|c| c.key),
            Some("north korea")
        );
        assert_eq!(country_of("railway"), None);
    }

    #[test]
    fn the_list_covers_the_world() {
        assert!(table().by_form.len() > 400, "{}", table().by_form.len());
    }
}
