pub struct Store;

impl Store {
    pub fn open(_path: &str) -> Self {
        Store
    }

    pub fn load(&self) -> String {
        std::fs::read_to_string("/tmp/x").unwrap_or_default()
    }
}

pub fn by_annotation() -> String {
    let s: Store = Store::open("a");
    s.load()
}

pub fn by_constructor() -> String {
    let s = Store::open("b");
    s.load()
}

pub fn by_parameter(s: &Store) -> String {
    s.load()
}
