//! Discovery: the files of a directory whose relative path matches a glob, lazily and in a fixed
//! order (Python's `os.walk` order: in each directory its files sorted, then its subdirectories
//! sorted, each walked in turn; links to directories are not followed). A directory that cannot
//! be listed comes where its files would have been ([`Found::Unreadable`]), never skipped.
//!
//! Globs match `/`-separated paths relative to the directory: `*` and `?` within one component,
//! `**/` any directories (or none), `[...]` a class (`[!...]` negated); `{`, `}` and `\` are
//! plain characters. A glob without `/` or `**` matches at the top only: the walk does not
//! descend.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

use super::shown::{as_python, python_order_key};
use crate::error::{Error, Result};

/// What a walk finds.
#[derive(Debug)]
pub enum Found {
    /// A file whose relative path matches.
    File(PathBuf),
    /// A directory that could not be listed.
    Unreadable { path: PathBuf, error: io::Error },
}

/// The compiled glob of a walk.
#[derive(Clone, Debug)]
pub struct Glob {
    pattern: String,
    matcher: GlobMatcher,
    descend: bool,
}

impl Glob {
    /// Compile `pattern`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] for an empty pattern.
    pub fn new(pattern: &str) -> Result<Glob> {
        if pattern.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "glob must be a non-empty pattern, not {pattern:?}"
            )));
        }
        let matcher = GlobBuilder::new(&plain_braces(pattern))
            .literal_separator(true)
            .backslash_escape(false)
            .build()
            .map_err(|e| Error::InvalidArgument(format!("glob {pattern:?}: {e}")))?
            .compile_matcher();
        Ok(Glob {
            pattern: pattern.to_string(),
            matcher,
            descend: pattern.contains('/') || pattern.contains("**"),
        })
    }

    /// The pattern as given.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Whether the relative path `rel` (`/`-separated) matches.
    pub fn is_match(&self, rel: &str) -> bool {
        self.matcher.is_match(rel)
    }
}

/// `pattern` in `globset`'s syntax with the meaning it always had here: braces are plain
/// characters (no `{a,b}` alternatives), and so is a `[` without a `]` after the next character.
fn plain_braces(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' => out.push_str("[{]"),
            '}' => out.push_str("[}]"),
            '[' => match chars.get(i + 2..).and_then(|rest| rest.iter().position(|&c| c == ']')) {
                Some(j) => {
                    let end = i + 2 + j;
                    out.extend(&chars[i..=end]);
                    i = end;
                }
                None => out.push_str("[[]"),
            },
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// A lazy walk of a directory (see the [module documentation](self)).
pub struct Walk {
    glob: Glob,
    /// Directories still to list, the next on top, with their relative prefix (`""` or `a/b/`).
    stack: Vec<(PathBuf, String)>,
    /// What the directory listed last gave, in order, the next at the end.
    ready: Vec<Found>,
    list: fn(&Path) -> io::Result<Vec<Entry>>,
}

/// An entry of a directory: its name and whether it is a directory to walk into.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) name: OsString,
    pub(crate) kind: EntryKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    File,
    Dir,
    /// A link to a directory: neither a file nor walked into (as `os.walk` has it).
    DirLink,
}

fn list_dir(dir: &Path) -> io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        // As `os.walk`: the entry's own type, followed only for a link.
        let (link, own_dir) = entry
            .file_type()
            .map_or((false, false), |t| (t.is_symlink(), t.is_dir()));
        let is_dir = own_dir || (link && fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()));
        let kind = match (is_dir, link) {
            (false, _) => EntryKind::File,
            (true, false) => EntryKind::Dir,
            (true, true) => EntryKind::DirLink,
        };
        out.push(Entry {
            name: entry.file_name(),
            kind,
        });
    }
    Ok(out)
}

/// Walk `dir` for the files matching `glob`.
pub fn walk(dir: &Path, glob: &Glob) -> Walk {
    Walk::with_lister(dir, glob, list_dir)
}

impl Walk {
    pub(crate) fn with_lister(dir: &Path, glob: &Glob, list: fn(&Path) -> io::Result<Vec<Entry>>) -> Walk {
        Walk {
            glob: glob.clone(),
            stack: vec![(dir.to_path_buf(), String::new())],
            ready: Vec::new(),
            list,
        }
    }

    fn list_next(&mut self) -> bool {
        let Some((dir, prefix)) = self.stack.pop() else {
            return false;
        };
        let mut entries = match (self.list)(&dir) {
            Ok(entries) => entries,
            Err(error) => {
                self.ready.push(Found::Unreadable { path: dir, error });
                return true;
            }
        };
        if entries.iter().any(|e| e.name.to_str().is_none()) {
            entries.sort_by_cached_key(|e| python_order_key(&e.name));
        } else {
            entries.sort_by(|a, b| a.name.cmp(&b.name));
        }
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for e in entries {
            match e.kind {
                EntryKind::File if self.glob.is_match(&format!("{prefix}{}", as_python(&e.name))) => {
                    files.push(Found::File(dir.join(&e.name)));
                }
                EntryKind::Dir if self.glob.descend => {
                    let rel = format!("{prefix}{}/", as_python(&e.name));
                    dirs.push((dir.join(&e.name), rel));
                }
                _ => {}
            }
        }
        self.stack.extend(dirs.into_iter().rev());
        self.ready.extend(files.into_iter().rev());
        true
    }
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(found) = self.ready.pop() {
                return Some(found);
            }
            if !self.list_next() {
                return None;
            }
        }
    }
}

/// Whether a walk of `dir` finds anything (a file, or a subdirectory it cannot list and may
/// hold some).
///
/// # Errors
///
/// The error of listing `dir` itself.
pub fn has_match(dir: &Path, glob: &Glob) -> io::Result<bool> {
    match walk(dir, glob).next() {
        Some(Found::Unreadable { path, error }) if path == dir => Err(error),
        found => Ok(found.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempdir::TempDir {
        let dir = tempdir::TempDir::new();
        for f in files {
            let p = dir.path().join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        dir
    }

    fn rel(dir: &Path, found: impl Iterator<Item = Found>) -> Vec<String> {
        found
            .map(|f| match f {
                Found::File(p) => p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                Found::Unreadable { path, .. } => format!("!{}", path.strip_prefix(dir).unwrap().display()),
            })
            .collect()
    }

    #[test]
    fn os_walk_order_files_first_then_subdirectories() {
        let t = tree(&["b.txt", "a.txt", "z/y.txt", "c/d/e.txt", "c/x.txt", "c.md", "B/q.txt"]);
        let g = Glob::new("**/*.txt").unwrap();
        assert_eq!(
            rel(t.path(), walk(t.path(), &g)),
            ["a.txt", "b.txt", "B/q.txt", "c/x.txt", "c/d/e.txt", "z/y.txt"]
        );
        let top = Glob::new("*.txt").unwrap();
        assert_eq!(rel(t.path(), walk(t.path(), &top)), ["a.txt", "b.txt"]);
        let sub = Glob::new("c/*.txt").unwrap();
        assert_eq!(rel(t.path(), walk(t.path(), &sub)), ["c/x.txt"]);
    }

    #[test]
    fn globs_as_before() {
        let m = |p: &str, path: &str| Glob::new(p).unwrap().is_match(path);
        assert!(m("**/*.txt", "a.txt") && m("**/*.txt", "a/b/c.txt"));
        assert!(!m("*.txt", "a/b.txt") && m("?.txt", "a.txt") && !m("?.txt", "ab.txt"));
        assert!(m("[ab].txt", "a.txt") && !m("[!ab].txt", "a.txt") && m("[!ab].txt", "c.txt"));
        assert!(
            m("{a}.txt", "{a}.txt") && !m("{a,b}.txt", "a.txt"),
            "braces are literal"
        );
        assert!(m("a[.txt", "a[.txt"), "an unclosed class is literal");
        assert!(Glob::new("").is_err());
    }

    fn locked(dir: &Path) -> io::Result<Vec<Entry>> {
        if dir.ends_with("locked") {
            return Err(io::Error::from_raw_os_error(13));
        }
        list_dir(dir)
    }

    #[test]
    fn an_unreadable_directory_comes_where_its_files_would_be() {
        let t = tree(&["a.txt", "locked/x.txt", "z/y.txt"]);
        let g = Glob::new("**/*.txt").unwrap();
        let found = rel(t.path(), Walk::with_lister(t.path(), &g, locked));
        assert_eq!(found, ["a.txt", "!locked", "z/y.txt"]);
        let top = t.path().join("locked");
        let first = Walk::with_lister(&top, &g, locked).next();
        assert!(matches!(first, Some(Found::Unreadable { path, .. }) if path == top));
    }

    /// A temporary directory for the tests (no extra dependency).
    mod tempdir {
        use std::path::{Path, PathBuf};
        use std::sync::atomic::{AtomicUsize, Ordering};

        pub(super) struct TempDir(PathBuf);

        impl TempDir {
            pub(super) fn new() -> TempDir {
                static N: AtomicUsize = AtomicUsize::new(0);
                let n = N.fetch_add(1, Ordering::Relaxed);
                let p = std::env::temp_dir().join(format!("gongwen-walk-{}-{n}", std::process::id()));
                let _ = std::fs::remove_dir_all(&p);
                std::fs::create_dir_all(&p).unwrap();
                TempDir(p)
            }

            pub(super) fn path(&self) -> &Path {
                &self.0
            }
        }

        impl Drop for TempDir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
