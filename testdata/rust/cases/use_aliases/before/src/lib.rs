use std::fs;
use std::fs::read as slurp;
use std::thread::sleep;
use std::time::Duration;

pub fn load(path: &str) -> std::io::Result<Vec<u8>> {
    let text = fs::read_to_string(path)?;
    sleep(Duration::from_millis(1));
    let bytes = slurp(path)?;
    Ok([text.into_bytes(), bytes].concat())
}
