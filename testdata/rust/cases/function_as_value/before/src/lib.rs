fn load(p: &&str) -> usize {
    std::fs::read(p).map(|b| b.len()).unwrap_or(0)
}

pub fn sizes(paths: &[&str]) -> Vec<usize> {
    let first = load(&"first");
    let mut v: Vec<usize> = paths.iter().map(load).collect();
    v.push(first);
    v
}
