//! The linter on generated posts: it never panics, every diagnostic points inside the
//! file, and fixing reaches a fixed point (fixing the fixed text changes nothing).

use newspost::{LintConfig, Linter};
use proptest::prelude::*;

/// Lines a post is made of, good and bad, so that generated files hit every rule.
const LINES: &[&str] = &[
    "---",
    "--",
    "title: \"习近平：中国支持\"",
    "title: Factbox: what we know",
    "title: 冠军 #两会# 热议",
    "title: \"\"",
    "date: 2024-07-03T08:00:33.000Z",
    "date: 2024-02-30",
    "date: 2024-07-03 16:00:33",
    "date: 2099-12-31T23:59:59Z",
    "date: [1, 2]",
    "from: https://www.zaobao.com/a/1",
    "from: //www.zaobao.com/a/1",
    "from: htps://www.zaobao.com/a/1",
    "comments: 1",
    "tags: {a: b}",
    "  - indented",
    "<!--1719993633000-->",
    "<!--NaN-->",
    "<!--1719993633-->",
    "[习近平：中国支持](https://www.zaobao.com/a/1)",
    "[冠军 #两会# 热议](https://www.zaobao.com/a/1)",
    "[x](javascript:alert(1))",
    "------",
    "======",
    "",
    "<div>",
    "</div>",
    "<p>正文<a href=\"/rel\">链接</a></p>",
    "<p><img alt=\"x\"></p>",
    "<p>\u{8}控制\u{2028}字符\u{85}</p>",
    "\r",
    "中文",
];

fn post() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(LINES), 0..24).prop_map(|lines| lines.join("\n"))
}

fn linter() -> Linter {
    let now = newspost::parse_now("2026-01-01T00:00:00Z").unwrap_or_default();
    Linter::new(LintConfig::new().with_now(now))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn diagnostics_point_inside_the_file(text in post()) {
        for d in linter().check("2024-07-03-x.md", &text) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            prop_assert!(d.line() >= 1 && d.column() >= 1, "{d:?}");
            prop_assert!((d.end.line, d.end.column) >= (d.line(), d.column()), "{d:?}");
        }
    }

    #[test]
    fn fixing_reaches_a_fixed_point(text in post()) {
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
