//! The language-neutral core of awaitify.
//!
//! It owns what every frontend shares: byte-range text edits and their application
//! ([`edit`]), line/column positions ([`text`]), the call graph with blocking-taint
//! propagation and migration waves ([`graph`]), unified-diff rendering ([`diff`]) and the
//! blocking-call catalog types and loader ([`catalog`]), and lint findings, the rule table
//! and output formats ([`lint`], [`rules`]).
//!
//! Invariant: nothing here knows Python or Rust syntax. Frontends turn source into the
//! model (functions, calls, catalog hits) and the core's decisions back into edits.

pub mod catalog;
pub mod diff;
pub mod edit;
pub mod encoding;
pub mod graph;
pub mod lint;
pub mod migration;
pub mod rules;
pub mod text;
