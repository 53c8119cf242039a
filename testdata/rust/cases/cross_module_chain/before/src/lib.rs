pub mod api;
mod db;
mod service;
