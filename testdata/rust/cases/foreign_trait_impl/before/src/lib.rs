use std::fmt;

pub struct Config(pub String);

impl Config {
    pub fn load(&self) -> String {
        std::fs::read_to_string(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.load())
    }
}

impl Drop for Config {
    fn drop(&mut self) {
        let _ = self.load();
    }
}
