//! Blocking pauses and timing.

use std::time::{Duration, Instant};

/// Blocks the current thread for `ms` milliseconds.
pub fn pause(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

/// Pauses for `ms` milliseconds and returns how long it actually took, in ms.
pub fn timed_pause(ms: u64) -> u128 {
    let start = Instant::now();
    pause(ms);
    // Elapsed time is never less than the requested pause.
    start.elapsed().as_millis()
}
