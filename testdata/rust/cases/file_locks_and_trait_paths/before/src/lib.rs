use std::fs::{File, OpenOptions};
use std::io::{self, prelude::*};
use std::path::Path;

/// Writes `text` under an exclusive lock, through the trait's path.
pub fn save(path: &Path, text: &str) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create(true).truncate(true).open(path)?;
    file.lock()?;
    Write::write_all(&mut file, text.as_bytes())?;
    file.sync_data()
}

/// Reads it back under a shared lock.
pub fn load(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    file.lock_shared()?;
    let mut text = String::new();
    io::Read::read_to_string(&mut file, &mut text)?;
    Ok(text)
}
