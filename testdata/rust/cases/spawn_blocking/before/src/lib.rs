use std::path::{Path, PathBuf};

pub fn count(dir: PathBuf) -> usize {
    let entries = std::fs::read_dir(dir.clone()).unwrap();
    entries.count()
}

pub fn count_borrowed(dir: &Path) -> usize {
    let entries = std::fs::read_dir(dir).unwrap();
    entries.count()
}
