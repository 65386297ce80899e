//! The indexer: indexes queued articles on its own thread and connection
//! whenever it is woken (at start, and after each refresh), reporting
//! progress.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};

use crate::library::store::Store;
use crate::reader::app::Msg;

/// Indexes queued articles on its own thread and connection whenever it is
/// woken (at start, and after each refresh), reporting progress.
pub(super) struct Indexer {
    wake: Sender<()>,
    busy: Arc<AtomicBool>,
}

impl Indexer {
    /// Starts the indexer and wakes it once, for articles a `tidings
    /// refresh` left queued.
    pub(super) fn spawn(db_path: PathBuf, msgs: Sender<Msg>) -> Indexer {
        let (wake, woken) = channel::<()>();
        let busy = Arc::new(AtomicBool::new(false));
        let flag = busy.clone();
        let spawned = std::thread::Builder::new()
            .name("tidings-index".to_owned())
            .spawn(move || {
                let mut store = match Store::open(&db_path) {
                    Ok(store) => store,
                    Err(e) => {
                        let _ = msgs.send(Msg::Failed(format!("cannot index: {e}")));
                        return;
                    }
                };
                while woken.recv().is_ok() {
                    // One run covers every wake-up queued meanwhile.
                    while woken.try_recv().is_ok() {}
                    flag.store(true, Ordering::SeqCst);
                    let result =
                        crate::library::indexer::index_pending(&mut store, |done, total| {
                            let _ = msgs.send(Msg::Indexing { done, total });
                        });
                    flag.store(false, Ordering::SeqCst);
                    let msg = match result {
                        Ok(count) => Msg::Indexed { count },
                        Err(e) => Msg::Failed(format!("indexing failed: {e}")),
                    };
                    if msgs.send(msg).is_err() {
                        return;
                    }
                }
            });
        // Without the thread, articles stay queued for the commands.
        drop(spawned);
        let _ = wake.send(());
        Indexer { wake, busy }
    }

    /// Set while a run is under way.
    pub(super) fn busy(&self) -> Arc<AtomicBool> {
        self.busy.clone()
    }

    /// A handle that starts a run.
    pub(super) fn waker(&self) -> Sender<()> {
        self.wake.clone()
    }
}
