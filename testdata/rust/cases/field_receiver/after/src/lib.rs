#[doc(hidden)]
pub mod awaitify_runtime;

pub mod service;
pub mod store;
