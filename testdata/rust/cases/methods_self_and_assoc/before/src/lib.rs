pub struct Cache {
    dir: String,
}

impl Cache {
    pub fn new(dir: &str) -> Self {
        Cache { dir: dir.to_string() }
    }

    fn path(&self, key: &str) -> String {
        format!("{}/{}", self.dir, key)
    }

    fn read_raw(path: &str) -> Vec<u8> {
        std::fs::read(path).unwrap_or_default()
    }

    pub fn get(&self, key: &str) -> Vec<u8> {
        Self::read_raw(&self.path(key))
    }

    pub fn get_str(&self, key: &str) -> String {
        String::from_utf8_lossy(&self.get(key)).into_owned()
    }
}
