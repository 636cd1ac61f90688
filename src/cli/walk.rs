//! From the paths on the command line to the list of drafts to check.
//!
//! A file named on the command line is checked whatever its extension; a folder is searched
//! for `*.md`, `*.markdown` and `*.txt`, skipping hidden files and whatever `.gitignore`,
//! `.ignore` and git's exclude files leave out (also outside a git repository).

use crate::analysis::Format;
use std::path::{Path, PathBuf};

/// Extensions of the files a folder search picks up.
pub const DRAFT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input, read in the given format.
    Stdin(Format),
    File(PathBuf),
}

/// A path on the command line that gave nothing to check, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// A path or error in command-line order: inputs keep the order they were given in, and the
/// files of a folder come sorted by path.
#[derive(Debug)]
pub enum Item {
    Input(Input),
    Error(InputError),
}

/// How a file is read: Markdown for `.md` and `.markdown`, plain text otherwise.
pub fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
            Format::Markdown
        }
        _ => Format::PlainText,
    }
}

/// Expands the command line's paths into inputs, in a stable order.
pub fn collect(paths: &[PathBuf], stdin_format: Format) -> Vec<Item> {
    let mut items = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            items.push(Item::Input(Input::Stdin(stdin_format)));
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => items.extend(search_folder(path)),
            Ok(_) => items.push(Item::Input(Input::File(path.clone()))),
            Err(err) => items.push(Item::Error(InputError {
                path: path.display().to_string(),
                reason: describe_io_error(&err),
            })),
        }
    }
    items
}

fn search_folder(root: &Path) -> Vec<Item> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_draft(entry.path()) {
                    files.push(Item::Input(Input::File(entry.into_path())));
                }
            }
            Err(err) => errors.push(Item::Error(walk_error(root, &err))),
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(Item::Error(InputError {
            path: root.display().to_string(),
            reason: "folder holds no drafts (*.md, *.markdown, *.txt)".to_string(),
        }));
    }
    files.extend(errors);
    files
}

fn is_draft(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| {
            DRAFT_EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

fn walk_error(root: &Path, err: &ignore::Error) -> InputError {
    let mut path = None;
    let mut source = err;
    loop {
        match source {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.display().to_string());
                source = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                source = err;
            }
            ignore::Error::Io(io) => {
                return InputError {
                    path: path.unwrap_or_else(|| root.display().to_string()),
                    reason: describe_io_error(io),
                };
            }
            other => {
                return InputError {
                    path: path.unwrap_or_else(|| root.display().to_string()),
                    reason: other.to_string(),
                };
            }
        }
    }
}

/// A short reason for an I/O error, without the path (the caller names it).
pub fn describe_io_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(format_of(Path::new("a/story.md")), Format::Markdown);
        assert_eq!(format_of(Path::new("story.MARKDOWN")), Format::Markdown);
        assert_eq!(format_of(Path::new("story.txt")), Format::PlainText);
        assert_eq!(format_of(Path::new("story")), Format::PlainText);
    }

    #[test]
    fn only_draft_extensions_are_picked_up_in_folders() {
        assert!(is_draft(Path::new("x/a.md")));
        assert!(is_draft(Path::new("x/a.Markdown")));
        assert!(is_draft(Path::new("x/a.txt")));
        assert!(!is_draft(Path::new("x/a.rs")));
        assert!(!is_draft(Path::new("x/md")));
    }
}
