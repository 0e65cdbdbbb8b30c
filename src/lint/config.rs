//! What a lint run is configured with: per-rule levels, "now" and which side of a
//! date/epoch disagreement to trust. Read from `newspost.toml` or set in code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::registry;
use super::trust::Trust;
use crate::diagnostics::RuleLevel;
use crate::model::PostDate;
use crate::parse::furniture::FurnitureRules;

/// The name of the configuration file looked for next to the posts.
pub const CONFIG_FILE_NAME: &str = "newspost.toml";

// Here rather than in `trust.rs`: reading a `Trust` is part of reading a configuration.
impl std::str::FromStr for Trust {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "date" => Ok(Trust::Date),
            "epoch" => Ok(Trust::Epoch),
            other => Err(ConfigError::Trust(other.to_owned())),
        }
    }
}

/// A configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file is not valid TOML or has unknown keys (the message has the position).
    #[error("{0}")]
    Toml(String),
    /// A rule name that no rule has.
    #[error("unknown rule `{0}`")]
    UnknownRule(String),
    /// A level that is not `allow`, `info`, `warning` or `error`.
    #[error("rule `{rule}`: {error}")]
    Level {
        /// The rule.
        rule: String,
        /// What is wrong with the level.
        error: crate::diagnostics::UnknownLevel,
    },
    /// `now` is not a date/time.
    #[error("`now` is not an RFC 3339 date/time: `{0}`")]
    Now(String),
    /// `trust` is not `date` or `epoch`.
    #[error("`trust` must be `date` or `epoch`, not `{0}`")]
    Trust(String),
}

/// Per-rule levels and the settings some rules need.
///
/// The file form (`newspost.toml`, see `docs/rules.md`):
///
/// ```
/// let config = newspost::LintConfig::from_toml(r#"
/// now = "2026-01-01T00:00:00Z"   # date-in-future compares with this, not the clock
/// trust = "date"                 # --fix may rewrite the epoch comment from `date`
/// include = ["_posts/**", "archived/**"]   # which files below a directory are posts
/// exclude = ["drafts"]                     # and which are not
///
/// [rules]
/// url-relative = "allow"
/// date-no-timezone = "error"
/// "#)?;
/// assert_eq!(config.level("url-relative"), newspost::RuleLevel::Allow);
/// assert_eq!(config.level("body-empty"), newspost::RuleLevel::Report(newspost::Level::Error));
/// assert_eq!(config.exclude, ["drafts"]);
/// # Ok::<(), newspost::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LintConfig {
    /// Levels that differ from the rules' defaults, by rule name.
    pub levels: BTreeMap<String, RuleLevel>,
    /// "Now" for `date-in-future`; the clock when `None`.
    pub now: Option<DateTime<Utc>>,
    /// Which side of an `epoch-mismatch` the fixes trust; no fix when `None`.
    pub trust: Option<Trust>,
    /// Globs of the files below a directory that count as posts, replacing the command
    /// line's default (`include = ["_posts/**", "archived/**"]`); relative to the
    /// configuration file's directory. The linter itself reads no directory: this is for
    /// the programs that walk them, such as the `newspost` command.
    pub include: Vec<String>,
    /// Globs of files and folders below a directory that are not posts
    /// (`exclude = ["drafts", "**/index.md"]`), skipped on top of the default.
    pub exclude: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    now: Option<toml::Value>,
    trust: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    /// The parser's furniture rules ([`FurnitureRules::from_toml`] reads them); checked
    /// here so that a mistake in them is reported by the linter too.
    furniture: Option<toml::Value>,
}

impl LintConfig {
    /// The defaults: every rule at its default level, the clock as "now", no trust.
    pub fn new() -> Self {
        Self::default()
    }

    /// This configuration with a fixed "now" for `date-in-future`.
    ///
    /// ```
    /// let now = newspost::parse_now("2026-01-01T00:00:00Z")?;
    /// let config = newspost::LintConfig::new().with_now(now);
    /// assert_eq!(config.now, Some(now));
    /// # Ok::<(), newspost::ConfigError>(())
    /// ```
    pub fn with_now(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    /// This configuration trusting one side of an `epoch-mismatch` for fixes.
    pub fn with_trust(mut self, trust: Trust) -> Self {
        self.trust = Some(trust);
        self
    }

    /// Reads the TOML form.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        if file.furniture.is_some() {
            FurnitureRules::from_toml(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        }
        let mut config = LintConfig {
            include: file.include,
            exclude: file.exclude,
            ..LintConfig::default()
        };
        for (rule, level) in file.rules {
            let level = level.parse().map_err(|error| ConfigError::Level {
                rule: rule.clone(),
                error,
            })?;
            config.set_level(&rule, level)?;
        }
        if let Some(now) = file.now {
            let text = match now {
                toml::Value::String(s) => s,
                other => other.to_string(),
            };
            config.now = Some(parse_now(&text)?);
        }
        if let Some(trust) = file.trust {
            config.trust = Some(trust.parse()?);
        }
        Ok(config)
    }

    /// Reads a configuration file.
    pub fn from_path(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::Toml(format!("{}: {e}", path.display())))?;
        Self::from_toml(&text).map_err(|e| match e {
            ConfigError::Toml(message) => {
                ConfigError::Toml(format!("{}: {message}", path.display()))
            }
            other => other,
        })
    }

    /// Sets a rule's level; fails for a name no rule has.
    pub fn set_level(&mut self, rule: &str, level: RuleLevel) -> Result<(), ConfigError> {
        if registry::find(rule).is_none() {
            return Err(ConfigError::UnknownRule(rule.to_owned()));
        }
        self.levels.insert(rule.to_owned(), level);
        Ok(())
    }

    /// The level a rule runs at: its override, else its default (`allow` for an unknown
    /// name).
    pub fn level(&self, rule: &str) -> RuleLevel {
        match self.levels.get(rule) {
            Some(level) => *level,
            None => registry::find(rule).map_or(RuleLevel::Allow, |r| {
                RuleLevel::Report(r.meta().default_level)
            }),
        }
    }
}

/// Parses a "now": RFC 3339, or any form `date` accepts (read as UTC without an offset).
pub fn parse_now(text: &str) -> Result<DateTime<Utc>, ConfigError> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(dt.with_timezone(&Utc));
    }
    PostDate::parse(text)
        .map(|d| d.instant())
        .map_err(|_| ConfigError::Now(text.to_owned()))
}

/// The configuration file that applies to `path`: `newspost.toml` in the directory (or
/// the file's directory), else in the nearest ancestor that has one. The search stops at
/// the root of the repository (a directory holding `.git`): a `newspost.toml` above it,
/// in `/tmp` or a home directory, is never read. A file that another user owns in a
/// directory anyone may write to (such as `/tmp`) is skipped too, as is a file
/// anyone may write to: someone else could have planted it.
pub fn find_config_file(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    for dir in start.ancestors() {
        let candidate = dir.join(CONFIG_FILE_NAME);
        if candidate.is_file() && trusted(dir, &candidate) {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Whether the configuration file `file` in `dir` may be read: not writable by anyone,
/// and not another user's in a directory anyone may write to.
#[cfg(unix)]
fn trusted(dir: &Path, file: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Ok(dir_meta)) = (std::fs::metadata(file), std::fs::metadata(dir)) else {
        return false;
    };
    let world_writable = |mode: u32| mode & 0o002 != 0;
    if world_writable(meta.mode()) {
        return false;
    }
    own_uid() == Some(meta.uid()) || !world_writable(dir_meta.mode())
}

#[cfg(not(unix))]
fn trusted(_: &Path, _: &Path) -> bool {
    true
}

/// The process's user id, as the owner of a file it creates (std has no `getuid`).
#[cfg(unix)]
fn own_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    static UID: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *UID.get_or_init(|| {
        // /proc/self is owned by the process's user on Linux; elsewhere, a file it makes.
        if let Ok(meta) = std::fs::metadata("/proc/self") {
            return Some(meta.uid());
        }
        tempfile_owner_probe()
    })
}

/// The owner of a file this process creates in the temporary directory (removed again).
#[cfg(unix)]
fn tempfile_owner_probe() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let path = std::env::temp_dir().join(format!(".newspost-uid-{}", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .ok()?;
    let uid = file.metadata().ok().map(|m| m.uid());
    let _ = std::fs::remove_file(&path);
    uid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Level;

    #[test]
    fn levels_now_and_trust_are_read() {
        let config = LintConfig::from_toml(
            "now = 2026-01-02T03:04:05Z\ntrust = \"epoch\"\n[rules]\nbody-empty = \"warn\"\nurl-relative = \"off\"\n",
        );
        let Ok(config) = config else {
            panic!("{config:?}");
        };
        assert_eq!(
            config.level("body-empty"),
            RuleLevel::Report(Level::Warning)
        );
        assert_eq!(config.level("url-relative"), RuleLevel::Allow);
        assert_eq!(config.level("url-invalid"), RuleLevel::Report(Level::Error));
        assert_eq!(config.now.map(|n| n.timestamp()), Some(1_767_323_045));
        assert_eq!(config.trust, Some(Trust::Epoch));
    }

    #[test]
    fn mistakes_are_errors_that_say_what_is_wrong() {
        assert_eq!(
            LintConfig::from_toml("[rules]\nno-such-rule = \"warn\"\n"),
            Err(ConfigError::UnknownRule("no-such-rule".into()))
        );
        assert!(matches!(
            LintConfig::from_toml("[rules]\nbody-empty = \"loud\"\n"),
            Err(ConfigError::Level { .. })
        ));
        assert!(matches!(
            LintConfig::from_toml("now = \"tomorrow\"\n"),
            Err(ConfigError::Now(_))
        ));
        let Err(ConfigError::Toml(message)) = LintConfig::from_toml("colour = 1\n") else {
            panic!("unknown key accepted");
        };
        assert!(message.contains("line 1"), "{message}");
    }

    #[test]
    fn the_config_file_is_found_in_an_ancestor() {
        let Ok(dir) = tempfile::tempdir() else {
            return;
        };
        let posts = dir.path().join("_posts");
        std::fs::create_dir_all(&posts).ok();
        std::fs::write(dir.path().join(CONFIG_FILE_NAME), "").ok();
        let found = find_config_file(&posts.join("x.md"));
        assert_eq!(
            found.and_then(|p| p.file_name().map(|n| n.to_owned())),
            Some(CONFIG_FILE_NAME.into())
        );
    }
}
