use std::fs::{create_dir, create_dir_all, read_dir, Metadata};
use std::path::Path;

/// Creates `path` (and its parents) and counts what is in it.
pub fn prepare(path: &Path, parents: bool) -> std::io::Result<usize> {
    if parents {
        create_dir_all(path)?;
    } else {
        create_dir(path)?;
    }
    Ok(read_dir(path)?.count())
}

/// A helper that only reads metadata it is given: no I/O.
pub fn is_big(m: &Metadata) -> bool {
    m.len() > 1 << 20
}
pub mod sub;
