//! File paths as every renderer writes them.

use std::path::Path;

/// A path as `/`-separated text, as annotations and SARIF want it.
pub(super) fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    };
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}
