//! One finding per rule, and clean look-alikes that must not be reported.
use std::cell::RefCell;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

pub async fn sleeps() {
    std::thread::sleep(Duration::from_millis(10)); // AWT101
    tokio::time::sleep(Duration::from_millis(10)).await; // fine
}

pub async fn reads_file() -> String {
    std::fs::read_to_string("/etc/hostname").unwrap_or_default() // AWT104
}

pub async fn runs_process() -> bool {
    Command::new("true").status().is_ok() // AWT103
}

pub async fn in_async_block() -> impl std::future::Future<Output = ()> {
    async {
        std::thread::sleep(Duration::from_millis(1)); // AWT101 (async block)
    }
}

pub fn sync_is_fine() {
    std::thread::sleep(Duration::from_millis(1)); // sync code may block
}

pub async fn guard_across_await(m: &Mutex<u32>) {
    let mut g = m.lock().unwrap(); // held ...
    *g += 1;
    tokio::time::sleep(Duration::from_millis(1)).await; // ... across this: AWT109
}

pub async fn guard_dropped_first(m: &Mutex<u32>) {
    let mut g = m.lock().unwrap();
    *g += 1;
    drop(g);
    tokio::time::sleep(Duration::from_millis(1)).await; // fine: dropped before
}

pub async fn guard_in_inner_block(m: &Mutex<u32>) {
    {
        let mut g = m.lock().unwrap();
        *g += 1;
    }
    tokio::time::sleep(Duration::from_millis(1)).await; // fine: out of scope
}

pub async fn refcell_across_await(c: &RefCell<Vec<u8>>) {
    let v = c.borrow_mut();
    tokio::task::yield_now().await; // AWT109 (RefCell)
    drop(v);
}

pub async fn tokio_lock_is_fine(m: &tokio::sync::Mutex<u32>) {
    let mut g = m.lock().await;
    *g += 1;
    tokio::task::yield_now().await; // fine: a tokio guard
}

pub async fn nested_block_on(rt: &tokio::runtime::Runtime) {
    rt.block_on(async {}); // AWT202
}

async fn work() {}

pub async fn forgets_to_await() {
    work(); // AWT301
    let _ = work(); // AWT301
    work().await; // fine
}

pub async fn suppressed() {
    std::thread::sleep(Duration::from_millis(1)); // awaitify: ignore[AWT101]
}
