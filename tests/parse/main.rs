//! The parser: the body's HTML shapes, the parts around the body, and properties over
//! generated input (markup soup round-trips; nothing makes the parser panic).

#[path = "../common/mod.rs"]
mod common;

mod body;
mod parts;
mod robustness;
mod soup;
