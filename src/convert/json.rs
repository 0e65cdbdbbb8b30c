//! JSON: the whole model, as documented in `docs/json.md` (schema: `docs/post.schema.json`).
//!
//! Source positions are not part of the JSON; a post read from JSON has unknown spans.

use crate::model::Post;

/// The post as compact JSON.
///
/// ```
/// let post = newspost::parse("<!--1719993633000-->\n<div><p>Hi</p></div>\n")?;
/// let json = newspost::to_json_string(&post);
/// assert!(json.contains(r#""epoch_ms":1719993633000"#));
/// assert_eq!(newspost::from_json_str(&json).unwrap(), post);
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn to_json_string(post: &Post) -> String {
    // The model has string keys only (the parser makes YAML keys strings), so this
    // cannot fail; an empty object is returned if it ever did.
    serde_json::to_string(post).unwrap_or_else(|_| "{}".to_owned())
}

/// The post as indented JSON.
pub fn to_json_string_pretty(post: &Post) -> String {
    serde_json::to_string_pretty(post).unwrap_or_else(|_| "{}".to_owned())
}

/// Writes the post as compact JSON to `writer`.
pub fn write_json(post: &Post, writer: impl std::io::Write) -> Result<(), serde_json::Error> {
    serde_json::to_writer(writer, post)
}

/// Reads a post from its JSON form.
pub fn from_json_str(json: &str) -> Result<Post, serde_json::Error> {
    serde_json::from_str(json)
}
