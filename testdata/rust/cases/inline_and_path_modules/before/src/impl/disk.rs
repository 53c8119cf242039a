pub fn read_all(p: &str) -> Vec<u8> {
    std::fs::read(p).unwrap_or_default()
}
