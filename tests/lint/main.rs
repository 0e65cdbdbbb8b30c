//! The linter end to end: the body rules on fixtures, and properties over generated posts.
#![cfg(feature = "lint")]

#[path = "../common/mod.rs"]
mod common;

mod body;
mod props;
