#[doc(hidden)]
pub mod awaitify_runtime;

pub mod api;
mod db;
mod service;
