//! Downstream probe for confy after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Copied into the migrated crate's tests/ by scripts/e2e-real.
use serde_derive::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Settings {
    name: String,
    retries: u32,
}

fn path(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("awaitify-probe-confy-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("nested/settings.toml")
}

fn wanted() -> Settings {
    Settings { name: "probe".into(), retries: 3 }
}

async fn round_trip_async(test: &'static str) {
    let p = path(test);
    // A missing file: the default is written (directories created) and returned.
    let fresh: Settings = confy::load_path_async(&p).await.unwrap();
    assert_eq!(fresh, Settings::default());
    confy::store_path_async(&p, wanted()).await.unwrap();
    let back: Settings = confy::load_path_async(&p).await.unwrap();
    assert_eq!(back, wanted());
}

fn round_trip_sync(test: &str) {
    let p = path(test);
    let fresh: Settings = confy::load_path(&p).unwrap();
    assert_eq!(fresh, Settings::default());
    confy::store_path(&p, wanted()).unwrap();
    let back: Settings = confy::load_path(&p).unwrap();
    assert_eq!(back, wanted());
}

include!("every_runtime.rs");
every_runtime!(round_trip_async, round_trip_sync);
