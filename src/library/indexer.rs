//! Brings the search and topic index up to date with stored articles.
//!
//! A refresh only stores articles and queues them, so a cold refresh is
//! not held up by indexing. This turns each queued article into plain
//! text for search and topic features for related articles, in batches:
//! worker threads compute (see `compute`) while the calling thread reads
//! the queue and writes, batch after batch in queue order. The reader
//! runs it in the background after each refresh (and at start, for
//! articles a `tidings refresh` left queued); the commands that read the
//! index (`related`, `topics`, searches) run it before they answer.
//! `TIDINGS_TRACE=1` prints where its time went.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::library::store::{IndexEntry, Store, StoreError};
use crate::model::{ArticleId, FeedId};
use crate::topics::{Lang, Stories};

mod compute;
pub use compute::entry_for;
use compute::{Batch, Computed, compute};
#[cfg(test)]
mod tests;

/// Articles per transaction: big enough to keep commits few, small enough
/// that other writers (a refresh, marking read) never wait long and that
/// the batches in flight (three, with their pages) stay a few megabytes:
/// at 1,000 they were the reader's peak after a cold refresh, at no gain
/// in speed.
pub const BATCH: usize = 250;

/// Threads that compute, beside the calling thread that reads and writes:
/// together they keep two cores busy.
const WORKERS: usize = 2;

/// Titles read to tell a feed's language.
const SAMPLE_TITLES: usize = 30;

/// How the queue is worked through: articles a batch, computing threads.
#[derive(Debug, Clone, Copy)]
struct Plan {
    batch: usize,
    workers: usize,
}

/// Indexes every queued article, reporting (done, total) after each batch.
/// Returns how many were indexed. Articles changed while this runs stay
/// queued for the next run. Then the new articles join their stories.
pub fn index_pending(
    store: &mut Store,
    on_progress: impl FnMut(u64, u64),
) -> Result<u64, StoreError> {
    let plan = Plan {
        batch: BATCH,
        workers: WORKERS,
    };
    index_pending_by(store, plan, on_progress)
}

fn index_pending_by(
    store: &mut Store,
    plan: Plan,
    mut on_progress: impl FnMut(u64, u64),
) -> Result<u64, StoreError> {
    let total = store.pending_count()?;
    if total == 0 {
        return Ok(0);
    }
    on_progress(0, total);
    let (to_compute, inbox) = channel::<Batch>();
    let inbox = Mutex::new(inbox);
    let (to_write, computed) = channel::<Computed>();
    let indexed = std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for _ in 0..plan.workers.max(1) {
            let (inbox, to_write) = (&inbox, to_write.clone());
            let worker = std::thread::Builder::new()
                .name("tidings-indexer".to_owned())
                .spawn_scoped(scope, move || compute(inbox, to_write))
                .map_err(|e| StoreError::Indexer(format!("cannot start a thread: {e}")))?;
            workers.push(worker);
        }
        drop(to_write);
        let written = write(store, plan, to_compute, computed, total, &mut on_progress);
        let busy: Duration = workers.into_iter().filter_map(|w| w.join().ok()).sum();
        trace(&format!("computing {busy:.3?} (all workers)"));
        written
    })?;
    let started = Instant::now();
    assign_stories(store, &indexed)?;
    trace(&format!("stories {:.3?}", started.elapsed()));
    Ok(indexed.len() as u64)
}

/// Finds the stories of newly indexed articles that have none, against
/// everything indexed; existing stories are kept.
pub fn assign_stories(store: &mut Store, articles: &[ArticleId]) -> Result<usize, StoreError> {
    if articles.is_empty() {
        return Ok(0);
    }
    // The saved index plus what was just indexed; saved again, so that
    // the next question finds it current.
    let (index, _) = store.open_topic_index()?;
    let mut stories = Stories::from_rows(store.story_rows()?);
    let assigned = stories.assign_all(&index, articles);
    store.add_to_stories(&assigned)?;
    Ok(assigned.len())
}

/// Where the writing thread's time went.
#[derive(Default)]
struct Times {
    reading: Duration,
    waiting: Duration,
    writing: Duration,
}

/// The queue as the writing thread reads it: batches in id order, each
/// article with its feed's language.
struct Queue {
    after: ArticleId,
    seq: usize,
    exhausted: bool,
    langs: HashMap<FeedId, Lang>,
}

impl Queue {
    /// The next batch, or `None` once the queue is read through.
    fn next(&mut self, store: &Store, size: usize) -> Result<Option<Batch>, StoreError> {
        let articles = store.pending_after(self.after, size)?;
        let Some(last) = articles.last() else {
            self.exhausted = true;
            return Ok(None);
        };
        self.after = last.id;
        let mut batch = Vec::with_capacity(articles.len());
        for article in articles {
            let lang = match self.langs.get(&article.feed_id) {
                Some(&lang) => lang,
                None => {
                    let sample = store.title_sample(article.feed_id, SAMPLE_TITLES)?;
                    let lang = Lang::detect(&sample);
                    self.langs.insert(article.feed_id, lang);
                    lang
                }
            };
            batch.push((article, lang));
        }
        self.seq += 1;
        Ok(Some(Batch {
            seq: self.seq - 1,
            articles: batch,
        }))
    }
}

/// Reads batches ahead of the workers and writes what they return, in
/// the order read; returns the articles written.
fn write(
    store: &mut Store,
    plan: Plan,
    to_compute: Sender<Batch>,
    computed: Receiver<Computed>,
    total: u64,
    on_progress: &mut impl FnMut(u64, u64),
) -> Result<Vec<ArticleId>, StoreError> {
    let stopped = || StoreError::Indexer("the indexing threads stopped".to_owned());
    let mut queue = Queue {
        after: 0,
        seq: 0,
        exhausted: false,
        langs: HashMap::new(),
    };
    // Batches handed out and not written yet: one a worker, one more
    // waiting, so no worker idles while the writer writes.
    let ahead = plan.workers.max(1) + 1;
    let (mut next, mut done, mut times) = (0, 0, Times::default());
    let mut arrived: BTreeMap<usize, Vec<IndexEntry>> = BTreeMap::new();
    let mut indexed = Vec::new();
    loop {
        let started = Instant::now();
        while queue.seq - next < ahead && !queue.exhausted {
            if let Some(batch) = queue.next(store, plan.batch)? {
                to_compute.send(batch).map_err(|_| stopped())?;
            }
        }
        times.reading += started.elapsed();
        if queue.seq == next {
            let Times {
                reading,
                waiting,
                writing,
            } = times;
            trace(&format!(
                "reading {reading:.3?}, waiting {waiting:.3?}, writing {writing:.3?}"
            ));
            return Ok(indexed);
        }
        let started = Instant::now();
        let entries = loop {
            if let Some(entries) = arrived.remove(&next) {
                break entries;
            }
            let (seq, entries) = computed.recv().map_err(|_| stopped())?;
            let entries = entries.map_err(|panic| {
                StoreError::Indexer(format!("an indexing thread stopped: {panic}"))
            })?;
            arrived.insert(seq, entries);
        };
        times.waiting += started.elapsed();
        next += 1;
        let started = Instant::now();
        store.write_index(&entries)?;
        times.writing += started.elapsed();
        done += entries.len() as u64;
        indexed.extend(entries.iter().map(|e| e.id));
        on_progress(done.min(total), total);
    }
}

fn trace(line: &str) {
    if std::env::var_os("TIDINGS_TRACE").is_some() {
        eprintln!("index_pending: {line}");
    }
}
