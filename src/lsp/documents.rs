//! The open documents: ropes kept equal to the editor's text by applying incremental changes.
//!
//! Everything here is synchronous and meant to run under the server's `std::sync::Mutex`, at
//! the top of a notification handler, before any `.await`. Nothing here panics on client input:
//! positions past the end are clamped (and reported back so the server can log them).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::Instant;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    Diagnostic, Position, Range, TextDocumentContentChangeEvent, Uri,
};

use super::diagnostics;
use crate::analysis::incremental::Incremental;
use crate::analysis::names::Within;
use crate::analysis::{self, Analysis, DocId, Format, Settings, Span};
use crate::line_index::{Encoding, LineCol, LineIndex, rope_offset};

/// The format a `languageId` is analysed as, or `None` for documents copydesk leaves alone.
pub fn format_of(language_id: &str) -> Option<Format> {
    match language_id {
        "markdown" => Some(Format::Markdown),
        "plaintext" | "text" => Some(Format::PlainText),
        _ => None,
    }
}

/// What the server learned from analysing one version of a document.
#[derive(Debug)]
pub struct Analysed {
    pub version: i32,
    /// The [`Document::revision`] of the text analysed.
    pub revision: u64,
    /// The settings generation the analysis ran with.
    pub generation: u64,
    /// The text analysed, shared with the document's incremental analysis.
    pub text: Arc<str>,
    pub index: LineIndex,
    /// What the core found in `text`: findings, quotes, attributions, names, entities.
    pub analysis: Analysis,
    /// The diagnostics published: those of the first findings, up to the server's limit.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysed {
    /// The byte offset of a position in the client's encoding, clamped to the text.
    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        self.index
            .offset(&self.text, line_col(position), encoding)
            .0
    }

    /// The LSP range of a byte span of the text.
    pub fn range(&self, span: Span, encoding: Encoding) -> Range {
        diagnostics::range(&self.text, &self.index, span, encoding)
    }

    /// The one-based line number of a byte offset, as people count lines.
    pub fn line_number(&self, offset: usize) -> u32 {
        self.index
            .line_col(&self.text, offset, Encoding::Utf8)
            .line
            .saturating_add(1)
    }
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// Which text this is: a number that grows with every open and change, unlike `version`,
    /// which the editor may repeat when it opens a document again.
    pub revision: u64,
    /// When the text last changed (opened or edited).
    pub changed_at: Instant,
    /// How to analyse it; `None` when its language is not one copydesk checks.
    pub format: Option<Format>,
    /// The last analysis of this document, if it is still of the current version.
    analysed: Option<Arc<Analysed>>,
    /// The analysis of the current text being made, with the settings generation it is made
    /// with: whoever needs it next waits for it instead of making another.
    pending: Option<(u64, Arc<Pending>)>,
    /// The analysis of an earlier text, replaced by an edit: for the server to free on another
    /// thread, so that applying the edit does not wait for it.
    retired: Option<Arc<Analysed>>,
    /// What the last analysis learned block by block, so that the next one reads again only
    /// the blocks an edit touched.
    cache: Arc<Cache>,
}

/// The incremental analysis of one document, shared with the analysis running on it.
#[derive(Debug, Default)]
pub struct Cache(Mutex<Incremental>);

impl Cache {
    /// Analyses `text`, reading again only the blocks that changed since the last analysis.
    /// When another analysis of the document holds the cache (a request's, racing a
    /// keystroke's), analyses the whole text instead of waiting for it.
    pub fn analyze(
        &self,
        text: &Arc<str>,
        format: Format,
        settings: &Settings,
        within: Option<Within>,
    ) -> Analysis {
        match self.0.try_lock() {
            Ok(mut incremental) => incremental.analyze_shared(text, format, settings, within),
            Err(TryLockError::Poisoned(poisoned)) => {
                // An analysis panicked while it held the cache: start again from nothing.
                let mut incremental = poisoned.into_inner();
                *incremental = Incremental::new();
                let analysis = incremental.analyze_shared(text, format, settings, within);
                drop(incremental);
                self.0.clear_poison();
                analysis
            }
            Err(TryLockError::WouldBlock) => analysis::analyze_in(text, format, settings, within),
        }
    }
}

/// An analysis being made, or made: the first to need it makes it, the others wait for it.
/// `None` inside when the analysis failed.
pub type Pending = tokio::sync::OnceCell<Option<Arc<Analysed>>>;

/// A copy of a document's state, taken under the lock and analysed outside it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub text: Arc<str>,
    pub version: i32,
    pub revision: u64,
    pub format: Option<Format>,
    pub cache: Arc<Cache>,
}

/// The result of a `didChange`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The changes were applied; `clamped` lists the changes (by index) whose range had to be
    /// clamped to the document.
    Applied { clamped: Vec<usize> },
    /// The version was not newer than the one held: nothing was applied.
    Stale { held: i32 },
    /// No document of that URI is open.
    NotOpen,
}

/// All open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    map: HashMap<Uri, Document>,
    /// The last revision given to a text.
    revision: u64,
}

impl Documents {
    /// Opens (or, when already open, replaces) a document. Returns whether it was open already.
    pub fn open(&mut self, uri: Uri, language_id: &str, version: i32, text: &str) -> bool {
        self.revision += 1;
        let document = Document {
            rope: Rope::from_str(text),
            version,
            revision: self.revision,
            changed_at: Instant::now(),
            format: format_of(language_id),
            analysed: None,
            pending: None,
            retired: None,
            cache: Arc::default(),
        };
        self.map.insert(uri, document).is_some()
    }

    /// Applies a `didChange`: the changes in array order, unless the version is not newer.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Change {
        self.revision += 1;
        let Some(document) = self.map.get_mut(uri) else {
            return Change::NotOpen;
        };
        if version <= document.version {
            return Change::Stale {
                held: document.version,
            };
        }
        let mut clamped = Vec::new();
        for (i, change) in changes.iter().enumerate() {
            if apply(&mut document.rope, change.range, &change.text, encoding) {
                clamped.push(i);
            }
        }
        document.version = version;
        document.revision = self.revision;
        document.changed_at = Instant::now();
        if let Some(analysed) = document.analysed.take() {
            document.retired = Some(analysed);
        }
        document.pending = None;
        Change::Applied { clamped }
    }

    /// Closes a document. Returns its format if it was open.
    pub fn close(&mut self, uri: &Uri) -> Option<Option<Format>> {
        self.map.remove(uri).map(|document| document.format)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.map.get(uri)
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.map.get(uri).map(|document| Snapshot {
            text: text_of(&document.rope),
            version: document.version,
            revision: document.revision,
            format: document.format,
            cache: document.cache.clone(),
        })
    }

    /// Every open document that copydesk analyses, with its version.
    pub fn analysed_uris(&self) -> Vec<(Uri, i32)> {
        self.map
            .iter()
            .filter(|(_, document)| document.format.is_some())
            .map(|(uri, document)| (uri.clone(), document.version))
            .collect()
    }

    /// The open drafts (documents that are analysed), without their versions.
    pub fn draft_uris(&self) -> Vec<Uri> {
        self.analysed_uris()
            .into_iter()
            .map(|(uri, _)| uri)
            .collect()
    }

    /// The document's last analysis, if it is of the current text and settings generation.
    pub fn analysed(&self, uri: &Uri, generation: u64) -> Option<Arc<Analysed>> {
        let document = self.map.get(uri)?;
        document
            .analysed
            .clone()
            .filter(|a| a.revision == document.revision && a.generation == generation)
    }

    /// Forgets the analyses, of the documents of one story (`story`), whose findings point into
    /// one of `docs` (other drafts of that story), so that they are made again; returns those
    /// documents and their versions.
    pub fn forget_pointing_into(
        &mut self,
        docs: &HashSet<DocId>,
        story: &HashSet<Uri>,
    ) -> Vec<(Uri, i32)> {
        let mut forgotten = Vec::new();
        for (uri, document) in &mut self.map {
            if !story.contains(uri) {
                continue;
            }
            let points = document.analysed.as_ref().is_some_and(|a| {
                a.analysis
                    .findings
                    .iter()
                    .flat_map(|f| &f.related)
                    .any(|r| r.doc.is_some_and(|doc| docs.contains(&doc)))
            });
            if points {
                document.analysed = None;
                document.pending = None;
                forgotten.push((uri.clone(), document.version));
            }
        }
        forgotten
    }

    /// The analysis of the document's current text with settings `generation`, made or being
    /// made, to be made by the caller if no one has started it.
    pub fn pending(&mut self, uri: &Uri, generation: u64) -> Option<Arc<Pending>> {
        let document = self.map.get_mut(uri)?;
        match &document.pending {
            Some((made_with, pending)) if *made_with == generation => Some(pending.clone()),
            _ => {
                let pending = Arc::<Pending>::default();
                document.pending = Some((generation, pending.clone()));
                Some(pending)
            }
        }
    }

    /// The analysis an edit replaced, for the caller to free off the keystroke's path.
    pub fn take_retired(&mut self, uri: &Uri) -> Option<Arc<Analysed>> {
        self.map.get_mut(uri)?.retired.take()
    }

    /// Keeps an analysis if the document still has the text analysed. Returns whether it was
    /// kept: `false` means the document moved on, was opened again or closed, and the analysis
    /// must not be published.
    pub fn store_analysed(&mut self, uri: &Uri, analysed: Arc<Analysed>) -> bool {
        match self.map.get_mut(uri) {
            Some(document) if document.revision == analysed.revision => {
                document.analysed = Some(analysed);
                true
            }
            _ => false,
        }
    }
}

/// Replaces `range` (the whole text when `None`) with `text`. Returns whether the range had to
/// be clamped to the document.
pub fn apply(rope: &mut Rope, range: Option<Range>, text: &str, encoding: Encoding) -> bool {
    let Some(range) = range else {
        *rope = Rope::from_str(text);
        return false;
    };
    let (start, start_clamped) = rope_offset(rope, line_col(range.start), encoding);
    let (end, end_clamped) = rope_offset(rope, line_col(range.end), encoding);
    let reversed = start > end;
    let (start, end) = if reversed { (end, start) } else { (start, end) };
    let (start, end) = (rope.byte_to_char(start), rope.byte_to_char(end));
    rope.remove(start..end);
    rope.insert(start, text);
    start_clamped || end_clamped || reversed
}

fn line_col(position: tower_lsp_server::ls_types::Position) -> LineCol {
    LineCol {
        line: position.line,
        col: position.character,
    }
}

/// The text of a rope, copied chunk by chunk (`to_string` goes through the formatting
/// machinery, several times slower on a long draft).
fn text_of(rope: &Rope) -> Arc<str> {
    let mut text = String::with_capacity(rope.len_bytes());
    rope.chunks().for_each(|chunk| text.push_str(chunk));
    Arc::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(at: u32, text: &str) -> TextDocumentContentChangeEvent {
        let position = Position::new(0, at);
        TextDocumentContentChangeEvent {
            range: Some(Range::new(position, position)),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_text_opened_again_with_the_same_version_is_a_new_revision() {
        let uri: Uri = "file:///draft.md".parse().unwrap();
        let mut documents = Documents::default();
        documents.open(uri.clone(), "markdown", 1, "Fine.");
        let first = documents.snapshot(&uri).unwrap().revision;
        documents.open(uri.clone(), "markdown", 1, "“Open.");
        let again = documents.snapshot(&uri).unwrap();
        assert_eq!(again.version, 1);
        assert_ne!(again.revision, first);
    }

    #[test]
    fn who_needs_the_analysis_of_the_same_text_shares_it_until_the_text_changes() {
        let uri: Uri = "file:///draft.md".parse().unwrap();
        let mut documents = Documents::default();
        documents.open(uri.clone(), "markdown", 1, "Fine.");
        let first = documents.pending(&uri, 7).unwrap();
        assert!(Arc::ptr_eq(&first, &documents.pending(&uri, 7).unwrap()));
        // Other settings: another analysis.
        let other = documents.pending(&uri, 8).unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
        documents.change(&uri, 2, &[insert(0, "x")], Encoding::Utf16);
        assert!(!Arc::ptr_eq(&other, &documents.pending(&uri, 8).unwrap()));
        assert!(
            documents
                .pending(&"file:///closed.md".parse().unwrap(), 8)
                .is_none()
        );
    }
}
