//! Which files below a directory count as posts: the default, and the `include` /
//! `exclude` globs of `newspost.toml`.
//!
//! By default every `*.md` / `*.markdown` file counts, except
//! - what lies in hidden directories (`.git`, `.github`…), in Jekyll's own folders
//!   (`_site`, `_layouts`, `_includes`, `_sass`, `_data`, `_plugins`) and in dependency
//!   folders (`vendor`, `node_modules`);
//! - a repository's documents (`README`, `CHANGELOG`, `CONTRIBUTING`, `LICENSE`,
//!   `CODE_OF_CONDUCT`, `SECURITY`, `AUTHORS`, any case);
//! - pages at the root of a Jekyll site (the files beside its `_config.yml`: `index.md`,
//!   `about.md`), as posts live in `_posts/` and folders below the root.
//!
//! `include` globs replace the default set of files (the skipped folders stay skipped);
//! `exclude` globs skip more. Globs are matched against the path relative to the
//! directory of `newspost.toml`, with `/` as separator: `*` stays within one name, `**`
//! crosses folders, and a glob without `/` matches a name at any depth. A file named on
//! the command line is always taken, unless `--force-exclude` holds it to the same rules
//! (for lists of changed files).

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use newspost::archive::{is_post_name, PostFilter};
use newspost::LintConfig;

/// Folder names never walked into.
const SKIPPED_DIRS: &[&str] = &[
    "_site",
    "_layouts",
    "_includes",
    "_sass",
    "_data",
    "_plugins",
    "vendor",
    "node_modules",
];

/// File stems of a repository's documents, compared without case.
const DOCUMENTS: &[&str] = &[
    "readme",
    "changelog",
    "contributing",
    "license",
    "code_of_conduct",
    "security",
    "authors",
];

/// A [`Selection`] as the walk's filter: post names the selection takes, folders it does
/// not skip, and with `force` files given by name held to it too.
pub struct Selected<'a> {
    pub selection: &'a Selection,
    pub force: bool,
}

impl PostFilter for Selected<'_> {
    /// Whether the directory is a Jekyll site's root.
    type Dir = bool;

    fn open_dir(&self, dir: &Path) -> bool {
        Selection::is_site_root(dir)
    }

    fn enters(&self, path: &Path, name: &OsStr) -> bool {
        !self.selection.skips_dir(path, name)
    }

    fn takes(&self, site_root: &bool, path: &Path, name: &OsStr) -> bool {
        is_post_name(name) && self.selection.takes_file(path, name, *site_root)
    }

    fn takes_named(&self, path: &Path) -> bool {
        !self.force || self.selection.selects_named(path)
    }
}

/// The files a lint run takes below the directories it is given.
pub struct Selection {
    /// The directory globs are relative to, as written and resolved.
    base: Vec<PathBuf>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    cwd: PathBuf,
}

impl Selection {
    /// The selection of `config`, whose globs are relative to `config_file`'s directory
    /// (the working directory without a file).
    pub fn new(config: &LintConfig, config_file: Option<&Path>) -> Result<Selection, String> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir = match config_file.and_then(Path::parent) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let lexical = absolute(&cwd, &dir);
        let mut base = vec![lexical.clone()];
        if let Ok(resolved) = std::fs::canonicalize(&lexical) {
            if resolved != lexical {
                base.push(resolved);
            }
        }
        let where_ = config_file.map_or_else(String::new, |f| format!("{}: ", f.display()));
        let build = |globs: &[String], is_exclude: bool| -> Result<Option<GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut set = GlobSetBuilder::new();
            for glob in globs {
                let pattern = glob.trim_start_matches("./");
                let mut patterns = vec![if pattern.contains('/') {
                    pattern.to_owned()
                } else {
                    format!("**/{pattern}")
                }];
                if is_exclude {
                    // An excluded folder takes what is below it.
                    patterns.push(format!("{}/**", patterns[0].trim_end_matches('/')));
                }
                for pattern in patterns {
                    let compiled = GlobBuilder::new(&pattern)
                        .literal_separator(true)
                        .build()
                        .map_err(|e| format!("{where_}bad glob `{glob}`: {e}"))?;
                    set.add(compiled);
                }
            }
            set.build()
                .map(Some)
                .map_err(|e| format!("{where_}bad globs: {e}"))
        };
        Ok(Selection {
            base,
            include: build(&config.include, false)?,
            exclude: build(&config.exclude, true)?,
            cwd,
        })
    }

    /// Whether `dir` is a Jekyll site's root (it holds `_config.yml` or `_config.toml`).
    pub fn is_site_root(dir: &Path) -> bool {
        dir.join("_config.yml").is_file() || dir.join("_config.toml").is_file()
    }

    /// Whether the walk skips the folder at `path`.
    pub fn skips_dir(&self, path: &Path, name: &OsStr) -> bool {
        let name = name.to_string_lossy();
        name.starts_with('.')
            || SKIPPED_DIRS.contains(&name.as_ref())
            || self
                .exclude
                .as_ref()
                .is_some_and(|set| set.is_match(self.relative(path)))
    }

    /// Whether the post-named file at `path` counts; `in_site_root`: it lies beside a
    /// Jekyll site's `_config.yml`.
    pub fn takes_file(&self, path: &Path, name: &OsStr, in_site_root: bool) -> bool {
        let globbed = self.include.is_some() || self.exclude.is_some();
        let relative = if globbed {
            self.relative(path)
        } else {
            String::new()
        };
        if self
            .exclude
            .as_ref()
            .is_some_and(|set| set.is_match(&relative))
        {
            return false;
        }
        if let Some(include) = &self.include {
            return include.is_match(&relative);
        }
        let name = name.to_string_lossy();
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_ref(), |(stem, _)| stem);
        !name.starts_with('.')
            && !DOCUMENTS.iter().any(|d| stem.eq_ignore_ascii_case(d))
            && !in_site_root
    }

    /// Whether a file named on the command line is a post the walk would have taken: a
    /// post's name, in no skipped folder, selected by the globs (`--force-exclude`).
    pub fn selects_named(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        if !is_post_name(name) {
            return false;
        }
        // Folders between the working directory (or the globs' one) and the file; those
        // above it are the user's business (a temporary directory may be hidden).
        let full = absolute(&self.cwd, path);
        let inner = std::iter::once(&self.cwd)
            .chain(&self.base)
            .find_map(|top| full.strip_prefix(top).ok().map(|rest| (top, rest)));
        if let Some((top, rest)) = inner {
            let mut dir = top.clone();
            for part in rest.parent().into_iter().flat_map(Path::components) {
                dir.push(part);
                if let Component::Normal(part) = part {
                    if self.skips_dir(&dir, part) {
                        return false;
                    }
                }
            }
        }
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        self.takes_file(path, name, Selection::is_site_root(parent))
    }

    /// `path` relative to the globs' directory, with `/` separators.
    fn relative(&self, path: &Path) -> String {
        let full = absolute(&self.cwd, path);
        let shown = self
            .base
            .iter()
            .find_map(|base| full.strip_prefix(base).ok())
            .unwrap_or(&full);
        let parts: Vec<String> = shown
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        parts.join("/")
    }
}

/// `path` made absolute against `cwd`, `.` and `..` resolved by name.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(include: &[&str], exclude: &[&str]) -> LintConfig {
        let list = |globs: &[&str]| {
            globs
                .iter()
                .map(|g| format!("{g:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text = format!(
            "include = [{}]\nexclude = [{}]\n",
            list(include),
            list(exclude)
        );
        LintConfig::from_toml(&text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn takes(selection: &Selection, dir: &Path, relative: &str) -> bool {
        let path = dir.join(relative);
        let name = path.file_name().unwrap_or_default().to_owned();
        let mut parent = path.parent();
        while let Some(p) = parent {
            if p == dir {
                break;
            }
            if selection.skips_dir(p, p.file_name().unwrap_or_default()) {
                return false;
            }
            parent = p.parent();
        }
        selection.takes_file(&path, &name, false)
    }

    #[test]
    fn by_default_documents_hidden_and_vendor_folders_are_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let selection = Selection::new(&LintConfig::default(), None).expect("selection");
        for (path, taken) in [
            ("_posts/2024-07-03-a.md", true),
            ("archived/2020-08-05/x.md", true),
            ("README.md", false),
            ("docs/Changelog.markdown", false),
            ("vendor/bundle/gems/x/README.md", false),
            ("vendor/x/post.md", false),
            (".github/ISSUE.md", false),
            ("_site/2024/a.md", false),
            ("中文/故事.md", true),
        ] {
            assert_eq!(takes(&selection, dir.path(), path), taken, "{path}");
        }
    }

    #[test]
    fn include_replaces_the_default_and_exclude_skips_more() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config_file = dir.path().join("newspost.toml");
        let selection = Selection::new(
            &config(
                &["_posts/**/*.md", "archived/**"],
                &["drafts", "archived/nei.st/*.md"],
            ),
            Some(&config_file),
        )
        .expect("selection");
        for (path, taken) in [
            ("_posts/2024-07-03-a.md", true),
            ("_posts/2024/07/a.md", true),
            ("archived/2020-08-05/x.md", true),
            ("archived/nei.st/y.md", false),
            ("_posts/drafts/z.md", false),
            ("about.md", false),
            ("other/_posts/a.md", false),
        ] {
            assert_eq!(takes(&selection, dir.path(), path), taken, "{path}");
        }
    }

    #[test]
    fn a_bad_glob_names_the_file_and_the_glob() {
        let error = Selection::new(&config(&["a/[b"], &[]), Some(Path::new("x/newspost.toml")))
            .err()
            .unwrap_or_default();
        assert!(
            error.contains("x/newspost.toml") && error.contains("a/[b"),
            "{error}"
        );
    }
}
