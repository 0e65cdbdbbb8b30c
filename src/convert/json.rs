//! JSON: the whole model, as documented in `docs/data.md` (schema: `docs/post.schema.json`).
//!
//! Source positions are not part of the JSON; a post read from JSON has unknown spans.

use std::io::Write;

use super::Error;
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
    match write_json(post, options, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| "{}".to_owned()),
        Err(_) => "{}".to_owned(),
    }
}

/// Writes the post as JSON to `writer`, as `options` say.
///
/// ```
/// let post = newspost::parse("<div><p>Hi</p></div>\n")?;
/// let mut out = Vec::new();
/// newspost::write_json(&post, &newspost::JsonOptions::default(), &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), newspost::to_json_string(&post));
/// # Ok::<(), newspost::Error>(())
/// ```
pub fn write_json(post: &Post, options: &JsonOptions, writer: impl Write) -> Result<(), Error> {
    let json = PostJson::new(post, options.path.as_deref());
    if options.pretty {
        serde_json::to_writer_pretty(writer, &json)?;
    } else {
        serde_json::to_writer(writer, &json)?;
    }
    Ok(())
}

/// Writes the post as JSON to `writer`, as `options` say: [`write_json`], under its
/// former name.
#[deprecated(since = "0.1.0", note = "use `write_json`, which takes the options")]
pub fn write_json_with(
    post: &Post,
    options: &JsonOptions,
    writer: impl Write,
) -> Result<(), Error> {
    write_json(post, options, writer)
}

/// Reads a post from its JSON form.
pub fn from_json_str(json: &str) -> Result<Post, serde_json::Error> {
    serde_json::from_str(json)
}

/// The JSON Schema (draft 2020-12) of what [`to_json_string`] and [`write_json`] write,
/// derived from the model's types and their documentation; `docs/post.schema.json` is
/// this schema, checked by a test.
///
/// ```
/// let schema = newspost::post_json_schema();
/// assert_eq!(schema["title"], "Post");
/// assert!(schema["$defs"]["Block"]["oneOf"].is_array());
/// ```
#[cfg(feature = "schema")]
pub fn post_json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<PostJson<'static>>();
    serde_json::to_value(schema).unwrap_or_default()
}

#[cfg(all(test, feature = "schema"))]
mod tests {
    use super::*;

    /// `docs/post.schema.json` is the schema the types give. `NEWSPOST_BLESS=1` rewrites it.
    #[test]
    fn the_documented_schema_is_the_derived_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/post.schema.json");
        let derived = serde_json::to_string_pretty(&post_json_schema()).unwrap_or_default() + "\n";
        if std::env::var_os("NEWSPOST_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(path, &derived).expect("docs/post.schema.json is written");
        }
        let documented = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            documented == derived,
            "docs/post.schema.json is stale: run NEWSPOST_BLESS=1 cargo test --features schema --lib json"
        );
    }
}
