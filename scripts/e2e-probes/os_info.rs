//! Downstream probe for os_info after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Its public `os_info::get()` stays sync (it reaches the migrated
//! platform code through a module chosen by `#[cfg]`, which awaitify does not resolve), so
//! the probe checks that it still works everywhere a dependent may call it: outside a
//! runtime, inside both runtime flavours and from spawn_blocking. Copied into the migrated
//! crate's tests/ by scripts/e2e-real.

fn check() {
    let info = os_info::get();
    assert_ne!(info.os_type(), os_info::Type::Unknown);
    assert_ne!(info.bitness(), os_info::Bitness::Unknown);
    assert!(info.architecture().is_some_and(|a| !a.is_empty()));
}

#[test]
fn sync_api_outside_a_runtime() {
    check();
}

#[tokio::test]
async fn sync_api_inside_a_current_thread_runtime() {
    check();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_api_inside_a_multi_thread_runtime() {
    check();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_api_from_spawn_blocking() {
    tokio::task::spawn_blocking(check).await.unwrap();
}
