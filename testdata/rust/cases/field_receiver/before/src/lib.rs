pub mod service;
pub mod store;
