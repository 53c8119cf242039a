//! A file-backed key/value store: one file per key.

use std::fs;
use std::io;
use std::path::PathBuf;

/// Stores each value in a file named after its key inside `dir`.
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// Creates a store rooted at `dir`. Does no I/O.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Store { dir: dir.into() }
    }

    /// Writes `value` under `key`, replacing any previous value.
    pub fn put(&self, key: &str, value: &str) -> io::Result<()> {
        fs::write(self.path(key), value)
    }

    /// Reads the value stored under `key`.
    pub fn get(&self, key: &str) -> io::Result<String> {
        fs::read_to_string(self.path(key))
    }

    /// Deletes the value stored under `key`.
    pub fn remove(&self, key: &str) -> io::Result<()> {
        fs::remove_file(self.path(key))
    }

    // Pure path computation; must never touch the file system.
    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{}.txt", key))
    }
}
