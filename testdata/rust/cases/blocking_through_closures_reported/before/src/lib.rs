use std::process::Command;

fn from_cli() -> Option<String> {
    let out = Command::new("uname").arg("-m").output().ok()?;
    String::from_utf8(out.stdout).ok()
}

fn from_file() -> Option<String> {
    std::fs::read_to_string("/etc/hostname").ok()
}

/// The closure runs now, on this thread: the helper blocks, but cannot be made async.
fn machine() -> Option<String> {
    std::env::var("MACHINE").ok().or_else(|| from_cli())
}

fn architecture() -> Option<String> {
    machine()
}

/// Becomes async (it reads a file); it also calls the two sync functions above and
/// passes `from_file` as a value.
pub fn describe() -> String {
    let kernel = std::fs::read_to_string("/proc/version").unwrap_or_default();
    let host = std::env::var("HOST").ok().or_else(from_file);
    format!("{kernel} {host:?} {:?}", architecture())
}
