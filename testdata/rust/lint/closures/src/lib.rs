//! Blocking calls inside closures: on the loop when the closure runs there (iterator
//! adapters in an async fn, a helper whose closure runs during the call), not when the
//! closure is handed to spawn_blocking or a thread.
use std::net::TcpStream;
use std::path::PathBuf;

/// Blocks through its closure: `connect` runs during the call.
pub fn first_reachable(addrs: &[&str]) -> Option<TcpStream> {
    let connect = |a: &str| TcpStream::connect(a).ok();
    addrs.iter().find_map(|a| connect(a))
}

/// An iterator adapter's closure in an async fn runs on the runtime's thread: AWT104.
pub async fn total_size(paths: Vec<PathBuf>) -> u64 {
    paths
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum()
}

/// The same work handed to the blocking pool: nothing to report.
pub async fn total_size_offloaded(paths: Vec<PathBuf>) -> u64 {
    tokio::task::spawn_blocking(move || {
        paths
            .iter()
            .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum()
    })
    .await
    .unwrap_or(0)
}

/// A thread of its own: nothing to report either.
pub async fn log_in_background(line: String) {
    std::thread::spawn(move || std::fs::write("/tmp/closures-fixture.log", line));
}

/// The closure-only helper reached from async code: AWT201 with the chain.
pub async fn pick(addrs: Vec<String>) -> bool {
    let refs: Vec<&str> = addrs.iter().map(|s| s.as_str()).collect();
    first_reachable(&refs).is_some()
}
