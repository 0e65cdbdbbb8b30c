use crate::diagnostics::Level;
use crate::lint::context::Context;
use crate::lint::rule::{declare_rule, Finding, Findings, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an `<img>` from which no image URL can be recovered: no `src` other than a
    /// `data:` placeholder, no lazy-load attribute (`data-src`, `data-lazy-src`,
    /// `data-original`, `data-actualsrc`, `data-url`, `data-echo`, or the JSON of
    /// `data-image-dataset`), no usable `srcset`, and no `<noscript>` fallback right
    /// after it that gives an image. A lazy image that keeps its URL in one of those is
    /// fine.
    ///
    /// ## Why is this bad?
    /// The image is lost: a lazy loader never filled it in before the page was saved.
    /// Outputs drop it.
    ///
    /// ## Example
    /// ```html
    /// <img class="lazyload" alt="示威者">
    /// <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    /// ```
    ///
    /// ## Fix
    /// None: the URL has to be scraped again.
    pub(crate) struct ImageMissingSrc
}

static META: RuleMeta = RuleMeta {
    name: "image-missing-src",
    default_level: Level::Warning,
    summary: "Flags an `<img>` from which no image URL can be recovered: no `src` other than a \
              `data:` placeholder, no lazy-load attribute (`data-src`, `data-lazy-src`, \
              `data-original`, `data-actualsrc`, `data-url`, `data-echo`, or the JSON of \
              `data-image-dataset`), no usable `srcset`, and no `<noscript>` fallback right after \
              it that gives an image. A lazy image that keeps its URL in one of those is fine.",
    fix: FixAvailability::None,
    docs: ImageMissingSrc::DOCS,
};

impl Rule for ImageMissingSrc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, found: &mut Findings) {
        for span in &ctx.parsed.sourceless_images {
            found.push(
                Finding::new(span.range(), "`<img>` has no image URL: no `src` (but a `data:` placeholder at most), no lazy-load attribute, no usable `srcset`")
                    .help("scrape the image URL again, or remove the `<img>`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ImageMissingSrc;
    use crate::lint::test_support::*;

    #[test]
    fn flags_every_sourceless_image() {
        let text = VALID.replace("<p>第一段。</p>", "<p>第一段。</p><p><img alt=\"x\"></p>");
        let start = text.find("<img").unwrap_or(0);
        let found = check_parsed(&ImageMissingSrc, &text, |parsed| {
            parsed.sourceless_images =
                vec![crate::span::LineIndex::new(&text).span(start, start + 13)];
        });
        assert_eq!(found.len(), 1);
        assert_eq!(pointed(&text, &found[0]), "<img alt=\"x\">");
    }

    #[test]
    fn passes_when_every_image_has_a_source() {
        assert!(diagnostics("image-missing-src", VALID).is_empty());
        let found = check_parsed(&ImageMissingSrc, VALID, |parsed| {
            parsed.sourceless_images.clear()
        });
        assert!(found.is_empty());
    }
}
