//! One module per rule: its documentation, its check and its tests.

pub(crate) mod body_empty;
pub(crate) mod control_character;
pub(crate) mod date_implausible;
pub(crate) mod date_in_future;
pub(crate) mod date_invalid;
pub(crate) mod date_no_timezone;
pub(crate) mod duplicate_source;
pub(crate) mod epoch_malformed;
pub(crate) mod epoch_mismatch;
pub(crate) mod epoch_missing;
pub(crate) mod field_missing;
pub(crate) mod field_type;
pub(crate) mod filename_date_mismatch;
pub(crate) mod front_matter_missing;
pub(crate) mod front_matter_syntax;
pub(crate) mod header_missing;
pub(crate) mod image_missing_src;
pub(crate) mod source_mismatch;
pub(crate) mod title_mismatch;
pub(crate) mod url_invalid;
pub(crate) mod url_relative;
pub(crate) mod url_scheme;
