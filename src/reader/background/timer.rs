//! The reader's own refreshes: a thread that wakes every `refresh_minutes`
//! (the shortest in force, jittered by up to a tenth) and asks the app for
//! a refresh of the feeds that are due. The app declines while a refresh
//! runs, so two never overlap. It stops when the reader does.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::feeds::refresh::RefreshTarget;
use crate::feeds::schedule::{jittered, tick_period};
use crate::reader::app::Msg;

/// How often the timer looks again while no interval is set.
const IDLE: Duration = Duration::from_secs(60);

pub(super) fn spawn(
    global_minutes: f64,
    targets: Arc<Mutex<Vec<RefreshTarget>>>,
    msgs: Sender<Msg>,
) {
    let _ = std::thread::Builder::new()
        .name("tidings-timer".to_owned())
        .spawn(move || {
            let mut seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| u64::from(d.subsec_nanos()));
            loop {
                let period = {
                    let targets = targets.lock().unwrap_or_else(|p| p.into_inner());
                    tick_period(global_minutes, &targets)
                };
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                std::thread::sleep(period.map_or(IDLE, |p| jittered(p, seed >> 33)));
                if period.is_some() && msgs.send(Msg::RefreshTick).is_err() {
                    return; // the reader is gone
                }
            }
        });
}
