//! A small, fully synchronous demo library.
//!
//! It uses blocking std I/O (sleep, files, processes, TCP) so that
//! awaitify can migrate it to tokio and check that it still builds and runs.

// Timing helpers built on `std::thread::sleep`.
pub mod clock;
// A tiny TCP echo server and client.
pub mod net;
// Running child processes.
pub mod proc;
// Higher-level code that calls the other modules.
pub mod service;
// A key/value store backed by files in a directory.
pub mod store;

// Re-exported so callers can write `demo::Service`.
pub use service::Service;
