//! Downstream probe for portpicker after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Copied into the migrated crate's tests/ by scripts/e2e-real.
use portpicker::{is_free, is_free_async, pick_unused_port, pick_unused_port_async};

async fn use_async_api(_test: &'static str) {
    let port = pick_unused_port_async().await.expect("a free port");
    assert!(is_free_async(port).await);
}

fn use_sync_api(_test: &str) {
    let port = pick_unused_port().expect("a free port");
    assert!(is_free(port));
}

include!("every_runtime.rs");
every_runtime!(use_async_api, use_sync_api);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_async_function_in_a_spawned_task() {
    // Send: `rand::thread_rng()` is no longer held across an .await.
    let port = tokio::spawn(pick_unused_port_async()).await.unwrap().expect("a free port");
    assert!(tokio::spawn(is_free_async(port)).await.unwrap());
}
