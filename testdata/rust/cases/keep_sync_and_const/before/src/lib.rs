use std::time::Duration;

// awaitify: keep-sync
pub fn tick() {
    std::thread::sleep(Duration::from_millis(1));
}

pub fn uses_tick() {
    tick();
}

pub fn flush() {
    std::thread::sleep(Duration::from_millis(1));
}
