//! JSON: the whole model, as documented in `docs/json.md` (schema: `docs/post.schema.json`).
//!
//! Source positions are not part of the JSON; a post read from JSON has unknown spans.

use crate::model::{Post, PostJson};

/// How a post is written as JSON.
///
/// ```
/// let post = newspost::parse("<div><p>Hi</p></div>\n")?;
/// let options = newspost::JsonOptions::default().with_path(Some("archived/a.md".into()));
/// let json = newspost::to_json_string_with(&post, &options);
/// assert!(json.starts_with(r#"{"path":"archived/a.md","front_matter":null"#));
/// # Ok::<(), newspost::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonOptions {
    /// Written first as `"path"`: the post's file as the caller names it (the command
    /// line writes it relative to the root it was given, with `/` separators). Not
    /// written when `None`; [`from_json_str`] ignores it.
    pub path: Option<String>,
    /// Indented JSON instead of one line.
    pub pretty: bool,
}

impl JsonOptions {
    /// With `path` written first.
    pub fn with_path(mut self, path: Option<String>) -> Self {
        self.path = path;
        self
    }

    /// Indented or compact.
    pub fn with_pretty(mut self, pretty: bool) -> Self {
        self.pretty = pretty;
        self
    }
}

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

/// The post as JSON, written as `options` say.
pub fn to_json_string_with(post: &Post, options: &JsonOptions) -> String {
    let mut out = Vec::new();
    match write_json_with(post, options, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| "{}".to_owned()),
        Err(_) => "{}".to_owned(),
    }
}

/// Writes the post as compact JSON to `writer`.
pub fn write_json(post: &Post, writer: impl std::io::Write) -> Result<(), serde_json::Error> {
    serde_json::to_writer(writer, post)
}

/// Writes the post as JSON to `writer`, as `options` say.
pub fn write_json_with(
    post: &Post,
    options: &JsonOptions,
    writer: impl std::io::Write,
) -> Result<(), serde_json::Error> {
    let json = PostJson {
        post,
        path: options.path.as_deref(),
    };
    if options.pretty {
        serde_json::to_writer_pretty(writer, &json)
    } else {
        serde_json::to_writer(writer, &json)
    }
}

/// Reads a post from its JSON form.
pub fn from_json_str(json: &str) -> Result<Post, serde_json::Error> {
    serde_json::from_str(json)
}
