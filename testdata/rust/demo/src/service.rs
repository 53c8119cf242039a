//! Layered code that ties the other modules together.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::store::Store;

/// A service that remembers values and talks to the outside world.
pub struct Service {
    store: Store,
}

impl Service {
    /// Creates a service whose store lives in `dir`. Does no I/O.
    pub fn new(dir: impl Into<PathBuf>) -> Service {
        Service {
            store: Store::new(dir),
        }
    }

    /// Stores `value` under `key` after a short pause.
    pub fn remember(&self, key: &str, value: &str) -> io::Result<()> {
        // Simulate some latency before writing.
        crate::clock::pause(1);
        self.store.put(key, value)
    }

    /// Reads back the value stored under `key`.
    pub fn recall(&self, key: &str) -> io::Result<String> {
        self.store.get(key)
    }

    /// Echoes `text` in upper case through an external process.
    pub fn shout(&self, text: &str) -> io::Result<String> {
        crate::proc::run_echo(&text.to_uppercase())
    }
}

/// Sends `msg` through the echo server at `addr`, then pauses briefly.
pub fn roundtrip(addr: SocketAddr, msg: &str) -> io::Result<String> {
    let reply = crate::net::echo(addr, msg)?;
    super::clock::pause(1);
    Ok(reply)
}

/// Describes a key. Pure: does no I/O and must stay synchronous.
pub fn describe(key: &str) -> String {
    format!("key `{}` ({} bytes)", key, key.len())
}
