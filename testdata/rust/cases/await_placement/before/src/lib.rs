use std::io;

fn read(p: &str) -> io::Result<String> {
    std::fs::read_to_string(p)
}

pub fn sizes(p: &str) -> io::Result<usize> {
    let a = read(p)?.len();
    let b = read(p).map(|s| s.len()).unwrap_or(0);
    let c = &read(p)?;
    let total = a + b + c.len() + read(p)?.trim().len();
    match read(p) {
        Ok(s) => Ok(total + s.len()),
        Err(e) => Err(e),
    }
}
