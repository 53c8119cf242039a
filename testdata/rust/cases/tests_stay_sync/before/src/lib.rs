pub fn load() -> usize {
    std::fs::read("/tmp/x").map(|b| b.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn loads() {
        let _ = super::load();
    }
}
