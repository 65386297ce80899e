//! The snapshot file of an index built from extracted features: read back,
//! it answers as the index it was written from; damaged, it is refused.

use super::snapshot::SnapshotStamp;
use super::{Kind, TopicIndex, Weights};
use crate::topics::{Analyzer, ArticleText, Lang, extract};

pub(super) const ARTICLES: &[(i64, i64, &str, &str)] = &[
    (
        1,
        10,
        "Kim Jong-un visits Vladivostok",
        "Kim Jong-un met Putin in Vladivostok on rail.",
    ),
    (
        2,
        20,
        "Kim Jong Un and Putin meet",
        "Kim Jong Un travelled by armoured train to meet Putin.",
    ),
    (
        3,
        30,
        "Putin hosts Kim in Vladivostok",
        "The Kremlin said Putin and Kim discussed rail links.",
    ),
    (
        4,
        40,
        "Budget raises pensions",
        "The finance ministry raised pensions and taxed sugar.",
    ),
    (
        5,
        50,
        "Sugar tax in the new budget",
        "Pensions rise and a sugar tax comes in the budget.",
    ),
    (
        6,
        60,
        "Gardening tips for spring",
        "Plant tulips early and water them well.",
    ),
];

fn index() -> TopicIndex {
    built(TopicIndex::new())
}

/// `index`, with the articles added and prepared.
pub(super) fn built(mut index: TopicIndex) -> TopicIndex {
    let analyzer = Analyzer::new(Lang::English);
    for &(id, feed, title, body) in ARTICLES {
        let text = ArticleText {
            title,
            summary: "",
            body,
            categories: &[],
        };
        index.add(
            id,
            feed,
            Some(1_700_000_000 + id),
            &extract(&text, &analyzer),
        );
    }
    index.prepare();
    index
}

pub(super) fn answers(index: &mut TopicIndex) -> String {
    let mut out = String::new();
    for &(id, ..) in ARTICLES {
        out += &format!("{:?}\n{:?}\n", index.related(id, 5), index.topics_of(id, 5));
        out += &format!("{:?}\n", index.similar(id, 5, 0.0));
    }
    out += &format!(
        "{:?}\n{:?}\n",
        index.topic_counts(None),
        index.topic_counts(Some(&[1, 2]))
    );
    let labels: Vec<String> = (0..index.term_count() as u32)
        .map(|t| index.label(t))
        .collect();
    out + &format!("{labels:?}\n{:?}", index.articles_with_topic("Putin"))
}

const STAMP: SnapshotStamp = SnapshotStamp {
    seq: 7,
    generation: 3,
};

/// The test index, written to `path`, and what reading it back gives.
fn written_and_read(path: &std::path::Path) -> (TopicIndex, (TopicIndex, SnapshotStamp)) {
    let built = index();
    built.write_snapshot(path, STAMP).unwrap();
    (built, TopicIndex::read_snapshot(path, 3).unwrap())
}

#[test]
fn a_snapshot_reads_back_as_the_index_it_was_written_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.topics");
    let (mut built, (mut read, stamp)) = written_and_read(&path);
    assert_eq!(stamp, STAMP);
    let expected = answers(&mut built);
    assert!(expected.contains("Kim Jong"), "{expected}");
    assert_eq!(answers(&mut read), expected);
    // Keys are still found (their tables are built on first use).
    let putin = read.intern(Kind::Name, "putin", "Putin");
    assert_eq!(putin, built.intern(Kind::Name, "putin", "Putin"));
    let next = read.term_count() as u32;
    assert_eq!(read.intern(Kind::Word, "zeppelin", "zeppelin"), next);
    // Another generation's snapshot is refused.
    assert!(TopicIndex::read_snapshot(&path, 4).is_err());
}

#[test]
fn a_snapshot_cut_short_or_changed_is_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.topics");
    index().write_snapshot(&path, STAMP).unwrap();
    let good = std::fs::read(&path).unwrap();
    for len in (0..good.len()).step_by(13) {
        std::fs::write(&path, &good[..len]).unwrap();
        assert!(TopicIndex::read_snapshot(&path, 3).is_err(), "cut at {len}");
    }
    let mut longer = good.clone();
    longer.push(0);
    std::fs::write(&path, &longer).unwrap();
    assert!(TopicIndex::read_snapshot(&path, 3).is_err());
    // Any byte of the header or the arrays read at once, changed.
    let read_at_once = good.len() / 2;
    for at in (0..read_at_once).step_by(7) {
        let mut bytes = good.clone();
        bytes[at] ^= 0x11;
        std::fs::write(&path, &bytes).unwrap();
        if let Ok((mut index, _)) = TopicIndex::read_snapshot(&path, 3) {
            // Only the arrays left in the file may let a change through.
            answers(&mut index);
        }
    }
}

#[test]
fn an_index_with_weights_of_its_own_is_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.topics");
    let mut index = TopicIndex::with_weights(Weights::default());
    index.prepare();
    index.write_snapshot(&path, STAMP).unwrap();
    assert!(!path.exists());
}

#[test]
fn every_listed_topic_filters_to_as_many_articles_as_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut built, (mut read, _)) = written_and_read(&dir.path().join("t.topics"));
    for index in [&mut built, &mut read] {
        let topics = index.topic_counts(None);
        assert!(topics.len() >= 2, "{topics:?}");
        for (label, count) in topics {
            let articles = index.articles_with_topic(&label);
            assert_eq!(articles.len(), count as usize, "{label}: {articles:?}");
        }
        // Counted among a few articles, as filtering them finds it.
        let some = index.topic_counts(Some(&[1, 2, 4]));
        let putin = some.iter().find(|(label, _)| label == "Putin");
        assert_eq!(putin.map(|(_, count)| *count), Some(2), "{some:?}");
    }
}

#[test]
fn a_feed_category_is_a_topic_to_filter_by() {
    let analyzer = Analyzer::new(Lang::English);
    let mut index = TopicIndex::new();
    let categories = ["Coral reefs".to_owned()];
    for (id, title) in [
        (1, "Bleaching spreads"),
        (2, "Divers count fish"),
        (3, "Budget vote"),
    ] {
        let text = ArticleText {
            title,
            summary: "",
            body: "A report from the coast.",
            categories: if id < 3 { &categories } else { &[] },
        };
        index.add(id, 1, Some(1_700_000_000), &extract(&text, &analyzer));
    }
    // Not prepared, every document is scanned; prepared, the topic's list
    // is read: the same articles.
    assert_eq!(index.articles_with_topic("coral reefs"), [1, 2]);
    index.prepare();
    let topics = index.topic_counts(None);
    let (label, count) = topics
        .iter()
        .find(|(label, _)| label.eq_ignore_ascii_case("coral reefs"))
        .unwrap_or_else(|| panic!("{topics:?}"));
    assert_eq!(*count, 2);
    assert_eq!(index.articles_with_topic(label), [1, 2]);
}
