//! Downstream probe for pickledb after `awaitify migrate --write`: the crate used as a
//! dependent would use it. Copied into the migrated crate's tests/ by scripts/e2e-real.
use pickledb::{PickleDb, PickleDbDumpPolicy, SerializationMethod};
use std::path::PathBuf;

fn db_path(test: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("awaitify-probe-pickledb-{}-{test}.db", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

async fn use_async_api(test: &'static str) {
    let p = db_path(test);
    let mut db = PickleDb::new(&p, PickleDbDumpPolicy::AutoDump, SerializationMethod::Json);
    db.set_async("answer", &42).await.unwrap();
    db.lcreate_async("items").await.unwrap();
    db.ladd_async("items", &"a").await.unwrap();
    db.lextend_async("items", &["b", "c"]).await.unwrap();
    assert!(db.rem_async("missing").await.is_ok());
    db.dump_async().await.unwrap();
    let back = PickleDb::load_async(&p, PickleDbDumpPolicy::NeverDump, SerializationMethod::Json).await.unwrap();
    assert_eq!(back.get::<i32>("answer"), Some(42));
    assert_eq!(back.llen("items"), 3);
    drop(db);
    std::fs::remove_file(&p).unwrap();
}

fn use_sync_api(test: &str) {
    let p = db_path(test);
    let mut db = PickleDb::new(&p, PickleDbDumpPolicy::AutoDump, SerializationMethod::Json);
    db.set("answer", &42).unwrap();
    db.lcreate("items").unwrap();
    db.ladd("items", &"a").unwrap();
    db.lextend("items", &["b", "c"]).unwrap();
    assert!(db.rem("missing").is_ok());
    db.dump().unwrap();
    let back = PickleDb::load(&p, PickleDbDumpPolicy::NeverDump, SerializationMethod::Json).unwrap();
    assert_eq!(back.get::<i32>("answer"), Some(42));
    assert_eq!(back.llen("items"), 3);
    drop(db);
    std::fs::remove_file(&p).unwrap();
}

include!("every_runtime.rs");
every_runtime!(use_async_api, use_sync_api);
