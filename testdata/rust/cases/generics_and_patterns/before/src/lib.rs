use std::path::Path;

pub fn read_any<P: AsRef<Path>>(p: P, label: impl AsRef<str>) -> String {
    let s = std::fs::read_to_string(p).unwrap_or_default();
    format!("{}{}", label.as_ref(), s)
}

pub fn wait(mut n: u64, (a, b): (u64, u64)) {
    n += a + b;
    std::thread::sleep(std::time::Duration::from_millis(n));
}
