pub mod profile;
pub mod storage;
