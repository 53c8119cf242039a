// Shared by the Rust probes (copied next to them by scripts/e2e-real and `include!`d):
// `every_runtime!(async_fn, sync_fn)` makes the six tests every probe runs. `async_fn(name)`
// uses the migrated async API, `sync_fn(name)` the unchanged sync API; `name` tells the
// tests' scratch files apart.
macro_rules! every_runtime {
    ($use_async:ident, $use_sync:ident) => {
        #[tokio::test]
        async fn async_api_in_a_current_thread_runtime() {
            $use_async("async-current").await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn async_api_in_a_multi_thread_runtime() {
            $use_async("async-multi").await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn async_api_in_a_spawned_task() {
            // The future must be Send and 'static.
            tokio::spawn($use_async("async-spawned")).await.unwrap();
        }

        #[test]
        fn sync_api_outside_a_runtime() {
            $use_sync("sync-outside");
        }

        #[tokio::test]
        async fn sync_api_inside_a_current_thread_runtime() {
            $use_sync("sync-current");
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn sync_api_inside_a_multi_thread_runtime() {
            $use_sync("sync-multi");
        }
    };
}
