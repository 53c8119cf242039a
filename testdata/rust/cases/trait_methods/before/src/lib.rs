pub trait Source {
    fn fetch(&self) -> String;
}

pub struct Disk;
pub struct Memory(pub String);

impl Source for Disk {
    fn fetch(&self) -> String {
        std::fs::read_to_string("/tmp/disk").unwrap_or_default()
    }
}

impl Source for Memory {
    fn fetch(&self) -> String {
        self.0.clone()
    }
}

pub fn fetch_both(d: &Disk, m: &Memory) -> String {
    d.fetch() + &m.fetch()
}
