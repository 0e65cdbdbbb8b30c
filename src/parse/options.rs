//! [`ParseOptions`]: the parser's limits and its noise and furniture rules.

use super::furniture::FurnitureRules;
use super::limits;
use super::noise::NoiseRules;

/// Limits and rules for parsing. The defaults suit real archives; the limits exist so that
/// hostile input ends in an error instead of a hang or a stack overflow.
///
/// ```
/// let mut options = newspost::ParseOptions::default();
/// options.noise.push(newspost::NoiseRule::Class("newsletter-signup".into()));
/// let post = newspost::parse_with(
///     "<div><p>kept</p><div class=\"newsletter-signup\"><p>dropped</p></div></div>",
///     &options,
/// )?;
/// assert_eq!(post.body.len(), 1);
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ParseOptions {
    /// Larger inputs are rejected with [`ErrorKind::TooLarge`]. Default 64 MiB.
    ///
    /// [`ErrorKind::TooLarge`]: crate::ErrorKind::TooLarge
    pub max_input_bytes: usize,
    /// Larger front matter is not parsed ([`ErrorKind::FrontMatterTooLarge`]). Default 1 MiB.
    ///
    /// [`ErrorKind::FrontMatterTooLarge`]: crate::ErrorKind::FrontMatterTooLarge
    pub max_front_matter_bytes: usize,
    /// Deeper `[`/`{` nesting in the front matter is not parsed
    /// ([`ErrorKind::FrontMatterTooDeep`]). Default 64.
    ///
    /// [`ErrorKind::FrontMatterTooDeep`]: crate::ErrorKind::FrontMatterTooDeep
    pub max_yaml_depth: usize,
    /// Body elements nested deeper than this are ignored, their text kept
    /// ([`ErrorKind::HtmlTooDeep`]). Default 256.
    ///
    /// [`ErrorKind::HtmlTooDeep`]: crate::ErrorKind::HtmlTooDeep
    pub max_html_depth: usize,
    /// A body with more tags (start and end tags, comments) than this is read up to the
    /// first tag past the limit; the rest is not parsed ([`ErrorKind::HtmlTooManyTags`]).
    /// This bounds a post's memory whatever the markup's shape. Default 500,000 (a long
    /// real article has a few thousand).
    ///
    /// [`ErrorKind::HtmlTooManyTags`]: crate::ErrorKind::HtmlTooManyTags
    pub max_html_tags: usize,
    /// What counts as noise in the body.
    pub noise: NoiseRules,
    /// How page furniture is told from article content (see
    /// [`FurnitureRules`]); the built-in heuristics by default.
    pub furniture: FurnitureRules,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_input_bytes: limits::DEFAULT_MAX_INPUT_BYTES,
            max_front_matter_bytes: limits::DEFAULT_MAX_FRONT_MATTER_BYTES,
            max_yaml_depth: limits::DEFAULT_MAX_YAML_DEPTH,
            max_html_depth: limits::DEFAULT_MAX_HTML_DEPTH,
            max_html_tags: limits::DEFAULT_MAX_HTML_TAGS,
            noise: NoiseRules::standard(),
            furniture: FurnitureRules::standard(),
        }
    }
}
