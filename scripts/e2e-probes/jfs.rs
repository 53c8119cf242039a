//! Downstream probe for jfs after `awaitify migrate --write`: the crate used as a dependent
//! would use it. Its async API is the store's constructors (`Store::save` and the others
//! take a lock guard and keep calling the file store's sync shims). Copied into the
//! migrated crate's tests/ by scripts/e2e-real.
use jfs::{Config, Store};
use serde_derive::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Doc {
    title: String,
}

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("awaitify-probe-jfs-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// A single-file store's path (its directory must exist).
fn single_file(test: &str) -> PathBuf {
    let d = dir(&format!("{test}-single"));
    std::fs::create_dir_all(&d).unwrap();
    d.join("db")
}

fn round_trip(store: &Store) {
    let doc = Doc { title: "probe".into() };
    let id = store.save(&doc).unwrap();
    assert_eq!(store.get::<Doc>(&id).unwrap(), doc);
    assert_eq!(store.all::<Doc>().unwrap().len(), 1);
    store.delete(&id).unwrap();
    assert!(store.get::<Doc>(&id).is_err());
}

async fn use_async_api(test: &'static str) {
    round_trip(&Store::new_async(dir(test)).await.unwrap());
    let single = Config { single: true, ..Config::default() };
    round_trip(&Store::new_with_cfg_async(single_file(test), single).await.unwrap());
}

fn use_sync_api(test: &str) {
    round_trip(&Store::new(dir(test)).unwrap());
    let single = Config { single: true, ..Config::default() };
    round_trip(&Store::new_with_cfg(single_file(test), single).unwrap());
}

include!("every_runtime.rs");
every_runtime!(use_async_api, use_sync_api);
