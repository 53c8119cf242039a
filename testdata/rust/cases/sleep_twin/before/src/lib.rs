use std::time::Duration;

/// Waits a little.
pub fn pause(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}
