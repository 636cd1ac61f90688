//! The workspace folder as one story: the name summary of every draft in it, the style sheet
//! in force, and the editor's settings, kept together under one lock.
//!
//! The core sees only texts and summaries; this module does the reading: the folder scan (the
//! `ignore` crate, so `.gitignore` and hidden files are honoured, plus `[files] skip`), and the
//! re-reading of a closed draft that changed on disk. A keystroke never waits for any of it: it
//! takes the story as last assembled ([`Workspace::story`]), a pair of `Arc`s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{Diagnostic, DiagnosticRelatedInformation, Location, Range, Uri};

use super::diagnostics;
use crate::analysis::names::{NameSummary, Story, Within};
use crate::analysis::{self, DocId, Finding, Format, Settings, Span};
use crate::config::{self, Config};
use crate::line_index::{Encoding, LineIndex};

/// At most this many drafts of a folder are indexed.
pub const MAX_DRAFTS: usize = 2_000;

/// Drafts larger than this are left out of the folder's index.
pub const MAX_DRAFT_BYTES: u64 = 5 * 1024 * 1024;

/// Extensions of the drafts in a folder.
pub const DRAFT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Where the places of one draft's summary are, as LSP locations.
#[derive(Debug, Default)]
pub struct Placed {
    pub uri: Option<Uri>,
    pub ranges: HashMap<Span, Range>,
}

/// One draft of the story, open or on disk.
#[derive(Debug)]
struct Entry {
    uri: Uri,
    summary: Option<Arc<NameSummary>>,
    placed: Arc<Placed>,
}

/// The story as last assembled: what an analysis takes, cheaply cloned.
#[derive(Debug, Clone, Default)]
pub struct StorySnapshot {
    pub story: Arc<Story>,
    /// By [`DocId`]: where the places of each draft are.
    pub placed: Arc<Vec<Arc<Placed>>>,
}

impl StorySnapshot {
    /// The story as seen from one draft.
    pub fn within(&self, this: Option<DocId>) -> Option<Within<'_>> {
        (self.story.len() > 1).then_some(Within {
            story: &self.story,
            this,
        })
    }

    /// The LSP location of a related place in another draft.
    pub fn location(&self, doc: DocId, span: Span) -> Option<Location> {
        let placed = self.placed.get(doc.0)?;
        Some(Location::new(
            placed.uri.clone()?,
            *placed.ranges.get(&span)?,
        ))
    }

    /// The diagnostic's related information, with places in other drafts resolved.
    pub fn fix_related(
        &self,
        diagnostic: &mut Diagnostic,
        uri: &Uri,
        text: &str,
        index: &LineIndex,
        finding: &Finding,
        encoding: Encoding,
    ) {
        if finding.related.iter().all(|r| r.doc.is_none()) {
            return;
        }
        let related: Vec<_> = finding
            .related
            .iter()
            .filter_map(|r| {
                let location = match r.doc {
                    Some(doc) => self.location(doc, r.span)?,
                    None => Location::new(
                        uri.clone(),
                        diagnostics::range(text, index, r.span, encoding),
                    ),
                };
                Some(DiagnosticRelatedInformation {
                    location,
                    message: r.message.clone(),
                })
            })
            .collect();
        diagnostic.related_information = (!related.is_empty()).then_some(related);
    }
}

/// The workspace: root folder, style sheet, editor settings and the story.
#[derive(Debug, Default)]
pub struct Workspace {
    pub root: Option<PathBuf>,
    /// The editor's own settings (initializationOptions, didChangeConfiguration).
    pub editor: Settings,
    /// The last good style sheet (the defaults when there never was one).
    pub style: Config,
    entries: Vec<Entry>,
    by_uri: HashMap<Uri, usize>,
    snapshot: StorySnapshot,
    /// A summary changed since the story was last assembled.
    dirty: bool,
}

impl Workspace {
    /// The settings the core runs with: the editor's, overlaid with the style sheet's.
    pub fn settings(&self) -> Settings {
        config::merge(&self.editor, &self.style)
    }

    /// The style sheet's path: `copydesk.toml` at the root of the workspace folder.
    pub fn style_path(&self) -> Option<PathBuf> {
        self.root.as_ref().map(|root| root.join(config::FILE_NAME))
    }

    /// The number of a draft in the story, given it one if it has none; `None` for a document
    /// outside the workspace folder (or when there is none), which is checked on its own.
    pub fn member(&mut self, uri: &Uri) -> Option<DocId> {
        if let Some(&id) = self.by_uri.get(uri) {
            return Some(DocId(id));
        }
        let root = self.root.as_ref()?;
        let inside = uri
            .to_file_path()
            .is_some_and(|path| path.starts_with(root));
        inside.then(|| self.id_of(uri))
    }

    fn id_of(&mut self, uri: &Uri) -> DocId {
        if let Some(&id) = self.by_uri.get(uri) {
            return DocId(id);
        }
        let id = self.entries.len();
        self.entries.push(Entry {
            uri: uri.clone(),
            summary: None,
            placed: Arc::default(),
        });
        self.by_uri.insert(uri.clone(), id);
        DocId(id)
    }

    /// Records the names of a draft of the folder (others are left out), noting whether they
    /// differ from those recorded before.
    pub fn update(&mut self, uri: &Uri, summary: NameSummary, ranges: HashMap<Span, Range>) {
        let Some(DocId(id)) = self.member(uri) else {
            return;
        };
        let entry = &mut self.entries[id];
        let changed = entry
            .summary
            .as_ref()
            .is_none_or(|old| !old.same_names(&summary));
        entry.summary = Some(Arc::new(summary));
        entry.placed = Arc::new(Placed {
            uri: Some(uri.clone()),
            ranges,
        });
        self.dirty |= changed;
    }

    /// Forgets the names of a draft (deleted from disk).
    pub fn remove(&mut self, uri: &Uri) {
        if let Some(&id) = self.by_uri.get(uri) {
            let entry = &mut self.entries[id];
            self.dirty |= entry.summary.take().is_some();
        }
    }

    /// How many drafts have names recorded.
    pub fn drafts(&self) -> usize {
        self.entries.iter().filter(|e| e.summary.is_some()).count()
    }

    /// Assembles the story again when a summary changed; returns whether it did.
    pub fn assemble_if_dirty(&mut self) -> bool {
        if !std::mem::take(&mut self.dirty) {
            return false;
        }
        let drafts = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.summary.clone().map(|s| (DocId(i), s)))
            .collect();
        let placed = self.entries.iter().map(|e| e.placed.clone()).collect();
        self.snapshot = StorySnapshot {
            story: Arc::new(Story::new(drafts)),
            placed: Arc::new(placed),
        };
        true
    }

    /// The story as last assembled.
    pub fn story(&self) -> StorySnapshot {
        self.snapshot.clone()
    }

    /// The URIs of every draft with names recorded.
    pub fn uris(&self) -> Vec<Uri> {
        self.entries
            .iter()
            .filter(|e| e.summary.is_some())
            .map(|e| e.uri.clone())
            .collect()
    }
}

/// The names of a draft and the LSP ranges of the places they list.
pub fn summarise(
    text: &str,
    format: Format,
    settings: &Settings,
    encoding: Encoding,
) -> (NameSummary, HashMap<Span, Range>) {
    let summary = analysis::summarise_names(text, format, settings);
    let ranges = ranges_of(&summary, text, encoding);
    (summary, ranges)
}

/// The LSP ranges of the places a summary lists.
pub fn ranges_of(summary: &NameSummary, text: &str, encoding: Encoding) -> HashMap<Span, Range> {
    let index = LineIndex::new(text);
    summary
        .spellings
        .iter()
        .flat_map(|s| &s.places)
        .map(|&span| (span, diagnostics::range(text, &index, span, encoding)))
        .collect()
}

/// How a file is read: Markdown for `.md` and `.markdown`, plain text for `.txt`; `None` for
/// anything else.
pub fn format_of_path(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" => Some(Format::PlainText),
        _ => None,
    }
}

/// The drafts under `root` that the story takes in: hidden and git-ignored files left out, and
/// whatever `[files] skip` names. At most [`MAX_DRAFTS`]; the notes say what was left out.
pub fn scan(root: &Path, style: &Config) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut notes = Vec::new();
    let mut over = 0usize;
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                notes.push(format!("folder scan: {error}"));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) || format_of_path(path).is_none() {
            continue;
        }
        if path
            .strip_prefix(root)
            .is_ok_and(|relative| style.skips(relative))
        {
            continue;
        }
        if found.len() >= MAX_DRAFTS {
            over += 1;
            continue;
        }
        found.push(entry.into_path());
    }
    if over > 0 {
        notes.push(format!(
            "the folder holds more than {MAX_DRAFTS} drafts: {over} were left out of the story"
        ));
    }
    (found, notes)
}

/// Reads a draft of the folder, or says why it is left out.
pub fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_DRAFT_BYTES {
        return Err(format!(
            "{} is larger than {} MB: left out of the story",
            path.display(),
            MAX_DRAFT_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::from_utf8(bytes)
        .map_err(|_| format!("{} is not UTF-8: left out of the story", path.display()))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_change_is_noticed_and_the_story_reassembled() {
        let mut ws = Workspace {
            root: Some(PathBuf::from("/story")),
            ..Workspace::default()
        };
        let outside: Uri = "file:///elsewhere/c.md".parse().unwrap();
        assert_eq!(ws.member(&outside), None);
        let a: Uri = "file:///story/a.md".parse().unwrap();
        let b: Uri = "file:///story/b.md".parse().unwrap();
        let settings = Settings::default();
        let text = "Sergei Shoigu spoke. Shoigu left.";
        let (summary, ranges) = summarise(text, Format::Markdown, &settings, Encoding::Utf16);
        ws.update(&a, summary.clone(), ranges.clone());
        let (other, other_ranges) =
            summarise("Shoygu came.", Format::Markdown, &settings, Encoding::Utf16);
        ws.update(&b, other, other_ranges);
        assert!(ws.assemble_if_dirty());
        assert_eq!(ws.story().story.len(), 2);
        // The same names at other places: nothing to reassemble.
        let (moved, moved_ranges) = summarise(
            &format!("\n{text}"),
            Format::Markdown,
            &settings,
            Encoding::Utf16,
        );
        ws.update(&a, moved, moved_ranges);
        assert!(!ws.assemble_if_dirty());
        let snapshot = ws.story();
        let place = summary.spellings[1].places[0];
        let location = snapshot.location(DocId(0), place).unwrap();
        assert_eq!(location.uri, a);
        ws.remove(&b);
        assert!(ws.assemble_if_dirty());
        assert_eq!(ws.drafts(), 1);
    }
}
