//! Topic index speed at scale: a generated collection of N articles
//! (default 50,000) in stories across outlets, with titles and bodies.
//! cargo bench --bench topics -- [--articles 50000]
//! Prints the time to index everything (feature extraction + index build)
//! and the median / p90 time of `related` for one article. Articles are
//! indexed as production indexes them: features extracted on a computing
//! thread while the writer gives out term ids with the store's own table
//! (`write_topics`; the SQLite rows left out), registers new terms with
//! `set_term` and adds articles with `add_counts`. The CPU total counts
//! every phase, term ids included, then the stories.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use tidings::topics::{Analyzer, ArticleText, Counts, Lang, TopicIndex, extract};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::WORDS;

const NAMES: &[&str] = &[
    "Oslo", "Berlin", "Lagos", "Lima", "Osaka", "Perth", "Quito", "Riga", "Sofia", "Tunis",
    "Vienna", "Accra", "Hanoi", "Dakar", "Cairo", "Delhi", "Kyiv", "Seoul", "Tokyo", "Paris",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
}

/// Articles extracted then added at a time, as the indexer does.
const BATCH: usize = 1000;

/// CPU seconds used by this process so far, all threads (Linux).
fn cpu_time() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime, stime
    // are the 12th and 13th after it, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    (fields.get(11).copied().unwrap_or(0.0) + fields.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// CPU time of the calling thread so far (Linux, nanosecond counter):
/// extraction and adding run on this thread alone, so each phase is its
/// own CPU time whatever else the machine runs.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat
        .split_whitespace()
        .next()
        .and_then(|f| f.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

/// Term ids as the store hands them out in `write_topics` (its own
/// table; the store then registers a new term in SQLite, here the index
/// learns it at once with `set_term`, as it does reading the store).
#[derive(Default)]
struct TermIds {
    ids: tidings::topics::TermIds,
    next: u32,
}

impl TermIds {
    fn count(
        &mut self,
        features: &tidings::topics::Features,
        index: &mut TopicIndex,
    ) -> Vec<(u32, Counts)> {
        features
            .iter()
            .map(|f| {
                let id = match self.ids.get(f.kind, f.key) {
                    Some(id) => id,
                    None => {
                        let id = self.next;
                        self.next += 1;
                        self.ids.insert(f.kind, f.key, id);
                        index.set_term(id, f.kind, f.key, f.label);
                        id
                    }
                };
                (id, Counts::of(&f))
            })
            .collect()
    }
}

/// The computing thread: every batch's features, in order; returns its
/// wall and CPU time.
fn extract_batches(
    texts: &[(i64, i64, String, String)],
    to_writer: std::sync::mpsc::SyncSender<Vec<tidings::topics::Features>>,
) -> (Duration, Duration) {
    let (started, started_cpu) = (Instant::now(), thread_cpu());
    let analyzer = Analyzer::new(Lang::English);
    for batch in texts.chunks(BATCH) {
        let features = batch
            .iter()
            .map(|(_, _, title, body)| {
                let text = ArticleText {
                    title,
                    summary: "",
                    body,
                    categories: &[],
                };
                extract(&text, &analyzer)
            })
            .collect();
        if to_writer.send(features).is_err() {
            break;
        }
    }
    (started.elapsed(), thread_cpu() - started_cpu)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .iter()
        .position(|a| a == "--articles")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    // A vocabulary of 20,000 made-up words used with a Zipf-like skew, as
    // real news text is: a few words everywhere, most words rare.
    let vocabulary: Vec<String> = (0..20_000)
        .map(|i| {
            let syllables = [
                "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "an", "er",
            ];
            let mut w = String::new();
            let mut x = i + 1;
            while x > 0 {
                w.push_str(syllables[x % syllables.len()]);
                x /= syllables.len();
            }
            w
        })
        .collect();
    let zipf = |r: usize| -> usize {
        let u = (r % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * u) * vocabulary.len() as f64) as usize
    };
    // Each story has its own names and keywords; articles mix them with noise.
    let stories = n / 20;
    let mut texts = Vec::with_capacity(n);
    for i in 0..n {
        let story = rng.next() % stories.max(1);
        let mut srng = Rng(story as u64 * 7919 + 17);
        let name = format!(
            "{} {}",
            NAMES[srng.next() % NAMES.len()],
            NAMES[srng.next() % NAMES.len()]
        );
        let keys: Vec<&str> = (0..4)
            .map(|k| {
                if k < 2 {
                    WORDS[srng.next() % WORDS.len()]
                } else {
                    vocabulary[2_000 + srng.next() % 18_000].as_str()
                }
            })
            .collect();
        let mut title = format!("{name} {} {}", keys[0], keys[1]);
        for _ in 0..4 {
            title.push(' ');
            title.push_str(&vocabulary[zipf(rng.next())]);
        }
        let mut body = String::new();
        for s in 0..8 {
            body.push_str(&format!(
                "In {name} the {} and {} ",
                keys[s % 4],
                keys[(s + 1) % 4]
            ));
            for _ in 0..12 {
                body.push_str(&vocabulary[zipf(rng.next())]);
                body.push(' ');
            }
            body.push_str(". ");
        }
        texts.push((i as i64, (i % 500) as i64, title, body));
    }
    let cpu_started = cpu_time();
    let started = Instant::now();
    // In batches, as the indexer works: a computing thread extracts the
    // features of a batch while this thread (the writer) gives out term ids
    // and adds the batch before it; a batch's features are dropped once its
    // articles are in the index.
    let mut index = TopicIndex::new();
    let mut adding = Duration::ZERO;
    let mut adding_cpu = Duration::ZERO;
    let mut feature_count = 0;
    let mut term_ids = TermIds::default();
    let mut ids_cpu = Duration::ZERO;
    let (to_writer, extracted) = std::sync::mpsc::sync_channel(2);
    let (extraction, extraction_cpu) = std::thread::scope(|scope| {
        let computing = scope.spawn(|| extract_batches(&texts, to_writer));
        for (batch, features) in texts.chunks(BATCH).zip(extracted) {
            let features: Vec<tidings::topics::Features> = features;
            feature_count += features
                .iter()
                .map(tidings::topics::Features::len)
                .sum::<usize>();
            // Term ids as the store gives them (`write_topics`), new terms
            // registered (`set_term`); production adds articles by id.
            let step_cpu = thread_cpu();
            let counted: Vec<_> = features
                .iter()
                .map(|f| term_ids.count(f, &mut index))
                .collect();
            ids_cpu += thread_cpu() - step_cpu;
            let step = Instant::now();
            let step_cpu = thread_cpu();
            for ((id, feed, _, _), counted) in batch.iter().zip(&counted) {
                index.add_counts(*id, *feed, Some(1_794_830_400 - id * 60), counted);
            }
            adding += step.elapsed();
            adding_cpu += thread_cpu() - step_cpu;
        }
        computing.join().unwrap()
    });
    let weighting_cpu = thread_cpu();
    index.prepare();
    let weighting_cpu = thread_cpu() - weighting_cpu;
    let indexing = started.elapsed();
    let index_cpu = cpu_time() - cpu_started;
    println!(
        "  feature extraction {:.2} s on its own thread (done by the indexer, after the refresh), adding {:.2} s ({:.0} features an article, {} terms), all {:.2} s",
        extraction.as_secs_f64(),
        adding.as_secs_f64(),
        feature_count as f64 / n as f64,
        index.term_count(),
        indexing.as_secs_f64()
    );
    println!(
        "  CPU by phase: extraction {:.2} s, adding {:.2} s, weighting {:.2} s, \
         term ids and new terms (the store's work while writing) {:.2} s",
        extraction_cpu.as_secs_f64(),
        adding_cpu.as_secs_f64(),
        weighting_cpu.as_secs_f64(),
        ids_cpu.as_secs_f64()
    );
    let mut times: Vec<Duration> = Vec::new();
    for q in 0..300 {
        let article = ((q * 7919) % n) as i64;
        let started = Instant::now();
        let related = index.related_prepared(article, 20);
        times.push(started.elapsed());
        assert!(!related.is_empty());
    }
    times.sort();
    let started = Instant::now();
    let stories_cpu = cpu_time();
    let ids: Vec<i64> = (0..n as i64).collect();
    let grouped = tidings::topics::Stories::default()
        .assign_all(&index, &ids)
        .len();
    let grouping = started.elapsed();
    let cpu_done = cpu_time();
    println!(
        "  stories: {grouped} articles grouped in {:.2} s ({:.1} us per article), {:.2} s of CPU",
        grouping.as_secs_f64(),
        grouping.as_secs_f64() * 1e6 / n as f64,
        cpu_done - stories_cpu
    );
    println!(
        "  CPU time of indexing (features, term ids, index, weights, stories; the 300 related \
         queries left out): {:.2} s; without the store's term ids: {:.2} s",
        index_cpu + cpu_done - stories_cpu,
        index_cpu + cpu_done - stories_cpu - ids_cpu.as_secs_f64()
    );
    println!(
        "topics at {n} articles: indexing {:.2} s; related for one article: median {:.2} ms, p90 {:.2} ms",
        indexing.as_secs_f64(),
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() * 9 / 10].as_secs_f64() * 1000.0
    );
}
