use std::fs;

pub fn load(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

pub fn first_line(path: &str) -> String {
    load(path).lines().next().unwrap_or("").to_string()
}
