//! The end-to-end benchmark's main table: the figures of one program over
//! the runs and how they are printed (medians; ratios against another).
#![allow(dead_code)]

use std::time::Duration;

use crate::load::LoadRuns;
use crate::measure::Cost;

/// The figures of one program over the runs.
#[derive(Default)]
pub struct Figures {
    pub cold: Vec<Cost>,
    pub page: Vec<Cost>,
    pub index: Vec<Cost>,
    pub warm: Vec<Cost>,
    pub listing: Vec<Cost>,
    pub related: Vec<Cost>,
    pub screen: Vec<Duration>,
    pub reader_rss: u64,
    pub load: LoadRuns,
}

impl Figures {
    fn peak_rss(&self) -> u64 {
        [
            &self.cold,
            &self.page,
            &self.index,
            &self.warm,
            &self.listing,
            &self.related,
        ]
        .iter()
        .flat_map(|costs| costs.iter().filter_map(|c| c.rss))
        .max()
        .unwrap_or(0)
    }
}

pub fn median(mut samples: Vec<Duration>) -> Option<Duration> {
    samples.sort();
    samples.get(samples.len() / 2).copied()
}

pub fn wall(costs: &[Cost]) -> Option<Duration> {
    median(costs.iter().map(|c| c.wall).collect())
}

pub fn cpu(costs: &[Cost]) -> Option<Duration> {
    median(costs.iter().filter_map(|c| c.cpu).collect())
}

pub fn ms(value: Option<Duration>) -> String {
    value.map_or("-".to_owned(), |d| {
        format!("{:.0}ms", d.as_secs_f64() * 1000.0)
    })
}

pub fn ratio(ours: Option<Duration>, theirs: Option<Duration>) -> String {
    match (ours, theirs) {
        (Some(a), Some(b)) => format!("{:.2}x", b.as_secs_f64() / a.as_secs_f64().max(1e-9)),
        _ => "-".to_owned(),
    }
}

pub fn mb(kib: u64) -> String {
    if kib == 0 {
        "-".to_owned()
    } else {
        format!("{:.0}MB", kib as f64 / 1024.0)
    }
}

pub const HEADER: [&str; 14] = [
    "feeds x items",
    "program",
    "cold wall",
    "cold CPU",
    "list 50",
    "+index",
    "304 wall",
    "304 CPU",
    "articles --json",
    "related",
    "first screen",
    "peak RSS",
    "reader RSS",
    "",
];

pub fn row(cells: &[String]) {
    let widths = [13, 10, 10, 9, 8, 8, 9, 8, 16, 8, 13, 9, 11];
    let mut line = String::new();
    for (cell, width) in cells.iter().zip(widths) {
        line.push_str(&format!("{cell:>width$} "));
    }
    println!("{}", line.trim_end());
}

pub fn figures_row(size: &str, name: &str, f: &Figures) -> Vec<String> {
    vec![
        size.to_owned(),
        name.to_owned(),
        ms(wall(&f.cold)),
        ms(cpu(&f.cold)),
        ms(wall(&f.page)),
        ms(wall(&f.index)),
        ms(wall(&f.warm)),
        ms(cpu(&f.warm)),
        ms(wall(&f.listing)),
        ms(wall(&f.related)),
        ms(median(f.screen.clone())),
        mb(f.peak_rss()),
        mb(f.reader_rss),
    ]
}

pub fn ratio_row(ours: &Figures, theirs: &Figures) -> Vec<String> {
    let pairs: [(Option<Duration>, Option<Duration>); 10] = [
        (wall(&ours.cold), wall(&theirs.cold)),
        (cpu(&ours.cold), cpu(&theirs.cold)),
        (wall(&ours.page), wall(&theirs.page)),
        (wall(&ours.index), wall(&theirs.index)),
        (wall(&ours.warm), wall(&theirs.warm)),
        (cpu(&ours.warm), cpu(&theirs.warm)),
        (wall(&ours.listing), wall(&theirs.listing)),
        (wall(&ours.related), wall(&theirs.related)),
        (median(ours.screen.clone()), median(theirs.screen.clone())),
        (None, None),
    ];
    let mut cells = vec![String::new(), "ratio".to_owned()];
    cells.extend(pairs.iter().map(|(a, b)| ratio(*a, *b)));
    cells
}
