//! [`Post`](crate::Post) → other formats. One module per format, each with a
//! `write_X(&Post, …, impl Write)` and a `to_X_string` function.

pub mod json;
