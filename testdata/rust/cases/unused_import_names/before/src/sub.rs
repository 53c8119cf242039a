use std::thread::sleep;

use std::time::Duration;

/// Waits a little.
pub fn pause() {
    sleep(Duration::from_millis(1));
}
