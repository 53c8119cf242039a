pub trait Source {
    fn fetch(&self) -> String;
}

pub struct Disk;

impl Source for Disk {
    fn fetch(&self) -> String {
        std::fs::read_to_string("/tmp/disk").unwrap_or_default()
    }
}

pub fn fetch_any(s: &dyn Source) -> String {
    s.fetch()
}
