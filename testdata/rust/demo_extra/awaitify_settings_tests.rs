//! Added to the demo crate after migration (as a unit-test module, where the crate-private
//! `block_on!` is visible): the runtime helper in its four settings, with a future that is
//! `Send` and one that is not, and `blocking` inside a future polled in place.

use std::rc::Rc;

async fn local_future() -> usize {
    let rc = Rc::new(5); // held across an await: the future is not Send
    tokio::task::yield_now().await;
    *rc
}

async fn send_future() -> std::thread::ThreadId {
    tokio::task::yield_now().await;
    std::thread::current().id()
}

#[test]
fn outside_a_runtime_uses_the_process_runtime() {
    assert_eq!(crate::awaitify_runtime::block_on!(local_future()), 5);
    assert_eq!(crate::awaitify_runtime::block_on!(send_future()), std::thread::current().id());
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_a_multi_thread_runtime_uses_block_in_place() {
    assert_eq!(crate::awaitify_runtime::block_on!(local_future()), 5);
}

#[tokio::test]
async fn inside_a_current_thread_runtime_a_send_future_runs_on_a_helper_thread() {
    let here = std::thread::current().id();
    assert_ne!(crate::awaitify_runtime::block_on!(send_future()), here);
}

#[tokio::test]
async fn inside_a_current_thread_runtime_a_local_future_runs_in_place() {
    // Polled on this thread (it cannot move), with the process-wide runtime driving its
    // I/O; `yield_now` defers its wake to the blocked runtime, so the helper polls again.
    assert_eq!(crate::awaitify_runtime::block_on!(local_future()), 5);
    assert_eq!(crate::awaitify_runtime::block_on_local(local_future()), 5);
}

#[tokio::test]
async fn inside_a_current_thread_runtime_a_local_future_uses_timers_and_blocking() {
    let slept = crate::awaitify_runtime::block_on_local(async {
        let rc = Rc::new(std::time::Instant::now());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        crate::awaitify_runtime::blocking(|| std::thread::sleep(std::time::Duration::from_millis(5)));
        rc.elapsed()
    });
    assert!(slept >= std::time::Duration::from_millis(25));
}
