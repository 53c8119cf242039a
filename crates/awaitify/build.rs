//! Embeds the shipped catalog (`rules/`) so an installed binary works anywhere; the files
//! are still parsed at run time, and `--rules DIR` or `AWAITIFY_RULES` replace them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: a build script compiled for one checkout may be reused by cargo
    // for another (pip and pre-commit build copies of this tree in one target directory).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../../rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from("pub const SHIPPED: &[(&str, &str, &str)] = &[\n");
    // Without the catalog the binary would find nothing blocking: refuse to build.
    let mut langs: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: the shipped catalog is missing ({e})", root.display()))
        .flatten()
        .collect();
    langs.sort_by_key(|e: &std::fs::DirEntry| e.file_name());
    for lang in langs {
        if !lang.path().is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", lang.path().display());
        let mut files: Vec<_> = std::fs::read_dir(lang.path()).unwrap().flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "toml") {
                let lang = lang.file_name().to_string_lossy().to_string();
                let name = f.file_name().to_string_lossy().to_string();
                writeln!(
                    out,
                    "    ({lang:?}, {name:?}, include_str!({:?})),",
                    p.canonicalize().unwrap().display().to_string()
                )
                .unwrap();
            }
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rules.rs");
    std::fs::write(dest, out).unwrap();
}
