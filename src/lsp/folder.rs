//! The server's handling of the workspace folders: each folder's style sheet (`copydesk.toml` at
//! its root, or the file the `configFile` setting names) read at start and again when it or the
//! setting changes, the file watchers registered with the client, the background indexing
//! of each folder's drafts into one story, and folders added or removed while the server runs.
//! A draft belongs to the deepest workspace folder that holds it.
//!
//! Reading files runs on the blocking pool, outside every lock; the workspace lock is held only
//! to swap summaries in. A keystroke's analysis takes the story as last assembled and never waits
//! for a scan.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeActionOrCommand, FileChangeType, FileEvent, InitializeParams, Location, MessageType,
    NumberOrString, Registration, ResourceOperationKind, Unregistration, Uri,
    WorkspaceFoldersChangeEvent, WorkspaceSymbol,
};

use super::code_actions::EditStyle;
use super::config_file;
use super::documents::Analysed;
use super::server::State;
use super::style_fixes::{self, StyleFile};
use super::symbols;
use super::workspace::{self, Assembled, Folders, Identity};
use crate::analysis::{Settings, Span};
use crate::config::{self, Config, FILE_NAME};
use crate::line_index::Encoding;

/// The id of the watcher registration.
const WATCH_ID: &str = "copydesk-watch";

/// The id of the registration that watches the style sheets the `configFile` setting names.
const STYLE_WATCH_ID: &str = "copydesk-watch-style";

/// The progress token of a folder scan.
const PROGRESS_TOKEN: &str = "copydesk-indexing";

/// How long the story waits for names to stop changing before it is assembled again.
const STORY_PAUSE: Duration = Duration::from_millis(300);

/// A style sheet as read from disk.
#[derive(Debug)]
pub(super) struct Loaded {
    path: PathBuf,
    read: config_file::Read,
    /// Why a style sheet the `configFile` setting names could not be read, to show the user.
    warning: Option<String>,
}

/// Reads a style sheet from disk (blocking). A missing `copydesk.toml` is no style sheet; a
/// configured file that cannot be read is no style sheet either, with a warning.
fn load_style(path: PathBuf, configured: bool, encoding: Encoding) -> Loaded {
    let (text, warning) = match std::fs::read_to_string(&path) {
        Ok(text) => (Some(text), None),
        Err(error) => {
            let warning = configured.then(|| {
                format!(
                    "cannot read the style sheet {} named by the configFile setting ({error}): \
                     the folder runs without a style sheet",
                    path.display()
                )
            });
            (None, warning)
        }
    };
    let read = config_file::read(text.as_deref(), encoding);
    Loaded {
        path,
        read,
        warning,
    }
}

/// The name a message gives a style sheet: its file name.
fn style_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || FILE_NAME.to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

impl State {
    pub(super) fn folder(&self) -> MutexGuard<'_, Folders> {
        self.folder.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Merges the settings the core runs with again and starts a new generation, so that every
    /// cached analysis is redone. The folders' settings change first: an analysis that reads
    /// the new generation finds the new settings.
    pub(super) fn renew_settings(&self) {
        let outside = {
            let mut folders = self.folder();
            folders.renew();
            config::merge(&folders.editor, &Config::default())
        };
        let mut settings = self.settings();
        let generation = settings.0 + 1;
        *settings = (generation, outside);
    }

    /// The generation and the settings a document is analysed with: its folder's, or the
    /// editor's alone outside every folder. The generation is read first (see
    /// [`State::renew_settings`]).
    pub(super) fn settings_for(&self, uri: &Uri) -> (u64, Settings) {
        let (generation, outside) = self.settings().clone();
        let settings = self.folder().settings_for(uri).unwrap_or(outside);
        (generation, settings)
    }

    /// At `initialize`, after the editor's settings: the workspace folders, and the style sheet
    /// of each. Publishing their problems waits for `initialized`.
    pub(super) fn open_folder(&self, params: &InitializeParams) {
        let uris: Vec<Uri> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => {
                folders.iter().map(|folder| folder.uri.clone()).collect()
            }
            _ =>
            {
                #[allow(deprecated)]
                params.root_uri.iter().cloned().collect()
            }
        };
        for uri in uris {
            let Some(root) = uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            let (path, configured) = self.folder().style_path_for(&root);
            let loaded = load_style(path, configured, self.encoding());
            let style = loaded.read.config.clone().unwrap_or_default();
            self.folder().add(root, style);
            self.pending_style
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(loaded);
        }
    }

    /// At `initialized`: watchers, the style sheets' problems, and the first scans.
    pub(super) async fn start_folder(&self) {
        if self.can_watch() {
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
            self.watch_configured_styles().await;
        }
        let pending =
            std::mem::take(&mut *self.pending_style.lock().unwrap_or_else(|e| e.into_inner()));
        for loaded in pending {
            self.publish_style(loaded).await;
        }
        let roots = self.folder().roots();
        let scans = roots.into_iter().map(|root| self.index_folder(root, false));
        futures::future::join_all(scans).await;
    }

    /// Whether the client lets the server register file watchers.
    fn can_watch(&self) -> bool {
        self.client_capabilities
            .get()
            .and_then(|c| c.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false)
    }

    /// Watches the style sheets the `configFile` setting names (they may have any name, and be
    /// outside the folder), replacing the watchers registered for an earlier setting. A client
    /// without relative patterns watches `**/<file name>` instead.
    async fn watch_configured_styles(&self) {
        if !self.can_watch() {
            return;
        }
        let relative = self
            .client_capabilities
            .get()
            .and_then(|c| c.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.relative_pattern_support)
            .unwrap_or(false);
        let watchers: Vec<serde_json::Value> = self
            .folder()
            .configured_styles()
            .iter()
            .filter_map(|path| {
                let name = path.file_name()?.to_string_lossy().into_owned();
                if relative {
                    let base = Uri::from_file_path(path.parent()?)?;
                    Some(json!({"globPattern": {"baseUri": base.as_str(), "pattern": name}}))
                } else {
                    Some(json!({"globPattern": format!("**/{name}")}))
                }
            })
            .collect();
        if self.style_watch.swap(false, Ordering::SeqCst) {
            let gone = Unregistration {
                id: STYLE_WATCH_ID.to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
            };
            if let Err(error) = self.client.unregister_capability(vec![gone]).await {
                let message = format!("could not unregister the style sheet watcher: {error}");
                self.log(MessageType::WARNING, message).await;
            }
        }
        if watchers.is_empty() {
            return;
        }
        let registration = Registration {
            id: STYLE_WATCH_ID.to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: Some(json!({ "watchers": watchers })),
        };
        match self.client.register_capability(vec![registration]).await {
            Ok(()) => self.style_watch.store(true, Ordering::SeqCst),
            Err(error) => {
                let message = format!("could not watch the configured style sheet: {error}");
                self.log(MessageType::WARNING, message).await;
            }
        }
    }

    /// The `configFile` setting changed: each folder whose style sheet is now another file
    /// (`moved`: its root and the file before) clears the old file's problems, reads the new
    /// one and is indexed again with it. A new file that is rejected or missing leaves the
    /// folder with the defaults, not with the old file's rules.
    pub(super) async fn config_file_changed(&self, moved: Vec<(PathBuf, PathBuf)>) {
        if moved.is_empty() {
            return;
        }
        self.watch_configured_styles().await;
        for (root, old) in moved {
            let still_used = Uri::from_file_path(&old)
                .is_some_and(|uri| !self.folder().style_roots(&uri).is_empty());
            if !still_used && let Some(uri) = Uri::from_file_path(&old) {
                self.publish_diagnostics(&uri, &[], None);
            }
            self.reload_style(root, None, true).await;
        }
    }

    /// Workspace folders added or removed: each added folder's style sheet is read and its
    /// drafts indexed; the drafts of a removed folder go to the folder around it, if any, which
    /// is indexed again. Every open draft is checked again.
    pub(super) async fn folders_changed(&self, event: WorkspaceFoldersChangeEvent) {
        let path = |uri: &Uri| uri.to_file_path().map(|p| p.into_owned());
        let mut scans: Vec<PathBuf> = Vec::new();
        for removed in event.removed.iter().filter_map(|f| path(&f.uri)) {
            let style = self
                .folder()
                .at(&removed)
                .and_then(|folder| Uri::from_file_path(folder.style_path()));
            if self.folder().remove_folder(&removed) {
                if let Some(style) = style
                    && self.folder().style_roots(&style).is_empty()
                {
                    self.publish_diagnostics(&style, &[], None);
                }
                scans.extend(self.folder().around(&removed).into_iter().take(1));
            }
        }
        let mut added_any = false;
        for added in event.added.iter().filter_map(|f| path(&f.uri)) {
            let (style_path, configured) = self.folder().style_path_for(&added);
            let encoding = self.encoding();
            let Ok(loaded) =
                tokio::task::spawn_blocking(move || load_style(style_path, configured, encoding))
                    .await
            else {
                continue;
            };
            let style = loaded.read.config.clone().unwrap_or_default();
            self.folder().add(added.clone(), style);
            self.publish_style(loaded).await;
            scans.push(added);
            added_any = true;
        }
        if added_any {
            self.watch_configured_styles().await;
        }
        scans.dedup();
        self.renew_settings();
        let scans = scans.into_iter().map(|root| self.index_folder(root, false));
        futures::future::join_all(scans).await;
        self.refresh_open().await;
    }

    /// Publishes a style sheet's problems, and says so when they rejected it, or when a
    /// configured file could not be read.
    async fn publish_style(&self, loaded: Loaded) {
        let Loaded {
            path,
            read,
            warning,
        } = loaded;
        if let Some(warning) = warning {
            self.client
                .show_message(MessageType::WARNING, warning.clone())
                .await;
            self.log(MessageType::WARNING, warning).await;
        }
        let Some(uri) = Uri::from_file_path(&path) else {
            return;
        };
        if read.errors > 0 {
            let message = config_file::rejected_message(&style_name(&path), read.errors);
            self.client
                .show_message(MessageType::ERROR, message.clone())
                .await;
            self.log(MessageType::ERROR, message).await;
        }
        self.publish_diagnostics(&uri, &read.diagnostics, None);
    }

    /// Whether a URI is the style sheet of a workspace folder.
    pub(super) fn is_style(&self, uri: &Uri) -> bool {
        self.folder().style_root(uri).is_some()
    }

    /// Reads the style sheet of the folder at `root` again (`text`, or from disk when `None`). A
    /// good file takes effect at once: the folder is indexed again and every open draft
    /// re-published. A rejected file leaves the last good configuration in force, unless the
    /// folder `switched` to this file: then the defaults apply.
    pub(super) async fn reload_style(&self, root: PathBuf, text: Option<String>, switched: bool) {
        let Some((path, configured)) = self
            .folder()
            .at(&root)
            .map(|folder| (folder.style_path().to_path_buf(), folder.configured()))
        else {
            return;
        };
        let encoding = self.encoding();
        let loaded = match text {
            Some(text) => Loaded {
                path,
                read: config_file::read(Some(&text), encoding),
                warning: None,
            },
            None => {
                let read =
                    tokio::task::spawn_blocking(move || load_style(path, configured, encoding));
                match read.await {
                    Ok(loaded) => loaded,
                    Err(_) => return,
                }
            }
        };
        let name = style_name(&loaded.path);
        let config = match loaded.read.config.clone() {
            None if switched => Some(Config::default()),
            config => config,
        };
        self.publish_style(loaded).await;
        if let Some(config) = config {
            let known = match self.folder().at_mut(&root) {
                Some(folder) => {
                    folder.style = config;
                    true
                }
                None => false,
            };
            if !known {
                return;
            }
            self.log(
                MessageType::INFO,
                format!("{name} read: new rules in force"),
            )
            .await;
            self.renew_settings();
            self.index_folder(root, true).await;
        }
    }

    /// Indexes every draft of the folder at `root` in the background (those of folders inside
    /// it are theirs), with work-done progress when the client supports it, then re-publishes
    /// the open drafts if the story changed, or always when `republish` (the rules changed).
    pub(super) async fn index_folder(&self, root: PathBuf, republish: bool) {
        let found = {
            let folders = self.folder();
            folders.at(&root).map(|folder| {
                let editor = folders.editor.clone();
                let base = folder.skip_base().to_path_buf();
                ((folder.style.clone(), base), folder.settings(&editor))
            })
        };
        let Some(((style, skip_base), settings)) = found else {
            if republish {
                self.refresh_open().await;
            }
            return;
        };
        let encoding = self.encoding();
        let scan_root = root.clone();
        let scanned =
            tokio::task::spawn_blocking(move || workspace::scan(&scan_root, &style, &skip_base))
                .await;
        let (paths, notes) = scanned.unwrap_or_default();
        for note in notes {
            self.log(MessageType::WARNING, note).await;
        }
        let paths: Vec<PathBuf> = {
            let folders = self.folder();
            paths
                .into_iter()
                .filter(|path| folders.owns(&root, path))
                .collect()
        };
        let progress = self.begin_progress(&root, paths.len()).await;
        let open: Vec<Uri> = self.documents().draft_uris();
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
        root: &Path,
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
        let token = NumberOrString::String(format!("{PROGRESS_TOKEN}:{}", root.display()));
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

    /// Re-publishes what a new assembly of the stories changes: every open draft when names
    /// changed; when names only moved, the open drafts of that story whose diagnostics point into
    /// the drafts where they moved.
    async fn republish_story(&self, assembled: Vec<(PathBuf, Assembled)>) {
        if assembled.iter().any(|(_, a)| *a == Assembled::Names) {
            self.renew_settings();
            self.refresh_open().await;
            return;
        }
        let mut pointing = Vec::new();
        for (root, assembled) in assembled {
            let Assembled::Moved(moved) = assembled else {
                continue;
            };
            let open = self.documents().draft_uris();
            let in_story: HashSet<Uri> = {
                let folders = self.folder();
                open.into_iter()
                    .filter(|uri| folders.of(uri).is_some_and(|f| f.root == root))
                    .collect()
            };
            pointing.extend(self.documents().forget_pointing_into(&moved, &in_story));
        }
        let refreshes = pointing
            .into_iter()
            .map(|(uri, version)| self.refresh(uri, version));
        futures::future::join_all(refreshes).await;
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
        let mut styles = Vec::new();
        let mut drafts = Vec::new();
        for change in changes {
            let roots = self.folder().style_roots(&change.uri);
            if roots.is_empty() {
                drafts.push(change);
            } else {
                styles.extend(roots);
            }
        }
        styles.sort();
        styles.dedup();
        for root in styles {
            self.reload_style(root, None, false).await;
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
            let folders = self.folder();
            match folders.of(uri) {
                Some(folder) => (true, folder.skips(&path), folder.settings(&folders.editor)),
                None => (false, false, Settings::default()),
            }
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
        let open: Vec<Uri> = self.documents().draft_uris();
        let others: Vec<Uri> = {
            let folders = self.folder();
            if folders.of(uri).is_none() {
                return Vec::new();
            }
            open.iter()
                .filter(|other| *other != uri && folders.same_story(uri, other))
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
                        theirs.analysis.entities.mentions(e).iter().map(|m| {
                            Location::new(other.clone(), theirs.range(m.span(), encoding))
                        }),
                    );
                }
            }
        }
        let open: HashSet<Uri> = open.into_iter().collect();
        let on_disk = {
            let folders = self.folder();
            folders
                .of(uri)
                .map(|folder| folder.entities_on_disk(&open))
                .unwrap_or_default()
        };
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
        let open: HashSet<Uri> = self.documents().draft_uris().into_iter().collect();
        let on_disk = self.folder().entities_on_disk(&open);
        on_disk
            .iter()
            .flat_map(|(uri, named)| symbols::symbols_on_disk(uri, named, query))
            .collect()
    }

    /// The style sheet edited in the editor: its problems as they are in the buffer, published
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
            self.publish_diagnostics(uri, &read.diagnostics, Some(snapshot.version));
        }
    }

    /// The style sheet closed in the editor: its problems are those of the file on disk again.
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
            self.publish_diagnostics(uri, &read.diagnostics, None);
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
        let file = self.style_file(uri);
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

    /// The style sheet of the folder of the draft `draft`, as the quick fixes edit it: the
    /// editor's buffer when it is open, else the file on disk.
    fn style_file(&self, draft: &Uri) -> Option<StyleFile> {
        let (path, config) = {
            let folders = self.folder();
            let folder = folders.of(draft)?;
            (folder.style_path().to_path_buf(), folder.style.clone())
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
