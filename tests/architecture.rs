//! The layer check: every module of the library imports only from its own layer or from
//! the layers below it, never in a circle, and never through the crate root's re-exports.
//!
//! The layers are the `layers` block of `docs/architecture.md`, lowest first. This test
//! reads that list and every `src/**/*.rs` file, finds every path a file writes into the
//! crate, and checks each one against the list:
//!
//! - `use` items in every form (`pub use`, `pub(crate) use`, `#[cfg(..)] use`, groups
//!   over several lines, nested braces, `self`, `as`, `*`), and paths written in code
//!   (`crate::parse::x(..)`, `super::super::Y`, `child_module::f(..)`, and names a `use`
//!   brought in: `xhtml::text(..)` after `use super::xhtml;`, `rule::X` after a glob);
//! - comments, doc comments, string and character literals are blanked out first, so a
//!   path written in prose or in a doctest is not an import;
//! - a path names the module file it leads into: `crate::parse::split::last_link_split`
//!   is `src/parse/split.rs`, `super::Rule` written in `src/lint/rules/x.rs` is
//!   `src/lint/rules/mod.rs`; an inline `mod tests { .. }` is part of its file.
//!
//! It fails on (a) an import running up the layers, (b) a circle of imports between
//! files, (c) an import through the crate root (`use crate::Post`: import from the module
//! that defines the item), (d) a module file in no layer. A failure names the file and
//! line; `docs/architecture.md` says what to do about each.
//!
//! Test code (`#[cfg(test)] mod tests`, inline or in a file of its own) counts as part of
//! its module for the layers: a test follows the same order as the code it tests. It is
//! left out of the circles: a unit's test may drive it through its own layer's entry
//! point (a walker test parses HTML with `parse_body`, which calls the walker; a rule's
//! test runs the whole `Linter`, which runs the rule), a circle that exists only in the
//! test build and does not tangle the library's modules. The binaries under `src/bin/`
//! are crates of their own, which reach the library only as `newspost::`, so they are
//! not read.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::Path;

/// A module's path from the crate root: `["parse", "html"]`; the root itself is empty.
type ModulePath = Vec<String>;

// ------------------------------------------------------------------------------------
// The layer list
// ------------------------------------------------------------------------------------

/// One layer of the list: its name and the modules in it.
#[derive(Debug)]
struct Layer {
    name: String,
    /// Each takes its module and every module below it, unless a longer entry (of this
    /// layer or another) names that module; the entry `crate` is the crate root alone.
    modules: Vec<ModulePath>,
}

/// An import that runs up the layers and is allowed anyway, with the reason.
#[derive(Debug)]
struct Exception {
    /// The importing module (and the modules below it).
    from: ModulePath,
    /// The imported module (and the modules below it).
    to: ModulePath,
    reason: String,
}

/// The `layers` block of `docs/architecture.md`.
#[derive(Debug)]
struct LayerList {
    /// Lowest first.
    layers: Vec<Layer>,
    exceptions: Vec<Exception>,
}

/// Reads the list from the first fenced block whose info string is `layers`: one layer a
/// line, `name: module module ..`, lowest first; `except from -> to: reason` lines allow
/// one upward import each; `#` starts a comment.
fn parse_layer_list(markdown: &str) -> Result<LayerList, String> {
    let mut lines = markdown.lines().enumerate();
    lines
        .by_ref()
        .find(|(_, line)| line.trim() == "```layers")
        .ok_or("no ```layers block")?;
    let mut list = LayerList {
        layers: Vec::new(),
        exceptions: Vec::new(),
    };
    let mut seen = BTreeSet::new();
    for (number, line) in lines {
        let at = format!("docs/architecture.md:{}", number + 1);
        let line = line.split('#').next().unwrap_or_default().trim();
        if line == "```" {
            return Ok(list);
        }
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("except ") {
            let (edge, reason) = rest
                .split_once(':')
                .ok_or(format!("{at}: `except from -> to: reason`"))?;
            let (from, to) = edge
                .split_once("->")
                .ok_or(format!("{at}: `except from -> to: reason`"))?;
            if reason.trim().is_empty() {
                return Err(format!("{at}: an exception needs a reason"));
            }
            list.exceptions.push(Exception {
                from: module_path(from.trim()),
                to: module_path(to.trim()),
                reason: reason.trim().to_owned(),
            });
            continue;
        }
        let (name, modules) = line
            .split_once(':')
            .ok_or(format!("{at}: `layer: module module ..`"))?;
        let modules: Vec<ModulePath> = modules.split_whitespace().map(module_path).collect();
        for module in &modules {
            if !seen.insert(module.clone()) {
                return Err(format!("{at}: `{}` is listed twice", module.join("::")));
            }
        }
        list.layers.push(Layer {
            name: name.trim().to_owned(),
            modules,
        });
    }
    Err("the ```layers block is not closed".to_owned())
}

/// `parse::html` → `["parse", "html"]`; `crate` → the root.
fn module_path(written: &str) -> ModulePath {
    written
        .split("::")
        .filter(|segment| *segment != "crate")
        .map(str::to_owned)
        .collect()
}

/// Whether a list entry takes `module`: the entry itself or a module below it (the root
/// entry takes only the root).
fn entry_takes(entry: &[String], module: &[String]) -> bool {
    if entry.is_empty() {
        module.is_empty()
    } else {
        module.starts_with(entry)
    }
}

impl LayerList {
    /// The index (0 = lowest) and name of the layer `module` is in: the one with the
    /// longest entry that takes it.
    fn layer_of(&self, module: &[String]) -> Option<(usize, &str)> {
        self.layers
            .iter()
            .enumerate()
            .flat_map(|(rank, layer)| layer.modules.iter().map(move |m| (rank, layer, m)))
            .filter(|(_, _, entry)| entry_takes(entry, module))
            .max_by_key(|(_, _, entry)| entry.len())
            .map(|(rank, layer, _)| (rank, layer.name.as_str()))
    }

    /// The exception that allows an import from `from` into `to`, if any.
    fn exception_for(&self, from: &[String], to: &[String]) -> Option<usize> {
        self.exceptions
            .iter()
            .position(|e| entry_takes(&e.from, from) && entry_takes(&e.to, to))
    }
}

// ------------------------------------------------------------------------------------
// Reading the sources
// ------------------------------------------------------------------------------------

/// One module file of the library.
#[derive(Debug)]
struct SourceFile {
    /// `src/parse/split.rs`.
    path: String,
    module: ModulePath,
    /// The text with comments and literals blanked out (lines kept).
    code: String,
}

impl SourceFile {
    /// `path` is relative to the crate (`src/...`).
    fn new(path: &str, text: &str) -> Self {
        SourceFile {
            path: path.to_owned(),
            module: module_of_file(path),
            code: blank_comments_and_literals(text),
        }
    }
}

/// `src/lib.rs` → the root, `src/a/b.rs` and `src/a/b/mod.rs` → `a::b`.
fn module_of_file(path: &str) -> ModulePath {
    let inside = path.strip_prefix("src/").unwrap_or(path);
    let inside = inside.strip_suffix(".rs").unwrap_or(inside);
    let mut module: ModulePath = inside.split('/').map(str::to_owned).collect();
    if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
        module.pop();
    }
    module
}

/// Every `.rs` file under `src/` but the binaries' (`src/bin/`), sorted by path.
fn read_sources(crate_dir: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    let mut dirs = vec![crate_dir.join("src")];
    while let Some(dir) = dirs.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() && !path.ends_with("src/bin") {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text =
                fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let relative = path.strip_prefix(crate_dir).expect("under the crate");
            SourceFile::new(&relative.to_string_lossy().replace('\\', "/"), &text)
        })
        .collect()
}

/// The source with every comment (doc comments too), string, raw string and character
/// literal replaced by spaces, newlines kept, so what is left is code on its own lines.
fn blank_comments_and_literals(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            // Block comments nest.
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_hashes(&chars, i) {
            // r"..", r#".."#, br#".."#: no escapes, ends at a quote and as many hashes.
            let open = i + 1 + hashes;
            out.extend(&chars[i..=open]);
            i = open + 1;
            let closes = |i: usize| at(i) == '"' && (1..=hashes).all(|h| at(i + h) == '#');
            while i < chars.len() && !closes(i) {
                out.push(blank(chars[i]));
                i += 1;
            }
            out.extend(
                chars
                    .get(i..(i + 1 + hashes).min(chars.len()))
                    .unwrap_or(&[]),
            );
            i += 1 + hashes;
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&escaped) = chars.get(i) {
                    out.push(blank(escaped));
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A character literal ('x', '\n', '\'', '\u{..}'); a lone quote is a lifetime.
            let mut end = if at(i + 1) == '\\' { i + 3 } else { i + 2 };
            while end < chars.len() && chars[end] != '\'' {
                end += 1;
            }
            for _ in i..=end.min(chars.len() - 1) {
                out.push(' ');
            }
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// When a raw string (`r"`, `r#"`, `br##"`..) starts at `i`, how many `#` it has.
fn raw_string_hashes(chars: &[char], i: usize) -> Option<usize> {
    let is_ident = |c: &char| c.is_alphanumeric() || *c == '_';
    let before = |back: usize| i.checked_sub(back).and_then(|j| chars.get(j));
    let starts_word = match before(1) {
        None => true,
        Some('b' | 'c') => !before(2).is_some_and(is_ident),
        Some(c) => !is_ident(c),
    };
    if chars.get(i) != Some(&'r') || !starts_word {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

// ------------------------------------------------------------------------------------
// The paths a file writes
// ------------------------------------------------------------------------------------

/// A token of blanked code: what the path reader needs, and the line it is on.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

fn tokens(code: &str) -> Vec<(Token, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if c.is_whitespace() {
        } else if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&next) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(next);
                chars.next();
            }
            out.push((Token::Ident(word), line));
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push((Token::PathSep, line));
        } else {
            out.push((Token::Punct(c), line));
        }
    }
    out
}

/// A path written in a file, as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    /// `["super", "context", "Context"]`, `["crate", "parse", "split", "last_link_split"]`.
    segments: Vec<String>,
    line: usize,
    /// The module the path is written in: the file's, or an inline module's in it.
    module: ModulePath,
    /// For a path of a `use` item, the name it brings into scope (its last segment, or
    /// the name after `as`); `*` for a glob.
    binds: Option<String>,
}

impl Reference {
    fn written(&self) -> String {
        self.segments.join("::")
    }
}

/// What a file declares and writes.
#[derive(Debug, Default)]
struct FileContents {
    /// Every path of two or more segments, in `use` items and in code.
    references: Vec<Reference>,
    /// The modules declared inline (`mod name { .. }`).
    inline_modules: Vec<ModulePath>,
    /// The modules declared `#[cfg(test)]`, inline or in a file of their own.
    test_modules: Vec<ModulePath>,
}

/// Reads the paths a file writes and the modules it declares.
fn read_file(file: &SourceFile) -> FileContents {
    let tokens = tokens(&file.code);
    let token = |i: usize| tokens.get(i).map(|(t, _)| t);
    let is = |i: usize, want: &Token| token(i) == Some(want);
    let mut found = FileContents::default();
    // The inline modules we are in, each with the brace depth outside it.
    let mut open_modules: Vec<(String, usize)> = Vec::new();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some((current, line)) = tokens.get(i) {
        let module = || {
            let mut module = file.module.clone();
            module.extend(open_modules.iter().map(|(name, _)| name.clone()));
            module
        };
        match current {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                if open_modules
                    .last()
                    .is_some_and(|(_, outside)| *outside == depth)
                {
                    open_modules.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let Some(Token::Ident(name)) = token(i + 1) {
                    let mut declared = module();
                    declared.push(name.clone());
                    if is_cfg_test(&tokens, i) {
                        found.test_modules.push(declared.clone());
                    }
                    if is(i + 2, &Token::Punct('{')) {
                        found.inline_modules.push(declared);
                        open_modules.push((name.clone(), depth));
                    }
                    i += 1;
                }
            }
            Token::Ident(word) if word == "use" => {
                let mut paths = Vec::new();
                i += 1;
                read_use_tree(&tokens, &mut i, &[], &mut paths);
                let module = module();
                found
                    .references
                    .extend(paths.into_iter().filter(|(s, _, _)| s.len() > 1).map(
                        |(segments, line, binds)| Reference {
                            segments,
                            line,
                            module: module.clone(),
                            binds: Some(binds),
                        },
                    ));
                continue;
            }
            Token::Ident(first) => {
                let continues_a_path =
                    i > 0 && (is(i - 1, &Token::PathSep) || is(i - 1, &Token::Punct('$')));
                let mut segments = vec![first.clone()];
                let mut next = i + 1;
                while is(next, &Token::PathSep) {
                    let Some(Token::Ident(segment)) = token(next + 1) else {
                        break;
                    };
                    segments.push(segment.clone());
                    next += 2;
                }
                if !continues_a_path && segments.len() > 1 {
                    found.references.push(Reference {
                        segments,
                        line: *line,
                        module: module(),
                        binds: None,
                    });
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether the `mod` at `at` has a `#[cfg(test)]` (or `#[cfg(all(test, ..))]`) attribute.
fn is_cfg_test(tokens: &[(Token, usize)], at: usize) -> bool {
    let token = |i: usize| tokens.get(i).map(|(t, _)| t);
    let ident = |i: usize, word: &str| matches!(token(i), Some(Token::Ident(w)) if w == word);
    let mut start = at;
    // Step back over the visibility: `pub`, `pub(crate)`, `pub(super)`.
    if start >= 4 && token(start - 1) == Some(&Token::Punct(')')) && ident(start - 4, "pub") {
        start -= 4;
    } else if start >= 1 && ident(start - 1, "pub") {
        start -= 1;
    }
    // Then over each `#[..]`, innermost last.
    while start >= 3 && token(start - 1) == Some(&Token::Punct(']')) {
        let mut depth = 0;
        let mut open = start - 1;
        loop {
            match token(open) {
                Some(Token::Punct(']')) => depth += 1,
                Some(Token::Punct('[')) => depth -= 1,
                _ => {}
            }
            if depth == 0 || open == 0 {
                break;
            }
            open -= 1;
        }
        if open == 0 || token(open - 1) != Some(&Token::Punct('#')) {
            return false;
        }
        let inside = open + 1..start - 1;
        if ident(open + 1, "cfg")
            && inside.clone().any(|i| ident(i, "test"))
            && !inside.clone().any(|i| ident(i, "not"))
        {
            return true;
        }
        start = open - 1;
    }
    false
}

/// Reads the use tree at `*at` (after `use`, or inside a group) and adds each path it
/// names to `out`, with the line of its last segment and the name it binds: `a::{b, c::{self, D}}` names
/// `a::b`, `a::c` and `a::c::D`. Stops after the tree (before `,`, `}` or `;`).
fn read_use_tree(
    tokens: &[(Token, usize)],
    at: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, usize, String)>,
) {
    let token = |i: usize| tokens.get(i).map(|(t, _)| t);
    let mut path = prefix.to_vec();
    let mut line = tokens.get(*at).map_or(0, |(_, line)| *line);
    if token(*at) == Some(&Token::PathSep) {
        // `use ::name` is another crate's.
        path.push("::".to_owned());
        *at += 1;
    }
    loop {
        match token(*at) {
            Some(Token::Ident(segment)) => {
                path.push(segment.clone());
                line = tokens[*at].1;
                *at += 1;
                if token(*at) == Some(&Token::PathSep) {
                    *at += 1;
                    continue;
                }
                break;
            }
            Some(Token::Punct('*')) => {
                path.push("*".to_owned());
                *at += 1;
                break;
            }
            Some(Token::Punct('{')) => {
                *at += 1;
                while !matches!(token(*at), None | Some(Token::Punct('}'))) {
                    let before = *at;
                    read_use_tree(tokens, at, &path, out);
                    if token(*at) == Some(&Token::Punct(',')) {
                        *at += 1;
                    } else if *at == before {
                        *at += 1; // Not a use tree: step over it.
                    }
                }
                *at += 1;
                return;
            }
            _ => break,
        }
    }
    // `a::{self}` is `a`.
    if path.len() > 1 && path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    let mut binds = path.last().cloned().unwrap_or_default();
    if token(*at) == Some(&Token::Ident("as".to_owned())) {
        if let Some(Token::Ident(name)) = token(*at + 1) {
            binds = name.clone();
        }
        *at += 2;
    }
    out.push((path, line, binds));
}

// ------------------------------------------------------------------------------------
// Where a path leads
// ------------------------------------------------------------------------------------

/// Every module of the crate and the file it is in (inline modules are in their file).
type ModuleFiles = BTreeMap<ModulePath, String>;

/// The names `use` items bring into each module's scope, and the paths they stand for:
/// after `use super::xhtml;`, `xhtml::text(..)` is `convert::epub::xhtml::text`.
type NamesInScope = BTreeMap<ModulePath, BTreeMap<String, ModulePath>>;

/// The crate paths every `use` item binds (a glob binds the modules it reaches).
fn names_in_scope(references: &[&Reference], modules: &ModuleFiles) -> NamesInScope {
    let mut names = NamesInScope::new();
    for reference in references {
        let Some(binds) = &reference.binds else {
            continue;
        };
        let Some(absolute) = absolute_path(reference, modules, &NamesInScope::new()) else {
            continue;
        };
        let scope = names.entry(reference.module.clone()).or_default();
        if binds == "*" {
            let glob = &absolute[..absolute.len() - 1];
            for module in modules.keys() {
                if module.len() == glob.len() + 1 && module.starts_with(glob) {
                    scope.insert(module[glob.len()].clone(), module.clone());
                }
            }
        } else if binds != "_" {
            scope.insert(binds.clone(), absolute);
        }
    }
    names
}

/// What a path names.
#[derive(Debug, PartialEq)]
enum Target {
    /// An item or module in this module file.
    File(String),
    /// An item of the crate root that is not a module: a re-export of `lib.rs`.
    ThroughRoot(String),
    /// Not the crate (`std::..`, another crate, a type's associated item).
    Outside,
}

/// The file a path leads into: the longest module path it starts with.
fn resolve(reference: &Reference, modules: &ModuleFiles, names: &NamesInScope) -> Target {
    let Some(absolute) = absolute_path(reference, modules, names) else {
        return Target::Outside;
    };
    let longest = (0..=absolute.len())
        .rev()
        .find_map(|n| modules.get(&absolute[..n]).map(|file| (n, file)));
    match longest {
        Some((0, _)) if !absolute.is_empty() => Target::ThroughRoot(absolute[0].clone()),
        Some((_, file)) => Target::File(file.clone()),
        None => Target::Outside,
    }
}

/// The path from the crate root, or `None` when it does not start in the crate.
fn absolute_path(
    reference: &Reference,
    modules: &ModuleFiles,
    names: &NamesInScope,
) -> Option<ModulePath> {
    let segments = &reference.segments;
    let first = segments.first()?;
    let (mut absolute, rest) = match first.as_str() {
        "crate" => (Vec::new(), &segments[1..]),
        "self" => (reference.module.clone(), &segments[1..]),
        "super" => {
            let mut base = reference.module.clone();
            let supers = segments.iter().take_while(|s| *s == "super").count();
            for _ in 0..supers {
                base.pop()?;
            }
            (base, &segments[supers..])
        }
        name => {
            // A path may start with a module declared in the module it is written in, or
            // with a name a `use` item brought in.
            let mut child = reference.module.clone();
            child.push(name.to_owned());
            if modules.contains_key(&child) {
                (reference.module.clone(), &segments[..])
            } else {
                let named = names.get(&reference.module)?.get(name)?;
                (named.clone(), &segments[1..])
            }
        }
    };
    absolute.extend(rest.iter().cloned());
    Some(absolute)
}

// ------------------------------------------------------------------------------------
// The checks
// ------------------------------------------------------------------------------------

/// One import between two files: the first place `from` writes a path into `to`.
#[derive(Debug, Clone)]
struct Import {
    from: String,
    to: String,
    line: usize,
    written: String,
}

/// Every problem of `files` against `list`, each a line naming the file and line.
fn check(files: &[SourceFile], list: &LayerList) -> Vec<String> {
    let mut problems = Vec::new();
    let mut modules: ModuleFiles = files
        .iter()
        .map(|f| (f.module.clone(), f.path.clone()))
        .collect();
    let mut written = Vec::new();
    let mut test_modules = BTreeSet::new();
    for file in files {
        let contents = read_file(file);
        for module in contents.inline_modules {
            modules.entry(module).or_insert_with(|| file.path.clone());
        }
        test_modules.extend(contents.test_modules);
        written.push((file, contents.references));
    }
    let in_test = |module: &[String]| test_modules.iter().any(|t| module.starts_with(t));
    let all: Vec<&Reference> = written.iter().flat_map(|(_, refs)| refs).collect();
    let names = names_in_scope(&all, &modules);
    let module_of: BTreeMap<&str, &ModulePath> =
        files.iter().map(|f| (f.path.as_str(), &f.module)).collect();

    problems.extend(modules_in_no_layer(files, list));

    let mut imports: BTreeMap<(String, String), Import> = BTreeMap::new();
    let mut used_exceptions = BTreeSet::new();
    for (file, references) in &written {
        for reference in references {
            let at = format!("{}:{}", file.path, reference.line);
            match resolve(reference, &modules, &names) {
                Target::Outside => {}
                Target::ThroughRoot(name) if !file.module.is_empty() => problems.push(format!(
                    "{at}: `{}` goes through the crate root's re-export of `{name}`: import it from the module that defines it",
                    reference.written()
                )),
                Target::ThroughRoot(_) => {}
                Target::File(to) if to == file.path => {}
                Target::File(to) => {
                    let target = module_of[to.as_str()];
                    match upward(list, &file.module, target) {
                        Upward::No => {}
                        Upward::Allowed(exception) => {
                            used_exceptions.insert(exception);
                        }
                        Upward::Yes { from_layer, to_layer } => problems.push(format!(
                            "{at}: `{}` runs up the layers: layer `{from_layer}` imports {to} of layer `{to_layer}`, which is above it",
                            reference.written()
                        )),
                    }
                    // Test code may close a circle (see `docs/architecture.md`).
                    if in_test(&reference.module) {
                        continue;
                    }
                    imports
                        .entry((file.path.clone(), to.clone()))
                        .or_insert_with(|| Import {
                            from: file.path.clone(),
                            to,
                            line: reference.line,
                            written: reference.written(),
                        });
                }
            }
        }
    }
    for (index, exception) in list.exceptions.iter().enumerate() {
        if !used_exceptions.contains(&index) {
            problems.push(format!(
                "the exception `{} -> {}` ({}) allows an import that no longer exists: remove it",
                display_module(&exception.from),
                display_module(&exception.to),
                exception.reason
            ));
        }
    }
    problems.extend(circles(&imports.into_values().collect::<Vec<_>>()));
    problems
}

/// One problem for each module file that no layer takes.
fn modules_in_no_layer(files: &[SourceFile], list: &LayerList) -> Vec<String> {
    files
        .iter()
        .filter(|file| list.layer_of(&file.module).is_none())
        .map(|file| {
            format!(
                "{}: module `{}` is in no layer of the list",
                file.path,
                display_module(&file.module)
            )
        })
        .collect()
}

/// Whether an import from module `from` into module `to` runs up the layers.
enum Upward<'a> {
    No,
    /// It does, and the exception with this index allows it.
    Allowed(usize),
    Yes {
        from_layer: &'a str,
        to_layer: &'a str,
    },
}

fn upward<'a>(list: &'a LayerList, from: &[String], to: &[String]) -> Upward<'a> {
    let (Some((from_rank, from_layer)), Some((to_rank, to_layer))) =
        (list.layer_of(from), list.layer_of(to))
    else {
        return Upward::No; // Reported as a module in no layer.
    };
    if to_rank <= from_rank {
        return Upward::No;
    }
    match list.exception_for(from, to) {
        Some(exception) => Upward::Allowed(exception),
        None => Upward::Yes {
            from_layer,
            to_layer,
        },
    }
}

fn display_module(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// One problem for each set of files that import each other in a circle (a strongly
/// connected set), showing its shortest circle: `a.rs:3 → b.rs:9 → a.rs`, each line the
/// import of the next file.
fn circles(imports: &[Import]) -> Vec<String> {
    let mut next: BTreeMap<&str, Vec<&Import>> = BTreeMap::new();
    for import in imports {
        next.entry(&import.from).or_default().push(import);
    }
    let reachable = |start: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([start.to_owned()]);
        while let Some(file) = queue.pop_front() {
            for import in next.get(file.as_str()).into_iter().flatten() {
                if seen.insert(import.to.clone()) {
                    queue.push_back(import.to.clone());
                }
            }
        }
        seen
    };
    let files: BTreeSet<&str> = imports.iter().map(|i| i.from.as_str()).collect();
    let reach: BTreeMap<&str, BTreeSet<String>> =
        files.iter().map(|f| (*f, reachable(f))).collect();
    let mut reported = BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        if reported.contains(*file) || !reach[file].contains(*file) {
            continue;
        }
        // The files on a circle with this one: those it reaches that reach it back.
        let members: BTreeSet<&str> = reach[file]
            .iter()
            .map(String::as_str)
            .filter(|other| reach.get(other).is_some_and(|r| r.contains(*file)))
            .collect();
        reported.extend(members.iter().map(|m| m.to_string()));
        let shortest = shortest_circle(file, &next);
        problems.push(format!(
            "import circle: {} (files in circles with each other: {})",
            shortest,
            members.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    problems
}

/// The shortest way from `start` back to itself, breadth first.
fn shortest_circle(start: &str, next: &BTreeMap<&str, Vec<&Import>>) -> String {
    let mut came_by: BTreeMap<&str, &Import> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(file) = queue.pop_front() {
        for import in next.get(file).into_iter().flatten() {
            if import.to == start {
                let mut steps = vec![*import];
                let mut at = file;
                while at != start {
                    let step = came_by[at];
                    steps.push(step);
                    at = &step.from;
                }
                steps.reverse();
                let mut shown: Vec<String> = steps
                    .iter()
                    .map(|s| format!("{}:{} (`{}`)", s.from, s.line, s.written))
                    .collect();
                shown.push(start.to_owned());
                return shown.join(" → ");
            }
            if !came_by.contains_key(import.to.as_str()) && import.to != start {
                came_by.insert(&import.to, import);
                queue.push_back(&import.to);
            }
        }
    }
    start.to_owned()
}

// ------------------------------------------------------------------------------------
// The test on the real code
// ------------------------------------------------------------------------------------

#[test]
fn every_import_runs_down_the_layers() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc =
        fs::read_to_string(crate_dir.join("docs/architecture.md")).expect("docs/architecture.md");
    let list = parse_layer_list(&doc).unwrap_or_else(|e| panic!("{e}"));
    let files = read_sources(crate_dir);
    assert!(files.len() > 50, "read only {} files", files.len());
    let problems = check(&files, &list);
    assert!(
        problems.is_empty(),
        "{} problem(s) with the layers of docs/architecture.md:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ------------------------------------------------------------------------------------
// The checker's own tests, on small made-up sources
// ------------------------------------------------------------------------------------

mod self_tests {
    use super::*;

    const LIST: &str =
        "text\n```layers\nlow: base util  # comment\nmid: model\nhigh: parse\ntop: crate\n```\n";

    fn list() -> LayerList {
        parse_layer_list(LIST).expect("the test list")
    }

    fn written(path: &str, text: &str) -> Vec<String> {
        read_file(&SourceFile::new(path, text))
            .references
            .iter()
            .map(|r| format!("{}@{}", r.written(), r.line))
            .collect()
    }

    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let files: Vec<SourceFile> = files
            .iter()
            .map(|(path, text)| SourceFile::new(path, text))
            .collect();
        check(&files, &list())
    }

    #[test]
    fn the_list_reads_layers_lowest_first() {
        let list = list();
        assert_eq!(list.layer_of(&module_path("util::x")), Some((0, "low")));
        assert_eq!(list.layer_of(&module_path("parse")), Some((2, "high")));
        assert_eq!(list.layer_of(&module_path("crate")), Some((3, "top")));
        assert_eq!(list.layer_of(&module_path("other")), None);
        assert!(parse_layer_list("```layers\na: x\nb: x\n```").is_err());
        assert!(parse_layer_list("```layers\na: x\nexcept a -> b:\n```").is_err());
    }

    #[test]
    fn files_name_their_modules() {
        assert_eq!(module_of_file("src/lib.rs"), module_path("crate"));
        assert_eq!(module_of_file("src/a/b.rs"), module_path("a::b"));
        assert_eq!(module_of_file("src/a/b/mod.rs"), module_path("a::b"));
    }

    #[test]
    fn comments_strings_and_characters_are_not_code() {
        let text = r####"
//! crate::parse::a
/// crate::parse::b
/* crate::parse::c /* nested crate::parse::d */ crate::parse::e */
fn f<'a>(x: &'a str) -> char {
    let s = "crate::parse::f \" crate::parse::g";
    let r = r#"crate::parse::h "quoted" "#;
    let b = br##"crate::parse::i"##;
    let c = '{';
    let q = '\'';
    format!("{s}{r}");
    crate::model::real(x)
}
"####;
        assert_eq!(written("src/base.rs", text), ["crate::model::real@12"]);
    }

    #[test]
    fn use_items_in_every_form() {
        let text = "
pub use crate::model::{
    a::B,
    c::{self, D as E},
};
pub(crate) use super::super::util::F;
#[cfg(test)]
use crate::{model, parse::*};
use std::fmt;
";
        assert_eq!(
            written("src/parse/x/y.rs", text),
            [
                "crate::model::a::B@3",
                "crate::model::c@4",
                "crate::model::c::D@4",
                "super::super::util::F@6",
                "crate::model@8",
                "crate::parse::*@8",
                "std::fmt@9",
            ]
        );
    }

    #[test]
    fn paths_in_code_are_read_and_paths_inside_paths_are_not() {
        let text = "fn f() { crate::parse::x::<u8>(super::Y::new(), std::mem::take(&mut z)); }";
        assert_eq!(
            written("src/model.rs", text),
            ["crate::parse::x@1", "super::Y::new@1", "std::mem::take@1"]
        );
    }

    #[test]
    fn paths_lead_to_the_module_file_they_name() {
        let files = [
            SourceFile::new("src/lib.rs", ""),
            SourceFile::new("src/parse/mod.rs", ""),
            SourceFile::new("src/parse/split.rs", ""),
        ];
        let modules: ModuleFiles = files
            .iter()
            .map(|f| (f.module.clone(), f.path.clone()))
            .collect();
        let at = |module: &str, path: &str| {
            let reference = Reference {
                segments: path.split("::").map(str::to_owned).collect(),
                line: 1,
                module: module_path(module),
                binds: None,
            };
            resolve(&reference, &modules, &NamesInScope::new())
        };
        let file = |path: &str| Target::File(path.to_owned());
        assert_eq!(
            at("model", "crate::parse::split::f"),
            file("src/parse/split.rs")
        );
        assert_eq!(
            at("model", "crate::parse::Parsed"),
            file("src/parse/mod.rs")
        );
        assert_eq!(
            at("parse::split", "super::Parsed"),
            file("src/parse/mod.rs")
        );
        assert_eq!(at("parse", "split::f"), file("src/parse/split.rs"));
        assert_eq!(
            at("parse::split::tests", "super::super::X"),
            file("src/parse/mod.rs")
        );
        assert_eq!(
            at("model", "crate::Post"),
            Target::ThroughRoot("Post".to_owned())
        );
        assert_eq!(at("model", "std::fmt"), Target::Outside);
    }

    #[test]
    fn imports_within_a_layer_and_down_are_allowed() {
        let found = problems(&[
            (
                "src/lib.rs",
                "mod base; mod util; mod model; pub use model::Post;",
            ),
            ("src/base.rs", "use crate::util::x;"),
            ("src/util.rs", ""),
            ("src/model.rs", "use crate::base::y;"),
        ]);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn names_brought_in_by_use_are_followed() {
        let found = problems(&[
            ("src/lib.rs", ""),
            ("src/parse/mod.rs", ""),
            ("src/parse/split.rs", ""),
            (
                "src/base.rs",
                "use crate::parse::*;\nuse crate::parse as p;\nfn f() { split::go(); p::split::go(); }",
            ),
        ]);
        let into_split: Vec<&String> = found
            .iter()
            .filter(|p| p.contains("imports src/parse/split.rs"))
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(into_split.len(), 2, "{found:?}");
        assert!(
            into_split[0].starts_with("src/base.rs:3: `split::go`"),
            "{found:?}"
        );
        assert!(
            into_split[1].starts_with("src/base.rs:3: `p::split::go`"),
            "{found:?}"
        );
    }

    #[test]
    fn an_import_up_the_layers_is_caught() {
        let found = problems(&[
            ("src/lib.rs", ""),
            ("src/base.rs", "\nfn f() { crate::parse::split(); }"),
            ("src/parse.rs", ""),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("src/base.rs:2: `crate::parse::split`"),
            "{found:?}"
        );
        assert!(
            found[0].contains("layer `low`") && found[0].contains("layer `high`"),
            "{found:?}"
        );
    }

    #[test]
    fn an_exception_allows_one_upward_import_and_must_stay_used() {
        let files: Vec<SourceFile> = [
            ("src/lib.rs", ""),
            ("src/base.rs", "use crate::parse::x;"),
            ("src/parse.rs", ""),
        ]
        .iter()
        .map(|(p, t)| SourceFile::new(p, t))
        .collect();
        let with = |except: &str| {
            let doc = LIST.replace("top: crate\n", &format!("top: crate\n{except}\n"));
            check(&files, &parse_layer_list(&doc).expect("the list"))
        };
        assert_eq!(with("except base -> parse: a reason"), Vec::<String>::new());
        let stale = with("except base -> parse: a reason\nexcept util -> parse: another");
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert!(stale[0].contains("util -> parse"), "{stale:?}");
    }

    #[test]
    fn an_import_circle_is_caught_even_within_a_layer() {
        let found = problems(&[
            ("src/lib.rs", ""),
            ("src/model/mod.rs", "mod a;\npub use a::A;"),
            ("src/model/a.rs", "\n\nuse super::B;"),
            ("src/base.rs", "mod tests { use super::*; }"),
        ]);
        assert_eq!(
            found,
            ["import circle: src/model/a.rs:3 (`super::B`) → src/model/mod.rs:2 (`a::A`) → src/model/a.rs (files in circles with each other: src/model/a.rs, src/model/mod.rs)"]
        );
    }

    #[test]
    fn test_code_may_close_a_circle_but_not_run_up_the_layers() {
        let found = problems(&[
            ("src/lib.rs", ""),
            ("src/model/mod.rs", "mod a;\npub use a::A;"),
            (
                "src/model/a.rs",
                "#[cfg(test)]\n#[allow(dead_code)]\nmod tests {\n    use super::super::B;\n}",
            ),
            ("src/base.rs", "#[cfg(test)]\npub(crate) mod support;"),
            ("src/base/support.rs", "use crate::parse::x;"),
            ("src/parse.rs", ""),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("src/base/support.rs:1: `crate::parse::x` runs up"),
            "{found:?}"
        );
    }

    #[test]
    fn an_import_through_the_crate_root_is_caught() {
        let found = problems(&[
            ("src/lib.rs", "mod model;\npub use model::Post;"),
            ("src/model.rs", "pub struct Post;"),
            (
                "src/parse.rs",
                "use crate::{\n    model::Post as P,\n    Post,\n};",
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("src/parse.rs:3: `crate::Post` goes through the crate root"),
            "{found:?}"
        );
    }

    #[test]
    fn a_module_in_no_layer_is_caught() {
        let found = problems(&[("src/lib.rs", ""), ("src/stray/mod.rs", "")]);
        assert_eq!(
            found,
            ["src/stray/mod.rs: module `stray` is in no layer of the list"]
        );
    }
}
