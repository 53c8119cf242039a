fn helper() -> Vec<u8> {
    std::fs::read("/tmp/x").unwrap_or_default()
}

pub fn size() -> usize {
    helper().len()
}
