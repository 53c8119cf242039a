#[path = "impl/disk.rs"]
mod disk;

pub mod inner {
    use std::io::Read;

    pub fn head(p: &str) -> std::io::Result<Vec<u8>> {
        let mut f = std::fs::File::open(p)?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)?;
        Ok(buf)
    }
}

pub fn size(p: &str) -> usize {
    disk::read_all(p).len()
}
