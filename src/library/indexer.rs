//! Brings the search and topic index up to date with stored articles.
//!
//! A refresh only stores articles and queues them, so a cold refresh is
//! not held up by indexing. This turns each queued article into plain
//! text for search and topic features for related articles, in batches:
//! one thread computes while the calling thread writes. The reader runs it
//! in the background after each refresh (and at start, for articles a
//! `tidings refresh` left queued); the commands that read the index
//! (`related`, `topics`, searches) run it before they answer.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::contain::contain;
use crate::library::store::{IndexEntry, PendingArticle, Store, StoreError};
use crate::model::{ArticleId, FeedId};
use crate::text::plaintext::html_to_text;
use crate::topics::{Analyzer, ArticleText, Lang, Stories, extract};

/// Articles per transaction: big enough to keep commits few, small enough
/// that other writers (a refresh, marking read) never wait long.
pub const BATCH: usize = 1000;

/// Batches handed to the computing thread ahead of the writer.
const AHEAD: usize = 2;

/// Titles read to tell a feed's language.
const SAMPLE_TITLES: usize = 30;

/// A batch of queued articles, with title samples for feeds not seen yet.
struct Batch {
    articles: Vec<PendingArticle>,
    samples: Vec<(FeedId, String)>,
}

/// Indexes every queued article, reporting (done, total) after each batch.
/// Returns how many were indexed. Articles changed while this runs stay
/// queued for the next run. Then the new articles join their stories.
pub fn index_pending(
    store: &mut Store,
    mut on_progress: impl FnMut(u64, u64),
) -> Result<u64, StoreError> {
    let total = store.pending_count()?;
    if total == 0 {
        return Ok(0);
    }
    on_progress(0, total);
    let (to_compute, inbox) = channel::<Batch>();
    let (to_write, computed) = channel::<Vec<IndexEntry>>();
    std::thread::scope(|scope| {
        let computing = std::thread::Builder::new()
            .name("tidings-indexer".to_owned())
            .spawn_scoped(scope, move || compute(inbox, to_write));
        if let Err(e) = computing {
            return Err(StoreError::Indexer(format!("cannot start a thread: {e}")));
        }
        write(store, to_compute, computed, total, &mut on_progress)
    })
    .and_then(|indexed| {
        let started = std::time::Instant::now();
        assign_stories(store, &indexed)?;
        trace(&format!("stories {:.3} s", started.elapsed().as_secs_f64()));
        Ok(indexed.len() as u64)
    })
}

/// Finds the stories of newly indexed articles that have none, against
/// everything indexed; existing stories are kept.
pub fn assign_stories(store: &mut Store, articles: &[ArticleId]) -> Result<usize, StoreError> {
    if articles.is_empty() {
        return Ok(0);
    }
    let mut index = store.load_topic_index()?;
    index.prepare();
    let mut stories = Stories::from_rows(store.story_rows()?);
    let assigned = stories.assign_all(&index, articles);
    store.add_to_stories(&assigned)?;
    Ok(assigned.len())
}

/// Reads batches ahead of the computing thread and writes what it returns.
fn write(
    store: &mut Store,
    to_compute: Sender<Batch>,
    computed: Receiver<Vec<IndexEntry>>,
    total: u64,
    on_progress: &mut impl FnMut(u64, u64),
) -> Result<Vec<ArticleId>, StoreError> {
    let stopped = || StoreError::Indexer("the indexing thread stopped".to_owned());
    let mut after = 0;
    let mut sampled: HashSet<FeedId> = HashSet::new();
    let (mut in_flight, mut done, mut exhausted) = (0, 0, false);
    let mut indexed = Vec::new();
    let (mut reading, mut writing, mut waiting) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    loop {
        while in_flight < AHEAD && !exhausted {
            let started = std::time::Instant::now();
            let articles = store.pending_after(after, BATCH)?;
            let Some(last) = articles.last() else {
                exhausted = true;
                break;
            };
            after = last.id;
            let mut samples = Vec::new();
            for article in &articles {
                if sampled.insert(article.feed_id) {
                    samples.push((
                        article.feed_id,
                        store.title_sample(article.feed_id, SAMPLE_TITLES)?,
                    ));
                }
            }
            reading += started.elapsed();
            to_compute
                .send(Batch { articles, samples })
                .map_err(|_| stopped())?;
            in_flight += 1;
        }
        if in_flight == 0 {
            trace(&format!(
                "reading {reading:.3?}, waiting {waiting:.3?}, writing {writing:.3?}"
            ));
            return Ok(indexed);
        }
        let started = std::time::Instant::now();
        let entries = computed.recv().map_err(|_| stopped())?;
        waiting += started.elapsed();
        in_flight -= 1;
        let started = std::time::Instant::now();
        store.write_index(&entries)?;
        writing += started.elapsed();
        done += entries.len() as u64;
        indexed.extend(entries.iter().map(|e| e.id));
        on_progress(done.min(total), total);
    }
}

/// The computing thread: text and features for each batch, in order.
fn compute(inbox: Receiver<Batch>, out: Sender<Vec<IndexEntry>>) {
    let mut busy = std::time::Duration::ZERO;
    let mut langs: HashMap<FeedId, Lang> = HashMap::new();
    // One analyzer per language, so its stem cache serves every feed.
    let mut analyzers: HashMap<Lang, Analyzer> = HashMap::new();
    for batch in inbox {
        let started = std::time::Instant::now();
        for (feed, sample) in batch.samples {
            langs.insert(feed, Lang::detect(&sample));
        }
        let entries = batch
            .articles
            .into_iter()
            .map(|article| {
                let lang = langs
                    .get(&article.feed_id)
                    .copied()
                    .unwrap_or(Lang::English);
                let analyzer = analyzers.entry(lang).or_insert_with(|| Analyzer::new(lang));
                entry_for(article, analyzer)
            })
            .collect();
        busy += started.elapsed();
        if out.send(entries).is_err() {
            return;
        }
    }
    trace(&format!("computing {busy:.3?}"));
}

fn trace(line: &str) {
    if std::env::var_os("TIDINGS_TRACE").is_some() {
        eprintln!("index_pending: {line}");
    }
}

/// The search text and topic features of one article.
pub fn entry_for(article: PendingArticle, analyzer: &Analyzer) -> IndexEntry {
    // The full text, once fetched, is what the article says; the feed's
    // body stays searchable beside it.
    let full = article.full.as_deref().map(html_to_text);
    let content = article
        .content
        .as_deref()
        .map(html_to_text)
        .unwrap_or_default();
    let summary = article
        .summary
        .as_deref()
        .map(html_to_text)
        .unwrap_or_default();
    let body = full.as_deref().unwrap_or(&content);
    // A bug here must cost one article its topics, not the whole index.
    let features = contain(|| {
        extract(
            &ArticleText {
                title: &article.title,
                summary: &summary,
                body,
                categories: &article.categories,
            },
            analyzer,
        )
    })
    .unwrap_or_default();
    let text = match full {
        Some(full) => format!("{content}\n\n{full}"),
        None => content,
    };
    IndexEntry {
        id: article.id,
        replace: article.replace,
        stamp: article.stamp,
        title: article.title,
        text,
        features,
    }
}
