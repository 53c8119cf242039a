pub struct Store {
    pub root: String,
}

impl Store {
    pub fn get(&self, key: &str) -> String {
        std::fs::read_to_string(format!("{}/{key}", self.root)).unwrap_or_default()
    }
}
