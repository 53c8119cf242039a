//! Running external commands.

use std::io;
use std::process::Command;

/// Runs `echo text` and returns its trimmed standard output.
pub fn run_echo(text: &str) -> io::Result<String> {
    let out = Command::new("echo").arg(text).output()?;
    // `echo` appends a newline; drop it.
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
