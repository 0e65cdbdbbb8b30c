//! The `newspost` command end to end, one test crate (one link): each module runs the
//! built binary, which `support` locates.

mod support;

mod adopt;
mod batch;
mod convert;
mod hostile;
mod lint;
mod parquet;
