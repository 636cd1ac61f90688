//! The workspace folders, each as one story: the name summary of every draft in it and the style
//! sheet in force, with the editor's settings, kept together under one lock ([`Folders`]). A
//! draft belongs to the deepest folder that holds it. For each draft that is not open a folder
//! also keeps its entities, compactly (names, spellings and the LSP ranges of their mentions), so
//! that workspace symbols and references span the folder.
//!
//! The core sees only texts and summaries; this module does the reading: the folder scan (the
//! `ignore` crate, so `.gitignore` and hidden files are honoured, plus `[files] skip`), and the
//! re-reading of a closed draft that changed on disk. A keystroke never waits for any of it: it
//! takes the story as last assembled ([`Workspace::story`]), a pair of `Arc`s.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{Diagnostic, DiagnosticRelatedInformation, Location, Range, Uri};

use super::{diagnostics, settings};
use crate::analysis::entities::{Entity, EntityKind};
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

/// An entity of a draft read from disk: what workspace symbols and references need of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The preferred full name.
    pub name: String,
    pub kind: EntityKind,
    /// The spellings its mentions write (title references left out).
    pub spellings: Vec<String>,
    /// Where its first full reference is.
    pub anchor: Range,
    /// Where every mention is, in text order.
    pub mentions: Vec<Range>,
}

/// What the folder keeps of a draft read from disk.
#[derive(Debug, Default)]
pub struct DiskDraft {
    pub summary: NameSummary,
    pub ranges: HashMap<Span, Range>,
    pub entities: Vec<Named>,
}

/// One draft of the story, open or on disk.
#[derive(Debug)]
struct Entry {
    uri: Uri,
    summary: Option<Arc<NameSummary>>,
    placed: Arc<Placed>,
    /// Its entities as last read from disk (stale while the draft is open: not used then).
    entities: Arc<Vec<Named>>,
}

/// What changed since the story was last assembled.
#[derive(Debug, PartialEq, Eq)]
pub enum Assembled {
    /// Nothing: the story stands.
    Unchanged,
    /// Names are as they were, but these drafts write them at other places: only the related
    /// information that points into them changes.
    Moved(HashSet<DocId>),
    /// A draft's names changed: every draft of the story is to be checked again.
    Names,
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

/// The workspace folders of the session, each with its style sheet and its story, and the
/// editor's settings. A draft belongs to the deepest folder that contains it.
#[derive(Debug, Default)]
pub struct Folders {
    /// The editor's own settings (initializationOptions, didChangeConfiguration).
    pub editor: Settings,
    /// The editor's `configFile` setting, as written (`None`: `copydesk.toml` at each root).
    config_file: Option<String>,
    /// The home directory a `~/` in `configFile` stands for.
    home: Option<PathBuf>,
    list: Vec<Workspace>,
}

impl Folders {
    /// Adds a workspace folder (once) with its style sheet. Drafts of a folder it holds now
    /// belong to it, and leave the story of the folder around it.
    pub fn add(&mut self, root: PathBuf, style: Config) {
        if self.at(&root).is_some() {
            return;
        }
        let (style_path, configured) = self.style_path_for(&root);
        let mut folder = Workspace {
            root,
            style,
            style_path,
            configured,
            ..Workspace::default()
        };
        folder.merged = folder.settings(&self.editor);
        self.list.push(folder);
        let last = self.list.len() - 1;
        for i in 0..last {
            let theirs: Vec<Uri> = self.list[i]
                .uris()
                .into_iter()
                .filter(|uri| self.owner(uri) == Some(last))
                .collect();
            for uri in theirs {
                self.list[i].remove(&uri);
            }
        }
    }

    /// The style sheet of a folder at `root`: the file the `configFile` setting names, or
    /// `copydesk.toml` at the root; and whether it was configured.
    pub fn style_path_for(&self, root: &Path) -> (PathBuf, bool) {
        match &self.config_file {
            Some(setting) => (
                settings::resolve_config_file(setting, root, self.home.as_deref()),
                true,
            ),
            None => (root.join(config::FILE_NAME), false),
        }
    }

    /// Takes the editor's `configFile` setting (and the home directory `~/` stands for). Returns
    /// the folders whose style sheet is now another file, each with its root and the file it
    /// was before.
    pub fn set_config_file(
        &mut self,
        setting: Option<String>,
        home: Option<PathBuf>,
    ) -> Vec<(PathBuf, PathBuf)> {
        self.config_file = setting;
        self.home = home;
        let mut moved = Vec::new();
        for i in 0..self.list.len() {
            let (path, configured) = self.style_path_for(&self.list[i].root);
            let folder = &mut self.list[i];
            folder.configured = configured;
            if folder.style_path != path {
                let old = std::mem::replace(&mut folder.style_path, path);
                moved.push((folder.root.clone(), old));
            }
        }
        moved
    }

    /// The paths of the style sheets the `configFile` setting names, one per folder.
    pub fn configured_styles(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self
            .list
            .iter()
            .filter(|folder| folder.configured)
            .map(|folder| folder.style_path.clone())
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// Removes a workspace folder; says whether there was one.
    pub fn remove_folder(&mut self, root: &Path) -> bool {
        let before = self.list.len();
        self.list.retain(|folder| folder.root != root);
        self.list.len() < before
    }

    /// The roots of the workspace folders, in the order they were added.
    pub fn roots(&self) -> Vec<PathBuf> {
        self.list.iter().map(|folder| folder.root.clone()).collect()
    }

    /// The folders that hold `path`, innermost first.
    pub fn around(&self, path: &Path) -> Vec<PathBuf> {
        let mut around: Vec<PathBuf> = self
            .list
            .iter()
            .filter(|folder| path.starts_with(&folder.root))
            .map(|folder| folder.root.clone())
            .collect();
        around.sort_by_key(|root| std::cmp::Reverse(root.components().count()));
        around
    }

    /// The deepest folder that holds `path`.
    fn owner_of_path(&self, path: &Path) -> Option<usize> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, folder)| path.starts_with(&folder.root))
            .max_by_key(|(_, folder)| folder.root.components().count())
            .map(|(i, _)| i)
    }

    fn owner(&self, uri: &Uri) -> Option<usize> {
        self.owner_of_path(&uri.to_file_path()?)
    }

    /// The folder a document belongs to: the deepest that holds it.
    pub fn of(&self, uri: &Uri) -> Option<&Workspace> {
        self.owner(uri).map(|i| &self.list[i])
    }

    fn of_mut(&mut self, uri: &Uri) -> Option<&mut Workspace> {
        self.owner(uri).map(|i| &mut self.list[i])
    }

    /// The folder whose root is `root`.
    pub fn at(&self, root: &Path) -> Option<&Workspace> {
        self.list.iter().find(|folder| folder.root == root)
    }

    /// The folder whose root is `root`, to change it.
    pub fn at_mut(&mut self, root: &Path) -> Option<&mut Workspace> {
        self.list.iter_mut().find(|folder| folder.root == root)
    }

    /// Whether `path` belongs to the folder at `root` (and to no folder inside it).
    pub fn owns(&self, root: &Path, path: &Path) -> bool {
        self.owner_of_path(path)
            .is_some_and(|i| self.list[i].root == root)
    }

    /// Whether two documents belong to the same folder, hence to one story.
    pub fn same_story(&self, a: &Uri, b: &Uri) -> bool {
        self.owner(a).is_some_and(|i| self.owner(b) == Some(i))
    }

    /// The root of a folder whose style sheet `uri` is (one file may serve several folders:
    /// see [`Folders::style_roots`]).
    pub fn style_root(&self, uri: &Uri) -> Option<PathBuf> {
        self.style_roots(uri).into_iter().next()
    }

    /// The roots of the folders whose style sheet `uri` is.
    pub fn style_roots(&self, uri: &Uri) -> Vec<PathBuf> {
        let Some(path) = uri.to_file_path() else {
            return Vec::new();
        };
        self.list
            .iter()
            .filter(|folder| folder.style_path == *path)
            .map(|folder| folder.root.clone())
            .collect()
    }

    /// The settings a document is analysed with: its folder's, or `None` outside every folder.
    pub fn settings_for(&self, uri: &Uri) -> Option<Settings> {
        self.of(uri).map(|folder| folder.merged.clone())
    }

    /// Merges the editor's settings with each folder's style sheet again.
    pub fn renew(&mut self) {
        for folder in &mut self.list {
            folder.merged = folder.settings(&self.editor);
        }
    }

    /// The story a document is analysed within, and its number there (`None` outside every
    /// folder: it is checked on its own).
    pub fn story_for(&mut self, uri: &Uri) -> (StorySnapshot, Option<DocId>) {
        match self.of_mut(uri) {
            Some(folder) => (folder.story(), folder.member(uri)),
            None => (StorySnapshot::default(), None),
        }
    }

    /// Records the names of an open draft in its folder's story.
    pub fn update(&mut self, uri: &Uri, summary: NameSummary, ranges: HashMap<Span, Range>) {
        if let Some(folder) = self.of_mut(uri) {
            folder.update(uri, summary, ranges);
        }
    }

    /// Records a draft read from disk in its folder's story.
    pub fn update_from_disk(&mut self, uri: &Uri, read: DiskDraft) {
        if let Some(folder) = self.of_mut(uri) {
            folder.update_from_disk(uri, read);
        }
    }

    /// Forgets a draft (deleted, or no longer read).
    pub fn remove(&mut self, uri: &Uri) {
        if let Some(folder) = self.of_mut(uri) {
            folder.remove(uri);
        }
    }

    /// Assembles each folder's story where a summary changed: the folders, by root, and what
    /// changed in each.
    pub fn assemble(&mut self) -> Vec<(PathBuf, Assembled)> {
        self.list
            .iter_mut()
            .map(|folder| (folder.root.clone(), folder.assemble()))
            .filter(|(_, assembled)| *assembled != Assembled::Unchanged)
            .collect()
    }

    /// The entities of the drafts that are not `open`, of every folder.
    pub fn entities_on_disk(&self, open: &HashSet<Uri>) -> Vec<(Uri, Arc<Vec<Named>>)> {
        self.list
            .iter()
            .flat_map(|folder| folder.entities_on_disk(open))
            .collect()
    }

    /// Whether the style sheet of `uri`'s folder turns speaker hints on, `editor` where it is
    /// silent or where there is no folder.
    pub fn inlay_hints_for(&self, uri: &Uri, editor: bool) -> bool {
        self.of(uri)
            .map_or(editor, |folder| folder.style.inlay_hints_or(editor))
    }
}

/// One workspace folder: its root, style sheet and story.
#[derive(Debug, Default)]
pub struct Workspace {
    pub root: PathBuf,
    /// The last good style sheet (the defaults when there never was one).
    pub style: Config,
    /// Where the style sheet is: see [`Folders::style_path_for`].
    style_path: PathBuf,
    /// Whether the style sheet is the file the `configFile` setting names.
    configured: bool,
    /// The editor's settings overlaid with the style sheet's, as drafts of the folder are
    /// analysed with them.
    merged: Settings,
    entries: Vec<Entry>,
    by_uri: HashMap<Uri, usize>,
    snapshot: StorySnapshot,
    /// A summary changed since the story was last assembled.
    dirty: bool,
    /// Drafts whose names moved (same names, other places) since the story was last assembled.
    moved: HashSet<DocId>,
}

impl Workspace {
    /// The settings the core runs with: the editor's, overlaid with the style sheet's.
    pub fn settings(&self, editor: &Settings) -> Settings {
        config::merge(editor, &self.style)
    }

    /// The style sheet's path: the file the `configFile` setting names, else `copydesk.toml` at
    /// the root of the workspace folder.
    pub fn style_path(&self) -> &Path {
        &self.style_path
    }

    /// Whether the style sheet is the file the `configFile` setting names.
    pub fn configured(&self) -> bool {
        self.configured
    }

    /// The folder the style sheet's `[files] skip` patterns are relative to: the style sheet's
    /// own, as in `copydesk check --config FILE`.
    pub fn skip_base(&self) -> &Path {
        self.style_path.parent().unwrap_or(&self.root)
    }

    /// Whether the style sheet's `[files] skip` leaves out the draft at `path`.
    pub fn skips(&self, path: &Path) -> bool {
        path.strip_prefix(self.skip_base())
            .is_ok_and(|relative| self.style.skips(relative))
    }

    /// The number of a draft in the story, given it one if it has none; `None` for a document
    /// outside the folder.
    pub fn member(&mut self, uri: &Uri) -> Option<DocId> {
        if let Some(&id) = self.by_uri.get(uri) {
            return Some(DocId(id));
        }
        let inside = uri
            .to_file_path()
            .is_some_and(|path| path.starts_with(&self.root));
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
            entities: Arc::default(),
        });
        self.by_uri.insert(uri.clone(), id);
        DocId(id)
    }

    /// Records the names of a draft of the folder (others are left out), noting whether they
    /// differ from those recorded before, or are only written at other places.
    pub fn update(&mut self, uri: &Uri, summary: NameSummary, ranges: HashMap<Span, Range>) {
        let Some(DocId(id)) = self.member(uri) else {
            return;
        };
        let entry = &mut self.entries[id];
        let changed = entry
            .summary
            .as_ref()
            .is_none_or(|old| !old.same_names(&summary));
        let moved = !changed
            && entry
                .summary
                .as_ref()
                .is_some_and(|old| **old != summary || entry.placed.ranges != ranges);
        entry.summary = Some(Arc::new(summary));
        entry.placed = Arc::new(Placed {
            uri: Some(uri.clone()),
            ranges,
        });
        self.dirty |= changed;
        if moved {
            self.moved.insert(DocId(id));
        }
    }

    /// Records a draft read from disk: its names, and its entities for symbols and references.
    pub fn update_from_disk(&mut self, uri: &Uri, read: DiskDraft) {
        self.update(uri, read.summary, read.ranges);
        if let Some(&id) = self.by_uri.get(uri) {
            self.entries[id].entities = Arc::new(read.entities);
        }
    }

    /// The entities of every draft of the folder that is not `open`, as last read from disk.
    pub fn entities_on_disk(&self, open: &HashSet<Uri>) -> Vec<(Uri, Arc<Vec<Named>>)> {
        self.entries
            .iter()
            .filter(|e| e.summary.is_some() && !open.contains(&e.uri))
            .map(|e| (e.uri.clone(), e.entities.clone()))
            .collect()
    }

    /// Forgets the names of a draft (deleted from disk).
    pub fn remove(&mut self, uri: &Uri) {
        if let Some(&id) = self.by_uri.get(uri) {
            let entry = &mut self.entries[id];
            self.dirty |= entry.summary.take().is_some();
            entry.entities = Arc::default();
        }
    }

    /// How many drafts have names recorded.
    pub fn drafts(&self) -> usize {
        self.entries.iter().filter(|e| e.summary.is_some()).count()
    }

    /// Assembles the story again when a summary changed, and says what changed.
    pub fn assemble(&mut self) -> Assembled {
        let moved = std::mem::take(&mut self.moved);
        let assembled = if std::mem::take(&mut self.dirty) {
            Assembled::Names
        } else if !moved.is_empty() {
            Assembled::Moved(moved)
        } else {
            return Assembled::Unchanged;
        };
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
        assembled
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

/// What the folder keeps of a draft read from disk: its names, the LSP ranges of the places they
/// list, and its entities.
pub fn summarise(text: &str, format: Format, settings: &Settings, encoding: Encoding) -> DiskDraft {
    let analysis = analysis::analyze(text, format, settings);
    let summary = NameSummary::of(&analysis.names);
    let ranges = ranges_of(&summary, text, encoding);
    let index = LineIndex::new(text);
    let range = |span| diagnostics::range(text, &index, span, encoding);
    let entities = analysis
        .entities
        .entities
        .iter()
        .filter_map(|entity| {
            let mentions = analysis.entities.mentions(entity);
            let anchor = mentions.get(entity.first_full)?.span();
            Some(Named {
                name: entity.name.clone(),
                kind: entity.kind,
                spellings: entity.spellings.iter().map(|s| s.text.clone()).collect(),
                anchor: range(anchor),
                mentions: mentions.iter().map(|m| range(m.span())).collect(),
            })
        })
        .collect();
    DiskDraft {
        summary,
        ranges,
        entities,
    }
}

/// Who an entity is, as drafts of one story are compared: its name and the spellings written.
#[derive(Debug, Clone, Copy)]
pub struct Identity<'a> {
    pub name: &'a str,
    pub kind: EntityKind,
    pub spellings: &'a [String],
}

impl<'a> Identity<'a> {
    /// An entity of an open draft, with its spellings as [`spellings_of`] lists them.
    pub fn of_entity(entity: &'a Entity, spellings: &'a [String]) -> Identity<'a> {
        Identity {
            name: &entity.name,
            kind: entity.kind,
            spellings,
        }
    }

    pub fn of_named(named: &'a Named) -> Identity<'a> {
        Identity {
            name: &named.name,
            kind: named.kind,
            spellings: &named.spellings,
        }
    }

    /// Whether two drafts name the same entity: the same preferred name, or a draft that writes
    /// one word only (`Shoigu`) where the other gives it as a spelling or as the last word of
    /// the full name (`Sergei Shoigu`). Two full names never match on a shared surname alone.
    pub fn same_as(&self, other: &Identity) -> bool {
        let kinds = self.kind == other.kind
            || self.kind == EntityKind::Other
            || other.kind == EntityKind::Other;
        kinds && (self.name == other.name || self.within(other) || other.within(self))
    }

    /// `self` is one word, written by `other` on its own or as its last name word.
    fn within(&self, other: &Identity) -> bool {
        !self.name.contains(char::is_whitespace)
            && (other.spellings.iter().any(|s| s == self.name)
                || other.name.split_whitespace().next_back() == Some(self.name))
    }
}

/// The spellings of an entity's mentions in an open draft, title references left out.
pub fn spellings_of(entity: &Entity) -> Vec<String> {
    entity.spellings.iter().map(|s| s.text.clone()).collect()
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
/// whatever `[files] skip` names (relative to `skip_base`, the style sheet's folder). At most
/// [`MAX_DRAFTS`]; the notes say what was left out.
pub fn scan(root: &Path, style: &Config, skip_base: &Path) -> (Vec<PathBuf>, Vec<String>) {
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
            .strip_prefix(skip_base)
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

    fn read(text: &str) -> DiskDraft {
        summarise(
            text,
            Format::Markdown,
            &Settings::default(),
            Encoding::Utf16,
        )
    }

    #[test]
    fn a_summary_change_is_noticed_and_the_story_reassembled() {
        let mut ws = Workspace {
            root: PathBuf::from("/story"),
            ..Workspace::default()
        };
        let outside: Uri = "file:///elsewhere/c.md".parse().unwrap();
        assert_eq!(ws.member(&outside), None);
        let a: Uri = "file:///story/a.md".parse().unwrap();
        let b: Uri = "file:///story/b.md".parse().unwrap();
        let text = "Sergei Shoigu spoke. Shoigu left.";
        let first = read(text);
        let place = first.summary.spellings[1].places[0];
        ws.update(&a, first.summary, first.ranges);
        let other = read("Shoygu came.");
        ws.update(&b, other.summary, other.ranges);
        assert_eq!(ws.assemble(), Assembled::Names);
        assert_eq!(ws.story().story.len(), 2);
        assert_eq!(ws.assemble(), Assembled::Unchanged);
        // The same names at other places: only the places of that draft are new.
        let moved = read(&format!("\n{text}"));
        ws.update(&a, moved.summary, moved.ranges);
        assert_eq!(ws.assemble(), Assembled::Moved(HashSet::from([DocId(0)])));
        let snapshot = ws.story();
        assert!(snapshot.location(DocId(0), place).is_none());
        let location = snapshot
            .location(DocId(0), Span::new(place.start + 1, place.end + 1))
            .unwrap();
        assert_eq!(location.uri, a);
        assert_eq!(location.range.start.line, 1);
        ws.remove(&b);
        assert_eq!(ws.assemble(), Assembled::Names);
        assert_eq!(ws.drafts(), 1);
    }

    #[test]
    fn drafts_read_from_disk_keep_their_entities_until_opened_or_deleted() {
        let mut ws = Workspace {
            root: PathBuf::from("/story"),
            ..Workspace::default()
        };
        let a: Uri = "file:///story/a.md".parse().unwrap();
        ws.update_from_disk(&a, read("Intro.\n\nSergei Shoigu spoke. Shoigu left."));
        let on_disk = ws.entities_on_disk(&HashSet::new());
        assert_eq!(on_disk.len(), 1);
        let shoigu = on_disk[0]
            .1
            .iter()
            .find(|e| e.name == "Sergei Shoigu")
            .unwrap();
        assert_eq!(shoigu.anchor.start.line, 2);
        assert_eq!(shoigu.mentions.len(), 2);
        assert_eq!(shoigu.mentions[1].start.character, 21);
        assert!(ws.entities_on_disk(&HashSet::from([a.clone()])).is_empty());
        ws.remove(&a);
        assert!(ws.entities_on_disk(&HashSet::new()).is_empty());
    }

    #[test]
    fn one_entity_across_drafts_by_name_or_by_a_one_word_name_the_other_writes() {
        let spellings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let full = spellings(&["Sergei Shoigu", "Shoigu"]);
        let shoigu = Identity {
            name: "Sergei Shoigu",
            kind: EntityKind::Person,
            spellings: &full,
        };
        let alone = spellings(&["Shoigu"]);
        let surname = Identity {
            name: "Shoigu",
            kind: EntityKind::Person,
            spellings: &alone,
        };
        assert!(shoigu.same_as(&surname) && surname.same_as(&shoigu));
        assert!(shoigu.same_as(&shoigu));
        let other = spellings(&["Anna Shoigu"]);
        let anna = Identity {
            name: "Anna Shoigu",
            kind: EntityKind::Person,
            spellings: &other,
        };
        assert!(!shoigu.same_as(&anna));
        let place = Identity {
            kind: EntityKind::Place,
            ..surname
        };
        assert!(!place.same_as(&shoigu));
    }

    #[test]
    fn a_draft_belongs_to_the_deepest_folder_and_leaves_the_outer_story() {
        let mut folders = Folders::default();
        folders.add(PathBuf::from("/desk"), Config::default());
        let sidebar: Uri = "file:///desk/libya/sidebar.md".parse().unwrap();
        let elsewhere: Uri = "file:///other/notes.md".parse().unwrap();
        let text = read("Sergei Shoigu spoke.");
        folders.update(&sidebar, text.summary, text.ranges);
        assert_eq!(folders.at(Path::new("/desk")).unwrap().drafts(), 1);
        assert!(folders.settings_for(&elsewhere).is_none());
        assert_eq!(folders.story_for(&elsewhere).1, None);

        folders.add(PathBuf::from("/desk/libya"), Config::default());
        assert_eq!(folders.of(&sidebar).unwrap().root, Path::new("/desk/libya"));
        assert_eq!(folders.at(Path::new("/desk")).unwrap().drafts(), 0);
        let story: Uri = "file:///desk/libya/story.md".parse().unwrap();
        let main: Uri = "file:///desk/main.md".parse().unwrap();
        assert!(folders.same_story(&sidebar, &story));
        assert!(!folders.same_story(&sidebar, &main));
        let style: Uri = "file:///desk/libya/copydesk.toml".parse().unwrap();
        assert_eq!(
            folders.style_root(&style),
            Some(PathBuf::from("/desk/libya"))
        );
        assert_eq!(
            folders.around(Path::new("/desk/libya")),
            [PathBuf::from("/desk/libya"), PathBuf::from("/desk")]
        );

        assert!(folders.remove_folder(Path::new("/desk/libya")));
        assert_eq!(folders.of(&sidebar).unwrap().root, Path::new("/desk"));
        assert_eq!(folders.roots(), [PathBuf::from("/desk")]);
    }

    #[test]
    fn the_config_file_setting_moves_each_folders_style_sheet() {
        let mut folders = Folders::default();
        folders.add(PathBuf::from("/desk"), Config::default());
        let default: Uri = "file:///desk/copydesk.toml".parse().unwrap();
        assert_eq!(folders.style_root(&default), Some(PathBuf::from("/desk")));
        assert!(folders.configured_styles().is_empty());

        let moved = folders.set_config_file(Some("style/house.toml".to_string()), None);
        assert_eq!(
            moved,
            [(PathBuf::from("/desk"), PathBuf::from("/desk/copydesk.toml"))]
        );
        assert_eq!(folders.style_root(&default), None);
        let house: Uri = "file:///desk/style/house.toml".parse().unwrap();
        assert_eq!(folders.style_root(&house), Some(PathBuf::from("/desk")));
        assert!(folders.at(Path::new("/desk")).unwrap().configured());
        // The same setting again moves nothing; a folder added later takes it too.
        assert!(
            folders
                .set_config_file(Some("style/house.toml".to_string()), None)
                .is_empty()
        );
        folders.add(PathBuf::from("/other"), Config::default());
        assert_eq!(
            folders.configured_styles(),
            [
                PathBuf::from("/desk/style/house.toml"),
                PathBuf::from("/other/style/house.toml")
            ]
        );

        // An absolute file serves every folder.
        let shared = "/shared/house.toml".to_string();
        assert_eq!(folders.set_config_file(Some(shared), None).len(), 2);
        let shared: Uri = "file:///shared/house.toml".parse().unwrap();
        assert_eq!(folders.style_roots(&shared).len(), 2);
        assert_eq!(folders.configured_styles().len(), 1);

        assert_eq!(folders.set_config_file(None, None).len(), 2);
        assert_eq!(folders.style_root(&default), Some(PathBuf::from("/desk")));
        assert!(!folders.at(Path::new("/desk")).unwrap().configured());
    }

    #[test]
    fn skip_patterns_are_relative_to_the_style_sheets_folder() {
        let style = config::parse("[files]\nskip = [\"archive/**\"]\n")
            .config
            .unwrap();
        let mut folders = Folders::default();
        folders.add(PathBuf::from("/desk"), style);
        let at_root = folders.at(Path::new("/desk")).unwrap();
        assert!(at_root.skips(Path::new("/desk/archive/old.md")));
        assert!(!at_root.skips(Path::new("/desk/style/archive/old.md")));
        folders.set_config_file(Some("style/house.toml".to_string()), None);
        let configured = folders.at(Path::new("/desk")).unwrap();
        assert_eq!(configured.skip_base(), Path::new("/desk/style"));
        assert!(configured.skips(Path::new("/desk/style/archive/old.md")));
        assert!(!configured.skips(Path::new("/desk/archive/old.md")));
    }
}
