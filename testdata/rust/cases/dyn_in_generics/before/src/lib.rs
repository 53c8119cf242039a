pub trait Store {
    fn load(&self) -> u32;
}

pub struct FileStore;

impl Store for FileStore {
    fn load(&self) -> u32 {
        std::thread::sleep(std::time::Duration::from_millis(1));
        1
    }
}

pub fn total() -> u32 {
    let stores: Vec<Box<dyn Store>> = vec![Box::new(FileStore)];
    stores.iter().map(|s| s.load()).sum()
}

pub fn first() -> u32 {
    let s = FileStore;
    s.load() + 1
}
