use std::path::PathBuf;

pub fn count(dir: PathBuf) -> usize {
    let entries = std::fs::read_dir(dir).unwrap();
    entries.count()
}
