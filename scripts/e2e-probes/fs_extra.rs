//! Downstream probe for fs_extra after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Copied into the migrated crate's tests/ by scripts/e2e-real.
use fs_extra::{dir, file};
use std::path::PathBuf;

fn scratch(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("awaitify-probe-fs_extra-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("src/sub")).unwrap();
    std::fs::write(d.join("src/a.txt"), "alpha").unwrap();
    std::fs::write(d.join("src/sub/b.txt"), "beta").unwrap();
    d
}

async fn use_async_api(test: &'static str) {
    let d = scratch(test);
    let content = file::read_to_string_async(d.join("src/a.txt")).await.unwrap();
    assert_eq!(content, "alpha");
    file::write_all_async(d.join("src/c.txt"), "gamma").await.unwrap();
    assert_eq!(dir::get_size_async(d.join("src")).await.unwrap(), 14);
    let opts = dir::CopyOptions::new();
    dir::create_all_async(d.join("dst"), false).await.unwrap();
    dir::copy_async(d.join("src"), d.join("dst"), &opts).await.unwrap();
    let listed = dir::get_dir_content_async(d.join("dst")).await.unwrap();
    assert_eq!(listed.files.len(), 3);
    dir::create_async(d.join("moved"), false).await.unwrap();
    dir::move_dir_async(d.join("dst/src"), d.join("moved"), &opts).await.unwrap();
    assert!(d.join("moved/src/sub/b.txt").exists());
    dir::remove_async(&d).await.unwrap();
    assert!(!d.exists());
}

fn use_sync_api(test: &str) {
    let d = scratch(test);
    assert_eq!(file::read_to_string(d.join("src/a.txt")).unwrap(), "alpha");
    file::write_all(d.join("src/c.txt"), "gamma").unwrap();
    assert_eq!(dir::get_size(d.join("src")).unwrap(), 14);
    let opts = dir::CopyOptions::new();
    dir::create_all(d.join("dst"), false).unwrap();
    dir::copy(d.join("src"), d.join("dst"), &opts).unwrap();
    assert_eq!(dir::get_dir_content(d.join("dst")).unwrap().files.len(), 3);
    dir::create(d.join("moved"), false).unwrap();
    dir::move_dir(d.join("dst/src"), d.join("moved"), &opts).unwrap();
    assert!(d.join("moved/src/sub/b.txt").exists());
    dir::remove(&d).unwrap();
    assert!(!d.exists());
}

include!("every_runtime.rs");
every_runtime!(use_async_api, use_sync_api);
