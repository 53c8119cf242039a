use std::fmt::Write;

fn load(p: &str) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

pub fn report(p: &str) -> String {
    println!("loaded {} bytes", load(p).len());
    let line = format!("{}:{}", p, load(p));
    assert!(!load(p).contains('\0'), "binary file {}", p);
    let all = vec![load(p), load(p)];
    let mut out = String::new();
    write!(out, "{}", load(p)).unwrap();
    out + &line + &all.concat()
}
