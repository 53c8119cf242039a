use std::path::PathBuf;

/// A blocking call in an iterator adapter's closure in an async fn: a closure cannot
/// .await, so it stays, and the summary says where and what to do.
pub async fn total_size(paths: Vec<PathBuf>) -> u64 {
    paths
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum()
}

/// Handed to the blocking pool: nothing to say.
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
