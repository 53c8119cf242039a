use std::fs::OpenOptions;
use std::io::{Read, Write};

/// The first byte of a file.
pub fn first_byte(path: &str) -> std::io::Result<u8> {
    let mut f = OpenOptions::new().read(true).open(path)?;
    let mut b = [0u8; 1];
    f.read_exact(&mut b)?;
    Ok(b[0])
}

/// Appends a line to a log file, creating it.
pub fn append_line(path: &str, line: &str) -> std::io::Result<()> {
    let mut f = OpenOptions::new().create(true).append(true).open(path)?;
    f.write_all(line.as_bytes())?;
    f.write_all(b"\n")
}
