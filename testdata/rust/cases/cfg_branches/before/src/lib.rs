use std::fs;

/// Reads the extra settings (only with the `extra` feature).
#[cfg(feature = "extra")]
pub fn load_extra(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// Without the feature there is nothing to read.
#[cfg(not(feature = "extra"))]
pub fn load_extra(_path: &str) -> String {
    String::new()
}

/// The settings, with the extra ones when the feature is on.
pub fn settings(path: &str) -> String {
    let extra = load_extra(path);
    format!("base;{extra}")
}
