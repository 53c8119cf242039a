//! Added to the demo crate after migration: uses the new async API directly, showing the
//! blocking work now overlaps, and calls the sync shims from inside runtimes.

use std::time::{Duration, Instant};

#[tokio::test]
async fn pauses_run_concurrently() {
    let start = Instant::now();
    tokio::join!(
        demo::clock::pause_async(300),
        demo::clock::pause_async(300),
        demo::clock::pause_async(300)
    );
    // Three sequential pauses would take 900 ms.
    assert!(start.elapsed() < Duration::from_millis(800), "{:?}", start.elapsed());
}

#[tokio::test]
async fn echo_and_process_concurrently() {
    let addr = demo::net::start_echo_server().unwrap();
    let (a, b, c) = tokio::join!(
        demo::net::echo_async(addr, "one"),
        demo::service::roundtrip_async(addr, "two"),
        demo::proc::run_echo_async("three")
    );
    assert_eq!(a.unwrap(), "one");
    assert_eq!(b.unwrap(), "two");
    assert_eq!(c.unwrap(), "three");
}

#[tokio::test]
async fn store_async_roundtrip() {
    let dir = std::env::temp_dir().join(format!("demo-async-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svc = demo::Service::new(&dir);
    svc.remember_async("k", "v").await.unwrap();
    assert_eq!(svc.recall_async("k").await.unwrap(), "v");
    std::fs::remove_dir_all(&dir).unwrap();
}

// The sync shims, called from each kind of context.

#[test]
fn shim_outside_any_runtime() {
    assert_eq!(demo::proc::run_echo("x").unwrap(), "x");
}

#[tokio::test(flavor = "multi_thread")]
async fn shim_inside_multi_thread_runtime() {
    assert_eq!(demo::proc::run_echo("y").unwrap(), "y");
}

#[tokio::test]
async fn shim_inside_current_thread_runtime() {
    // #[tokio::test]'s default runtime: the shim drives the (Send) future on a helper thread.
    let addr = demo::net::start_echo_server().unwrap();
    assert_eq!(demo::net::echo(addr, "z").unwrap(), "z");
}
