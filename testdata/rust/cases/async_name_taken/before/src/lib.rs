pub fn tick() -> u32 {
    std::thread::sleep(std::time::Duration::from_millis(1));
    1
}

/// Not an async version of `tick`: an unrelated function that happens to have its name.
pub fn tick_async() -> u32 {
    7
}

pub struct Cache {
    data: String,
}

impl Cache {
    pub fn get(&self) -> &str {
        std::thread::sleep(std::time::Duration::from_millis(1));
        &self.data
    }
}

pub fn total(c: &Cache) -> usize {
    tick() as usize + tick_async() as usize + c.get().len()
}
