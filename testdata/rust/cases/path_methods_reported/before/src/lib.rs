use std::path::{Path, PathBuf};

pub async fn ensure(dir: &Path) -> std::io::Result<PathBuf> {
    if !dir.exists() {
        return Err(std::io::Error::other("missing"));
    }
    dir.canonicalize()
}

pub async fn size(p: PathBuf) -> u64 {
    if p.is_file() {
        p.metadata().map(|m| m.len()).unwrap_or(0)
    } else {
        0
    }
}
