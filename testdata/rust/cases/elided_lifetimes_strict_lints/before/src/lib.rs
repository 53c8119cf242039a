//! A crate with strict lint levels, like os_info's.
#![deny(missing_docs, missing_debug_implementations)]

/// A release file and the name it gives.
#[derive(Debug)]
pub struct Release<'a> {
    /// Where the file is.
    pub path: &'a str,
}

/// A name borrowed from somewhere.
pub type Name<'a> = &'a str;

/// The first release file that exists, read.
pub fn detect(candidates: &[Release], fallback: Option<Name>) -> Option<String> {
    for c in candidates {
        if let Ok(text) = std::fs::read_to_string(c.path) {
            return Some(text);
        }
    }
    fallback.map(str::to_string)
}
