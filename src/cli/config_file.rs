//! Finding and reading `copydesk.toml` for `copydesk check`: walking up from each checked file
//! (one look per folder, remembered), or the file `--config` names.
//!
//! A style sheet with an error stops the run before anything is checked (exit status 2): a
//! check that silently fell back to the defaults would pass drafts the desk's rules fail.
//! Warnings are printed and the rest of the file applies.

use crate::analysis::{Settings, Severity};
use crate::config::{self, Config, FILE_NAME};
use crate::line_index::{Encoding, LineIndex};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A style sheet that applies to some drafts.
#[derive(Debug)]
pub struct StyleSheet {
    /// The file, as it is named in messages.
    pub path: PathBuf,
    /// The folder its `[files] skip` patterns are relative to.
    pub folder: PathBuf,
    pub config: Config,
    pub settings: Settings,
}

impl StyleSheet {
    /// Whether `[files] skip` leaves out `file`.
    pub fn skips(&self, file: &Path) -> bool {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        file.strip_prefix(&self.folder)
            .is_ok_and(|relative| self.config.skips(relative))
    }
}

/// Style sheets by folder, found on demand.
#[derive(Debug, Default)]
pub struct StyleSheets {
    /// `--config FILE`, when given: it applies to every draft.
    fixed: Option<Arc<StyleSheet>>,
    /// Each folder looked at, with the style sheet that applies there (`None`: none).
    by_folder: HashMap<PathBuf, Option<Arc<StyleSheet>>>,
    /// Each file read, by its path, so that a file shared by many folders is read once.
    by_file: HashMap<PathBuf, Option<Arc<StyleSheet>>>,
    /// Messages about the files read, in the order found, and whether any was an error.
    pub messages: Vec<String>,
    pub failed: bool,
}

impl StyleSheets {
    /// Style sheets found by walking up from each draft, or the one `fixed` file.
    pub fn new(fixed: Option<&Path>) -> StyleSheets {
        let mut sheets = StyleSheets::default();
        if let Some(path) = fixed {
            sheets.fixed = sheets.load(path);
            if sheets.fixed.is_none() && !sheets.failed {
                sheets.failed = true;
            }
        }
        sheets
    }

    /// The style sheet for a draft in `folder`: the first `copydesk.toml` in it or above it.
    pub fn for_folder(&mut self, folder: &Path) -> Option<Arc<StyleSheet>> {
        if self.fixed.is_some() {
            return self.fixed.clone();
        }
        let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        let mut visited = Vec::new();
        let mut found = None;
        for dir in folder.ancestors() {
            if let Some(known) = self.by_folder.get(dir) {
                found = known.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                found = self.load(&candidate);
                break;
            }
        }
        for dir in visited {
            self.by_folder.insert(dir, found.clone());
        }
        found
    }

    /// The style sheet for a draft.
    pub fn for_file(&mut self, file: &Path) -> Option<Arc<StyleSheet>> {
        let folder = file.parent().unwrap_or(Path::new("."));
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        self.for_folder(folder)
    }

    /// Reads and parses one file, recording its problems; `None` when it cannot apply.
    fn load(&mut self, path: &Path) -> Option<Arc<StyleSheet>> {
        if let Some(known) = self.by_file.get(path) {
            return known.clone();
        }
        let loaded = match std::fs::read_to_string(path) {
            Ok(text) => {
                let parsed = config::parse(&text);
                let index = LineIndex::new(&text);
                for problem in &parsed.problems {
                    let at = index.line_col(&text, problem.span.start, Encoding::Utf32);
                    self.messages.push(format!(
                        "{}:{}:{}: {}: {}",
                        path.display(),
                        at.line + 1,
                        at.col + 1,
                        problem.severity.as_str(),
                        problem.message
                    ));
                    self.failed |= problem.severity == Severity::Error;
                }
                parsed.config.map(|config| {
                    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.into());
                    Arc::new(StyleSheet {
                        path: path.to_path_buf(),
                        folder: absolute.parent().map(Path::to_path_buf).unwrap_or_default(),
                        settings: config.style.clone(),
                        config,
                    })
                })
            }
            Err(error) => {
                self.messages.push(format!(
                    "{}: cannot read the style sheet: {}",
                    path.display(),
                    super::walk::describe_io_error(&error)
                ));
                self.failed = true;
                None
            }
        };
        self.by_file.insert(path.to_path_buf(), loaded.clone());
        loaded
    }
}
