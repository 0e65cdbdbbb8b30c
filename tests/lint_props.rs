//! The linter on generated posts: it never panics, every diagnostic points inside the
//! file, and fixing reaches a fixed point (fixing the fixed text changes nothing).
#![cfg(feature = "lint")]

mod strategies;

use newspost::{LintConfig, Linter};
use proptest::prelude::*;

fn linter() -> Linter {
    Linter::new(LintConfig::new().with_now(strategies::lint_now()))
}

proptest! {
    #![proptest_config(strategies::config(256, "proptest-regressions/lint_props.txt"))]

    #[test]
    fn diagnostics_point_inside_the_file(text in strategies::soup::lines()) {
        for d in linter().check("2024-07-03-x.md", &text) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            prop_assert!(d.line() >= 1 && d.column() >= 1, "{d:?}");
            prop_assert!((d.end.line, d.end.column) >= (d.line(), d.column()), "{d:?}");
        }
    }

    #[test]
    fn fixing_reaches_a_fixed_point(text in strategies::soup::lines()) {
        let linter = linter();
        let once = linter.fix("2024-07-03-x.md", &text);
        let twice = linter.fix("2024-07-03-x.md", &once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.fixed.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let linter = linter();
        let _ = linter.lint_bytes("x.md", &bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = linter.fix("x.md", text);
        }
    }
}
