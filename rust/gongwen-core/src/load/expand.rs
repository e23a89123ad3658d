//! A path given as input, to its units, lazily: a directory walked for the files its glob
//! matches, a JSONL file to one unit a line, a CSV file to one unit a row, a Parquet file to a [`Source::Table`] for the caller
//! to read, any other file to a [`Source::File`]; the checks of a path made before any work, and
//! the listing of a directory made then.

use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use super::csv::{self, CsvUnits};
use super::discover::{has_match, walk, Found, Glob, Walk};
use super::jsonl::{self, Columns, JsonlUnits};
use super::shown::{os_error, py_repr, shown};
use super::{ErrorKind, Source};
use crate::error::{Error, Result};

/// The suffixes of JSONL files (compared in lower case).
pub const JSONL_SUFFIXES: [&str; 2] = ["jsonl", "ndjson"];
/// The suffixes of Parquet files.
pub const PARQUET_SUFFIXES: [&str; 1] = ["parquet"];
/// The suffixes of CSV files.
pub const CSV_SUFFIXES: [&str; 1] = ["csv"];

/// What a path has of each kind of file, by its suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Jsonl,
    Csv,
    Parquet,
    Other,
}

/// The kind of `path`, by its suffix.
pub fn file_kind(path: &Path) -> FileKind {
    let suffix = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match suffix.as_deref() {
        Some(s) if JSONL_SUFFIXES.contains(&s) => FileKind::Jsonl,
        Some(s) if CSV_SUFFIXES.contains(&s) => FileKind::Csv,
        Some(s) if PARQUET_SUFFIXES.contains(&s) => FileKind::Parquet,
        _ => FileKind::Other,
    }
}

/// The units of one path, in order.
pub struct PathUnits {
    glob: Glob,
    columns: Columns,
    walk: Option<(Walk, PathBuf, bool)>,
    jsonl: Option<JsonlUnits<BufReader<File>>>,
    csv: Option<CsvUnits<File>>,
    next: Option<Source>,
}

/// The units of `path` (see the [module documentation](self)).
pub fn path_units(path: &Path, glob: &Glob, columns: &Columns) -> PathUnits {
    let mut units = PathUnits {
        glob: glob.clone(),
        columns: columns.clone(),
        walk: None,
        jsonl: None,
        csv: None,
        next: None,
    };
    if path.is_dir() {
        units.walk = Some((walk(path, glob), path.to_path_buf(), false));
    } else if path.exists() {
        units.file(path);
    } else {
        // Reached lazily: the pipeline reports it as an `io` row.
        units.next = Some(bad_name(path).unwrap_or_else(|| Source::File {
            id: path.to_string_lossy().into_owned(),
            path: path.to_path_buf(),
            size: 0,
        }));
    }
    units
}

/// The error row of a file whose name UTF-8 cannot hold, if so.
fn bad_name(path: &Path) -> Option<Source> {
    path.to_str().is_none().then(|| {
        let name = shown(path.as_os_str());
        let message = format!("the file name is not UTF-8 ({name}): ids and outputs are UTF-8; rename the file");
        Source::failed(name.clone(), Some(name), ErrorKind::Io, message)
    })
}

impl PathUnits {
    fn file(&mut self, path: &Path) {
        if let Some(bad) = bad_name(path) {
            self.next = Some(bad);
            return;
        }
        let name = path.to_str().expect("checked above").to_string();
        self.next = match file_kind(path) {
            FileKind::Jsonl => match File::open(path) {
                Ok(f) => {
                    self.jsonl = Some(jsonl::read(f, name, self.columns.clone()));
                    None
                }
                Err(e) => {
                    let message = format!("cannot open: {}", os_error(&e, path.as_os_str()));
                    Some(Source::failed(name.clone(), Some(name), ErrorKind::Io, message))
                }
            },
            FileKind::Csv => match File::open(path) {
                Ok(f) => {
                    self.csv = Some(csv::read(f, name, self.columns.clone()));
                    None
                }
                Err(e) => {
                    let message = format!("cannot open: {}", os_error(&e, path.as_os_str()));
                    Some(Source::failed(name.clone(), Some(name), ErrorKind::Io, message))
                }
            },
            FileKind::Parquet => Some(Source::Table {
                path: path.to_path_buf(),
            }),
            FileKind::Other => Some(Source::File {
                id: name,
                path: path.to_path_buf(),
                size: path.metadata().map_or(0, |m| m.len()),
            }),
        };
    }
}

impl Iterator for PathUnits {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        loop {
            if let Some(unit) = self.next.take() {
                return Some(unit);
            }
            if let Some(lines) = self.jsonl.as_mut() {
                match lines.next() {
                    Some(unit) => return Some(unit),
                    None => self.jsonl = None,
                }
            }
            if let Some(rows) = self.csv.as_mut() {
                match rows.next() {
                    Some(unit) => return Some(unit),
                    None => self.csv = None,
                }
            }
            let (walk, dir, found) = self.walk.as_mut()?;
            match walk.next() {
                Some(Found::File(path)) => {
                    *found = true;
                    self.file(&path);
                }
                Some(Found::Unreadable { path, error }) => {
                    *found = true;
                    let name = shown(path.as_os_str());
                    let message = format!("cannot read directory: {}", os_error(&error, path.as_os_str()));
                    return Some(Source::failed(name.clone(), Some(name), ErrorKind::Io, message));
                }
                None => {
                    let none = !*found;
                    let name = shown(dir.as_os_str());
                    self.walk = None;
                    if none {
                        let message = format!("directory has no file matching {}", py_repr(self.glob_pattern()));
                        return Some(Source::failed(name.clone(), Some(name), ErrorKind::Input, message));
                    }
                    return None;
                }
            }
        }
    }
}

impl PathUnits {
    fn glob_pattern(&self) -> &str {
        self.glob.pattern()
    }
}

/// The checks of a path given before any work: that it exists ([`Error::Io`], not found), that
/// a directory can be listed ([`Error::Io`] with the listing's error) and has a file matching
/// `glob` ([`Error::InvalidArgument`]).
pub fn check_path(path: &Path, glob: &Glob) -> Result<()> {
    let name = shown(path.as_os_str());
    if !path.exists() {
        return Err(Error::Io {
            path: name,
            // The system's own words (`strerror(ENOENT)`), as Python writes them.
            source: io::Error::new(io::ErrorKind::NotFound, "No such file or directory"),
        });
    }
    if path.is_dir() {
        match has_match(path, glob) {
            Ok(true) => {}
            Ok(false) => {
                return Err(Error::InvalidArgument(format!(
                    "directory {} has no file matching {}",
                    py_repr(&name),
                    py_repr(glob.pattern())
                )))
            }
            Err(source) => return Err(Error::Io { path: name, source }),
        }
    }
    Ok(())
}

/// The files of directory `dir` matching `glob`, in walk order, listed now; the first directory
/// that cannot be listed is an [`Error::Io`] naming it.
pub fn discover_files(dir: &Path, glob: &Glob) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for found in walk(dir, glob) {
        match found {
            Found::File(p) => out.push(p),
            Found::Unreadable { path, error } => {
                return Err(Error::Io {
                    path: shown(path.as_os_str()),
                    source: error,
                })
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_checks_are_core_errors() {
        let dir = std::env::temp_dir().join(format!("gongwen-check-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let glob = Glob::new("*.txt").unwrap();
        match check_path(&dir.join("missing"), &glob) {
            Err(Error::Io { path, source }) => {
                assert!(path.ends_with("missing"), "{path}");
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
        let err = check_path(&dir, &glob).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
        assert!(err.to_string().ends_with("has no file matching '*.txt'"), "{err}");
        assert!(discover_files(&dir, &glob).unwrap().is_empty());
        std::fs::write(dir.join("a.txt"), "公文").unwrap();
        check_path(&dir, &glob).unwrap();
        assert_eq!(discover_files(&dir, &glob).unwrap(), [dir.join("a.txt")]);
        assert!(matches!(
            discover_files(&dir.join("missing"), &glob),
            Err(Error::Io { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
