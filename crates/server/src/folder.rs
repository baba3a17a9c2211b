//! The rollups' folder: writers leave their deltas in `rollup_pending` (migrations/
//! …_deferred_rollups) and this thread moves them into the rollups every few hundred
//! milliseconds. Readers add the deltas not folded yet, so figures are exact either way; the
//! folder keeps that table, and with it every dashboard read, small. Several instances may run
//! one each: a fold returns at once while another is at work. While it folds it also vacuums the
//! table about once a second, so that the rows it deleted do not leave the readers' scan of it
//! longer and longer until autovacuum comes by.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use insights_persistence::PgStore;

/// How often the server folds.
pub const FOLD_INTERVAL: Duration = Duration::from_millis(200);

/// At most how often the folder vacuums `rollup_pending`, after folds that applied deltas.
pub const VACUUM_INTERVAL: Duration = Duration::from_secs(1);

/// The running folder; dropping it stops the thread (after the fold in progress, if any).
pub struct Folder {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Starts folding on `store` every `interval`.
///
/// # Errors
/// When the OS refuses to start a thread.
pub fn spawn(store: PgStore, interval: Duration) -> std::io::Result<Folder> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::Builder::new().name("rollup-folder".into()).spawn(move || {
        let mut failing = false;
        // Deltas folded since the last vacuum, and when that was.
        let (mut unvacuumed, mut vacuumed) = (false, Instant::now());
        while !flag.load(Ordering::Relaxed) {
            match store.fold_rollups() {
                Ok(n) => {
                    if failing {
                        tracing::info!("rollup folder: the database answers again");
                    }
                    failing = false;
                    if n > 0 {
                        tracing::debug!(deltas = n, "rollups folded");
                        unvacuumed = true;
                    }
                    if unvacuumed && vacuumed.elapsed() >= VACUUM_INTERVAL {
                        if let Err(e) = store.vacuum_pending() {
                            tracing::debug!(error = %e, "rollup folder: vacuum failed; retrying later");
                        }
                        (unvacuumed, vacuumed) = (false, Instant::now());
                    }
                }
                Err(e) => {
                    if !failing {
                        tracing::warn!(error = %e, "rollup folder: fold failed; retrying");
                    }
                    failing = true;
                }
            }
            std::thread::park_timeout(interval);
        }
    })?;
    Ok(Folder { stop, thread: Some(thread) })
}

impl Drop for Folder {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}
