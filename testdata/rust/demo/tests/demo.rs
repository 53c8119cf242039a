//! Integration tests for the demo crate, using only its public API.
//!
//! Calls into the crate are bound with `let` before asserting, so no crate
//! function is called inside a macro.

use std::fs;
use std::path::PathBuf;

use demo::clock::{pause, timed_pause};
use demo::net::{echo, start_echo_server};
use demo::proc::run_echo;
use demo::service::{describe, roundtrip};
use demo::store::Store;
use demo::Service;

// A fresh, unique directory per test: temp dir + process id + test name.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("demo-{}-{}", std::process::id(), name));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn store_put_then_get() {
    let dir = fresh_dir("store_put_then_get");
    let store = Store::new(dir.clone());
    store.put("alpha", "one").unwrap();
    store.put("beta", "two").unwrap();
    let alpha = store.get("alpha").unwrap();
    let beta = store.get("beta").unwrap();
    assert_eq!(alpha, "one");
    assert_eq!(beta, "two");
    // Overwriting replaces the value.
    store.put("alpha", "uno").unwrap();
    let alpha = store.get("alpha").unwrap();
    assert_eq!(alpha, "uno");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn store_remove_makes_get_fail() {
    let dir = fresh_dir("store_remove_makes_get_fail");
    let store = Store::new(dir.clone());
    store.put("gone", "soon").unwrap();
    let before = store.get("gone").unwrap();
    assert_eq!(before, "soon");
    store.remove("gone").unwrap();
    let after = store.get("gone");
    assert!(after.is_err());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn service_remember_then_recall() {
    let dir = fresh_dir("service_remember_then_recall");
    let service = Service::new(dir.clone());
    service.remember("color", "blue").unwrap();
    let color = service.recall("color").unwrap();
    assert_eq!(color, "blue");
    let missing = service.recall("missing");
    assert!(missing.is_err());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn service_shout_uppercases() {
    let dir = fresh_dir("service_shout_uppercases");
    let service = Service::new(dir.clone());
    let loud = service.shout("hello there").unwrap();
    assert_eq!(loud, "HELLO THERE");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_echo_returns_text() {
    let out = run_echo("plain text").unwrap();
    assert_eq!(out, "plain text");
}

#[test]
fn timed_pause_waits_at_least_requested() {
    let elapsed = timed_pause(20);
    assert!(elapsed >= 20, "elapsed {} ms", elapsed);
    // A plain pause returns normally.
    pause(1);
}

#[test]
fn echo_server_echoes() {
    let addr = start_echo_server().unwrap();
    let first = echo(addr, "ping").unwrap();
    assert_eq!(first, "ping");
    let second = echo(addr, "second message").unwrap();
    assert_eq!(second, "second message");
}

#[test]
fn roundtrip_through_service() {
    let addr = start_echo_server().unwrap();
    let reply = roundtrip(addr, "round and round").unwrap();
    assert_eq!(reply, "round and round");
}

#[test]
fn describe_is_pure() {
    let three = describe("abc");
    let empty = describe("");
    assert_eq!(three, "key `abc` (3 bytes)");
    assert_eq!(empty, "key `` (0 bytes)");
}
