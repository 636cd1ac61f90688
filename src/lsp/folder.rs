//! The server's handling of the workspace folder: the style sheet read at start and again when it
//! changes, the file watchers registered with the client, and the background indexing of the
//! folder's drafts into one story.
//!
//! Reading files runs on the blocking pool, outside every lock; the workspace lock is held only
//! to swap summaries in. A keystroke's analysis takes the story as last assembled and never waits
//! for a scan.

use std::collections::HashSet;
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeActionOrCommand, FileChangeType, FileEvent, InitializeParams, Location, MessageType,
    NumberOrString, Registration, ResourceOperationKind, Uri, WorkspaceSymbol,
};

use super::code_actions::EditStyle;
use super::config_file;
use super::documents::Analysed;
use super::server::State;
use super::style_fixes::{self, StyleFile};
use super::symbols;
use super::workspace::{self, Assembled, Identity, Workspace};
use crate::analysis::Span;
use crate::config::FILE_NAME;

/// The id of the watcher registration.
const WATCH_ID: &str = "copydesk-watch";

/// The progress token of a folder scan.
const PROGRESS_TOKEN: &str = "copydesk-indexing";

/// How long the story waits for names to stop changing before it is assembled again.
const STORY_PAUSE: Duration = Duration::from_millis(300);

impl State {
    pub(super) fn folder(&self) -> MutexGuard<'_, Workspace> {
        self.folder.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Re-reads the settings the core runs with and starts a new generation, so that every
    /// cached analysis is redone.
    pub(super) fn renew_settings(&self) {
        let merged = self.folder().settings();
        let mut settings = self.settings();
        let generation = settings.0 + 1;
        *settings = (generation, merged);
    }

    /// At `initialize`: the workspace folder, and the style sheet at its root. Publishing its
    /// problems waits for `initialized`.
    pub(super) fn open_folder(&self, params: &InitializeParams) {
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.clone())
            .or_else(|| {
                #[allow(deprecated)]
                params.root_uri.clone()
            })
            .and_then(|uri| uri.to_file_path().map(|p| p.into_owned()));
        let mut folder = self.folder();
        folder.root = root;
        if let Some(path) = folder.style_path() {
            let text = std::fs::read_to_string(&path).ok();
            let read = config_file::read(text.as_deref(), self.encoding());
            if let Some(config) = read.config.clone() {
                folder.style = config;
            }
            *self.pending_style.lock().unwrap_or_else(|e| e.into_inner()) = Some(read);
        }
    }

    /// At `initialized`: watchers, the style sheet's problems, and the first scan.
    pub(super) async fn start_folder(&self) {
        let dynamic = self
            .client_capabilities
            .get()
            .and_then(|c| c.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if dynamic {
            let registration = Registration {
                id: WATCH_ID.to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: Some(json!({"watchers": [
                    {"globPattern": format!("**/{FILE_NAME}")},
                    {"globPattern": "**/*.{md,markdown,txt}"},
                ]})),
            };
            if let Err(error) = self.client.register_capability(vec![registration]).await {
                let message = format!("could not register file watchers: {error}");
                self.log(MessageType::WARNING, message).await;
            }
        }
        let pending = self
            .pending_style
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(read) = pending {
            self.publish_style(read).await;
        }
        self.index_folder(false).await;
    }

    /// Publishes the style sheet's problems, and says so when they rejected it.
    async fn publish_style(&self, read: config_file::Read) {
        let Some(uri) = self.style_uri() else {
            return;
        };
        if read.errors > 0 {
            let message = config_file::rejected_message(read.errors);
            self.client
                .show_message(MessageType::ERROR, message.clone())
                .await;
            self.log(MessageType::ERROR, message).await;
        }
        self.client
            .publish_diagnostics(uri, read.diagnostics, None)
            .await;
    }

    fn style_uri(&self) -> Option<Uri> {
        self.folder().style_path().and_then(Uri::from_file_path)
    }

    /// Whether a URI is the workspace's style sheet.
    pub(super) fn is_style(&self, uri: &Uri) -> bool {
        self.style_uri().is_some_and(|style| &style == uri)
    }

    /// Reads the style sheet again (`text`, or from disk when `None`). A good file takes effect
    /// at once: the folder is indexed again and every open draft re-published. A rejected file
    /// leaves the last good configuration in force.
    pub(super) async fn reload_style(&self, text: Option<String>) {
        let text = match text {
            Some(text) => Some(text),
            None => {
                let path = self.folder().style_path();
                match path {
                    Some(path) => {
                        tokio::task::spawn_blocking(move || std::fs::read_to_string(path).ok())
                            .await
                            .ok()
                            .flatten()
                    }
                    None => None,
                }
            }
        };
        let read = config_file::read(text.as_deref(), self.encoding());
        let config = read.config.clone();
        self.publish_style(read).await;
        if let Some(config) = config {
            self.folder().style = config;
            self.log(MessageType::INFO, "copydesk.toml read: new rules in force")
                .await;
            self.renew_settings();
            self.index_folder(true).await;
        }
    }

    /// Indexes every draft of the folder in the background, with work-done progress when the
    /// client supports it, then re-publishes the open drafts if the story changed, or always
    /// when `republish` (the rules changed).
    pub(super) async fn index_folder(&self, republish: bool) {
        let (root, style, settings) = {
            let folder = self.folder();
            (folder.root.clone(), folder.style.clone(), folder.settings())
        };
        let Some(root) = root else {
            if republish {
                self.refresh_open().await;
            }
            return;
        };
        let encoding = self.encoding();
        let scan_root = root.clone();
        let scanned =
            tokio::task::spawn_blocking(move || workspace::scan(&scan_root, &style)).await;
        let (paths, notes) = scanned.unwrap_or_default();
        for note in notes {
            self.log(MessageType::WARNING, note).await;
        }
        let progress = self.begin_progress(paths.len()).await;
        let open: Vec<Uri> = self
            .documents()
            .analysed_uris()
            .into_iter()
            .map(|(uri, _)| uri)
            .collect();
        let settings = Arc::new(settings);
        let work = tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            let mut notes = Vec::new();
            for path in paths {
                let Some(uri) = Uri::from_file_path(&path) else {
                    continue;
                };
                if open.contains(&uri) {
                    continue;
                }
                let Some(format) = workspace::format_of_path(&path) else {
                    continue;
                };
                match workspace::read(&path) {
                    Ok(text) => {
                        out.push((
                            uri,
                            workspace::summarise(&text, format, &settings, encoding),
                        ));
                    }
                    Err(note) => notes.push(note),
                }
            }
            (out, notes)
        });
        let (summaries, notes) = work.await.unwrap_or_default();
        for note in notes {
            self.log(MessageType::WARNING, note).await;
        }
        let count = summaries.len();
        {
            let mut folder = self.folder();
            for (uri, read) in summaries {
                folder.update_from_disk(&uri, read);
            }
        }
        if let Some(progress) = progress {
            progress
                .finish_with_message(format!("Indexed {count} drafts"))
                .await;
        }
        let message = format!("indexed {count} drafts of {}", root.display());
        self.log(MessageType::INFO, message).await;
        let assembled = self.folder().assemble();
        if republish {
            self.renew_settings();
            self.refresh_open().await;
        } else {
            self.republish_story(assembled).await;
        }
    }

    async fn begin_progress(
        &self,
        drafts: usize,
    ) -> Option<
        tower_lsp_server::OngoingProgress<
            tower_lsp_server::Unbounded,
            tower_lsp_server::NotCancellable,
        >,
    > {
        let supported = self
            .client_capabilities
            .get()
            .and_then(|c| c.window.as_ref())
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        if !supported {
            return None;
        }
        let token = NumberOrString::String(PROGRESS_TOKEN.to_string());
        if self
            .client
            .create_work_done_progress(token.clone())
            .await
            .is_err()
        {
            return None;
        }
        Some(
            self.client
                .progress(token, format!("Indexing {drafts} drafts"))
                .begin()
                .await,
        )
    }

    /// After a draft's names changed: the story is to be assembled again.
    pub(super) fn story_changed(&self) {
        self.story_notify.notify_one();
    }

    /// Runs for the whole session: each time names changed, waits for typing to pause, then
    /// assembles the story again and re-publishes the open drafts of the folder. One pass however
    /// many drafts changed meanwhile, so that opening many drafts never starts a storm.
    pub(super) async fn assemble_story(&self) {
        loop {
            self.story_notify.notified().await;
            tokio::time::sleep(STORY_PAUSE).await;
            let assembled = self.folder().assemble();
            self.republish_story(assembled).await;
        }
    }

    /// Re-publishes what a new assembly of the story changes: every open draft when names
    /// changed; when names only moved, the open drafts whose diagnostics point into the drafts
    /// where they moved.
    async fn republish_story(&self, assembled: Assembled) {
        match assembled {
            Assembled::Unchanged => {}
            Assembled::Names => {
                self.renew_settings();
                self.refresh_open().await;
            }
            Assembled::Moved(moved) => {
                let pointing = self.documents().forget_pointing_into(&moved);
                let refreshes = pointing
                    .into_iter()
                    .map(|(uri, version)| self.refresh(uri, version));
                futures::future::join_all(refreshes).await;
            }
        }
    }

    /// Analyses and publishes every open draft.
    async fn refresh_open(&self) {
        let open = self.documents().analysed_uris();
        let refreshes = open
            .into_iter()
            .map(|(uri, version)| self.refresh(uri, version));
        futures::future::join_all(refreshes).await;
    }

    /// Files changed on disk: the style sheet is read again; a closed draft is re-read.
    pub(super) async fn files_changed(&self, changes: Vec<FileEvent>) {
        let mut style = false;
        let mut drafts = Vec::new();
        for change in changes {
            if self.is_style(&change.uri) {
                style = true;
            } else {
                drafts.push(change);
            }
        }
        if style {
            self.reload_style(None).await;
        }
        for change in drafts {
            self.draft_on_disk(&change.uri, change.typ == FileChangeType::DELETED)
                .await;
        }
        self.story_changed();
    }

    /// Re-reads a draft that is not open (or forgets it when deleted).
    pub(super) async fn draft_on_disk(&self, uri: &Uri, deleted: bool) {
        if self.documents().get(uri).is_some() {
            return;
        }
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return;
        };
        let (inside, skipped, settings) = {
            let folder = self.folder();
            let inside = folder.root.as_ref().is_some_and(|r| path.starts_with(r));
            let skipped = folder
                .root
                .as_ref()
                .and_then(|r| path.strip_prefix(r).ok())
                .is_some_and(|relative| folder.style.skips(relative));
            (inside, skipped, folder.settings())
        };
        let Some(format) = workspace::format_of_path(&path) else {
            return;
        };
        if deleted || !inside || skipped {
            self.folder().remove(uri);
            return;
        }
        let encoding = self.encoding();
        let read = tokio::task::spawn_blocking(move || {
            workspace::read(&path)
                .map(|text| workspace::summarise(&text, format, &settings, encoding))
        })
        .await;
        match read {
            Ok(Ok(read)) => self.folder().update_from_disk(uri, read),
            Ok(Err(note)) => {
                self.folder().remove(uri);
                self.log(MessageType::WARNING, note).await;
            }
            Err(_) => {}
        }
    }

    /// The mentions, in the other drafts of the folder, of the entity under `offset` in `uri`:
    /// open drafts from their current analysis, the others as last read from disk. Sorted by
    /// draft and place.
    pub(super) async fn references_elsewhere(
        &self,
        uri: &Uri,
        analysed: &Analysed,
        offset: usize,
    ) -> Vec<Location> {
        let entities = &analysed.analysis.entities;
        let Some(entity) = entities
            .at(offset)
            .and_then(|(e, _)| entities.entities.get(e))
        else {
            return Vec::new();
        };
        let open: Vec<Uri> = self
            .documents()
            .analysed_uris()
            .into_iter()
            .map(|(uri, _)| uri)
            .collect();
        let others: Vec<Uri> = {
            let folder = self.folder();
            if !folder.contains(uri) {
                return Vec::new();
            }
            open.iter()
                .filter(|other| *other != uri && folder.contains(other))
                .cloned()
                .collect()
        };
        let spellings = workspace::spellings_of(entity);
        let this = Identity::of_entity(entity, &spellings);
        let encoding = self.encoding();
        let mut found = Vec::new();
        for other in others {
            let Some(theirs) = self.current(&other).await else {
                continue;
            };
            for e in &theirs.analysis.entities.entities {
                let spellings = workspace::spellings_of(e);
                if this.same_as(&Identity::of_entity(e, &spellings)) {
                    found.extend(
                        e.mentions
                            .iter()
                            .map(|m| Location::new(other.clone(), theirs.range(m.span, encoding))),
                    );
                }
            }
        }
        let open: HashSet<Uri> = open.into_iter().collect();
        let on_disk = self.folder().entities_on_disk(&open);
        for (other, named) in on_disk {
            for n in named
                .iter()
                .filter(|n| this.same_as(&Identity::of_named(n)))
            {
                found.extend(n.mentions.iter().map(|r| Location::new(other.clone(), *r)));
            }
        }
        found.sort_by(|a, b| {
            (a.uri.as_str(), a.range.start.line, a.range.start.character).cmp(&(
                b.uri.as_str(),
                b.range.start.line,
                b.range.start.character,
            ))
        });
        found
    }

    /// The workspace symbols of the drafts of the folder that are not open.
    pub(super) fn symbols_on_disk(&self, query: &str) -> Vec<WorkspaceSymbol> {
        let open: HashSet<Uri> = self
            .documents()
            .analysed_uris()
            .into_iter()
            .map(|(uri, _)| uri)
            .collect();
        let on_disk = self.folder().entities_on_disk(&open);
        on_disk
            .iter()
            .flat_map(|(uri, named)| symbols::symbols_on_disk(uri, named, query))
            .collect()
    }

    /// `copydesk.toml` edited in the editor: its problems as they are in the buffer, published
    /// as the user types. The rules themselves change only when the file is saved.
    pub(super) async fn style_edited(&self, uri: &Uri) {
        let Some(snapshot) = self.documents().snapshot(uri) else {
            return;
        };
        let read = config_file::read(Some(&snapshot.text), self.encoding());
        let current = self
            .documents()
            .get(uri)
            .is_some_and(|d| d.version == snapshot.version);
        if current {
            self.client
                .publish_diagnostics(uri.clone(), read.diagnostics, Some(snapshot.version))
                .await;
        }
    }

    /// `copydesk.toml` closed in the editor: its problems are those of the file on disk again.
    pub(super) async fn style_closed(&self, uri: &Uri) {
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return;
        };
        let text = tokio::task::spawn_blocking(move || std::fs::read_to_string(path).ok())
            .await
            .ok()
            .flatten();
        let read = config_file::read(text.as_deref(), self.encoding());
        if self.documents().get(uri).is_none() {
            self.client
                .publish_diagnostics(uri.clone(), read.diagnostics, None)
                .await;
        }
    }

    /// "Ignore CODE here" and the style-sheet fixes for the findings that touch `range`.
    pub(super) fn silencing_fixes(
        &self,
        uri: &Uri,
        analysed: &Analysed,
        range: Span,
        style: EditStyle,
    ) -> Vec<CodeActionOrCommand> {
        let Some(format) = self.documents().get(uri).and_then(|d| d.format) else {
            return Vec::new();
        };
        let file = self.style_file();
        style_fixes::actions(
            uri,
            analysed,
            format,
            range,
            self.encoding(),
            style,
            file.as_ref(),
        )
    }

    /// The style sheet as the quick fixes edit it: the editor's buffer when it is open, else
    /// the file on disk.
    fn style_file(&self) -> Option<StyleFile> {
        let (path, config) = {
            let folder = self.folder();
            (folder.style_path()?, folder.style.clone())
        };
        let uri = Uri::from_file_path(&path)?;
        let open = self
            .documents()
            .get(&uri)
            .map(|d| (d.rope.to_string(), d.version));
        let (text, version) = match open {
            Some((text, version)) => (Some(text), Some(version)),
            None => (std::fs::read_to_string(&path).ok(), None),
        };
        let can_create = self
            .client_capabilities
            .get()
            .and_then(|c| c.workspace.as_ref())
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
        Some(StyleFile {
            uri,
            text,
            version,
            config,
            can_create,
        })
    }
}
