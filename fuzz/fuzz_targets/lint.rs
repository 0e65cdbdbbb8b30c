//! Linting any bytes never panics; diagnostics point inside the file; `--fix` (trusting
//! either side) reaches a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newspost::{LintConfig, Linter, Trust};

fuzz_target!(|data: &[u8]| {
    for trust in [None, Some(Trust::Date), Some(Trust::Epoch)] {
        // A fixed "now", so that runs are reproducible.
        let Ok(mut config) = LintConfig::from_toml("now = \"2026-01-01T00:00:00Z\"") else {
            panic!("the fixed configuration does not parse");
        };
        if let Some(trust) = trust {
            config = config.with_trust(trust);
        }
        let linter = Linter::new(config);
        let found = linter.lint_bytes("2024-07-03-post.md", data);
        for diagnostic in &found {
            assert!(diagnostic.span.end <= data.len(), "{diagnostic:?}");
        }
        let _ = linter.finish();
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let outcome = linter.fix("2024-07-03-post.md", text);
        let again = linter.fix("2024-07-03-post.md", &outcome.text);
        assert_eq!(again.text, outcome.text, "fixing twice changed the text");
    }
});
