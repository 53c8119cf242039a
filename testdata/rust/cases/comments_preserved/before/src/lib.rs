//! Crate docs.

use std::time::Duration; // for sleeping

/// Sleeps.
///
/// Twice.
#[inline]
pub fn nap(/* ms */ ms: u64) {
    // first
    std::thread::sleep(Duration::from_millis(ms)); // trailing
    /* block */
    std::thread::sleep(
        // inside the call
        Duration::from_millis(ms),
    );
} // after

// A pure function.
pub fn pure() -> u8 {
    1
}
