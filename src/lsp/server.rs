//! The LSP handlers: document sync, diagnostics, quick fixes, settings and lifecycle.
//!
//! Notification handlers change the documents synchronously at their very top, before any
//! `.await` (the library polls handlers concurrently, and an `.await` first could reorder
//! edits). Every handler runs under `catch_unwind`.
//!
//! # Analysis in the background
//!
//! A notification handler never waits for an analysis: it schedules one as a task of its own
//! and returns. The library handles at most four messages at a time, so a handler that waited
//! for the analysis of a 50 MB draft (seconds), or for five thousand small ones, would hold
//! up every request behind it. The task analyses a snapshot at once, on its own worker thread
//! (whose other tasks move to another thread meanwhile, see `run_blocking`), and publishes only
//! if the document is still at the analysed version. The analysis is incremental: each
//! document keeps what its last analysis learned block by block
//! (`analysis::incremental`), so a keystroke reads again only the blocks it touched.
//!
//! A keystroke after a pause is analysed without delay. Keystrokes that arrive while an
//! analysis of their document runs are not analysed one by one: the running task goes again
//! when it ends, for the newest version only, once typing has paused for `SETTLE`. So a
//! burst of typing costs the analysis it interrupted and one more after it, however long it is.
//!
//! Very large documents follow the same path; what bounds their cost:
//! - at most one analysis per document runs at a time: changes that arrive meanwhile are
//!   picked up by one more run when it ends, so a long analysis is never stacked up;
//! - at most `ANALYSES` background analyses run at once, so requests keep a core;
//! - at most [`MAX_DIAGNOSTICS`] diagnostics are published per document, the first in the
//!   text, and the log says how many were left out;
//! - the framing layer refuses messages over 256 MiB (see [`super::transport`]).
//!
//! A request (`codeAction`, `hover`, `inlayHint`, ...) on a document whose analysis is not
//! current waits for the analysis of its text that is running, or, when none is, makes it on
//! the spot, on the blocking pool, so it delays only its own answer. An editor that asks for
//! inlay hints or code actions after every keystroke so costs no second analysis.
//!
//! The workspace folders (their style sheets, their stories, the folder scans) are handled in
//! `folder`, in tasks of their own too: see [`super::workspace`].

use std::collections::HashSet;
use std::future::Future;
use std::ops::Deref;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use futures::FutureExt;
use tokio::sync::{Notify, Semaphore};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::notification::PublishDiagnostics;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, Diagnostic, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentHighlight, DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, InitializedParams, InlayHint, InlayHintParams, Location,
    MessageType, OneOf, PositionEncodingKind, PrepareRenameResponse, ReferenceParams,
    RenameOptions, RenameParams, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkDoneProgressOptions, WorkspaceEdit,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};
use tower_service::Service;

use super::code_actions::{self, EditStyle};
use super::diagnostics;
use super::documents::{Analysed, Change, Documents, Snapshot};
use super::folder::Loaded;
use super::memory;
use super::transport::Notifier;
use super::workspace::{self, Folders};
use super::{hover, inlay_hints, navigation, settings, symbols};
use crate::analysis::{self, Settings, Span};
use crate::line_index::{Encoding, LineCol, LineIndex};

/// How long typing must pause before the changes made during an analysis are analysed.
const SETTLE: Duration = Duration::from_millis(40);

/// How often the editor's process is checked for being alive.
const CLIENT_POLL: Duration = Duration::from_secs(2);

/// How many background analyses run at once.
const ANALYSES: usize = 2;

/// How many diagnostics are published for one document, at most.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// The language server: a handle on the state its handlers and background tasks share.
pub struct Backend {
    state: Arc<State>,
}

/// The handlers read the shared state as their own.
impl Deref for Backend {
    type Target = State;

    fn deref(&self) -> &State {
        &self.state
    }
}

/// The state shared by every handler and background analysis.
pub struct State {
    pub(super) client: Client,
    /// Sends the diagnostics to the editor without the library (see [`State::publish_diagnostics`]).
    notifier: Notifier,
    /// Whether `initialize` was answered: only then may notifications go out.
    initialized: AtomicBool,
    documents: Mutex<Documents>,
    /// A generation number that changes with the settings and the stories, and the settings of
    /// documents outside every workspace folder (those inside take their folder's).
    settings: Mutex<(u64, Settings)>,
    /// The workspace folders: style sheets, editor settings, the stories' name summaries.
    pub(super) folder: Mutex<Folders>,
    /// The style sheets read at `initialize`, published at `initialized`.
    pub(super) pending_style: Mutex<Vec<Loaded>>,
    /// Whether a watcher for the style sheets the `configFile` setting names is registered.
    pub(super) style_watch: AtomicBool,
    pub(super) client_capabilities: OnceLock<ClientCapabilities>,
    /// Notified when a draft's names changed: the story is assembled again, after a pause.
    pub(super) story_notify: Notify,
    encoding: OnceLock<Encoding>,
    edit_style: OnceLock<EditStyle>,
    /// Whether quotes get inlay hints naming their speaker (the `inlayHints` setting).
    inlay_hints: AtomicBool,
    /// Whether the editor accepts `workspace/inlayHint/refresh`.
    inlay_hint_refresh: OnceLock<bool>,
    /// Set by the `shutdown` request: the exit status is 0 only after it.
    shut_down: Arc<AtomicBool>,
    /// Notified when the editor's process is gone.
    client_gone: Arc<Notify>,
    /// The documents being analysed in the background.
    running: Mutex<HashSet<Uri>>,
    /// Permits for background analyses.
    analyses: Semaphore,
}

impl Backend {
    pub fn new(
        client: Client,
        notifier: Notifier,
        shut_down: Arc<AtomicBool>,
        client_gone: Arc<Notify>,
    ) -> Self {
        let state = State {
            client,
            notifier,
            initialized: AtomicBool::new(false),
            documents: Mutex::default(),
            settings: Mutex::default(),
            folder: Mutex::default(),
            pending_style: Mutex::default(),
            style_watch: AtomicBool::new(false),
            client_capabilities: OnceLock::new(),
            story_notify: Notify::new(),
            encoding: OnceLock::new(),
            edit_style: OnceLock::new(),
            inlay_hints: AtomicBool::new(true),
            inlay_hint_refresh: OnceLock::new(),
            shut_down,
            client_gone,
            running: Mutex::default(),
            analyses: Semaphore::new(ANALYSES),
        };
        Backend {
            state: Arc::new(state),
        }
    }

    /// Analyses a document and publishes its diagnostics in a task of its own, once typing
    /// has settled; the caller does not wait.
    fn schedule(&self, uri: Uri, version: i32) {
        let state = self.state.clone();
        tokio::spawn(async move {
            let refresh = AssertUnwindSafe(state.refresh(uri.clone(), version));
            if let Err(panic) = refresh.catch_unwind().await {
                // Whatever the panic left, the document may be analysed again.
                state.running().remove(&uri);
                let message = format!(
                    "analysis of {} failed: {}",
                    uri.as_str(),
                    panic_message(&*panic)
                );
                state.log(MessageType::ERROR, message).await;
            }
        });
    }

    /// When `uri` is a style sheet, open in the editor: publishes the problems of its buffer,
    /// in a task of its own. A draft's keystroke never takes the folders' lock here: only a
    /// file not named like a draft can be a style sheet.
    fn style_changed(&self, uri: &Uri) {
        let not_a_draft = uri
            .to_file_path()
            .is_some_and(|path| workspace::format_of_path(&path).is_none());
        if not_a_draft && self.is_style(uri) {
            let uri = uri.clone();
            self.spawn_folder_work("reading the style sheet", |state| async move {
                state.style_edited(&uri).await;
            });
        }
    }

    /// Runs work on the workspace folders in a task of its own; a panic is logged.
    fn spawn_folder_work<F, Fut>(&self, what: &'static str, work: F)
    where
        F: FnOnce(Arc<State>) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let state = self.state.clone();
        tokio::spawn(async move {
            let log = state.clone();
            if let Err(panic) = AssertUnwindSafe(work(state)).catch_unwind().await {
                let message = format!("{what} failed: {}", panic_message(&*panic));
                log.log(MessageType::ERROR, message).await;
            }
        });
    }
}

impl State {
    /// The documents. A handler that panicked while holding the lock left them consistent
    /// (every change is applied whole or not at all), so a poisoned lock is simply taken over.
    pub(super) fn documents(&self) -> MutexGuard<'_, Documents> {
        self.documents.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn settings(&self) -> MutexGuard<'_, (u64, Settings)> {
        self.settings.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The documents being analysed in the background. Taken before `documents` or
    /// `settings` when held together.
    fn running(&self) -> MutexGuard<'_, HashSet<Uri>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    pub(super) async fn log(&self, typ: MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
    }

    /// Publishes a document's diagnostics. They are serialised here, straight into the frame
    /// the transport's writer thread writes, not handed to the library, which would turn them
    /// into a `serde_json::Value` first (most of the time a keystroke's diagnostics took to go
    /// out). Every publication takes this way, so they go out in the order they were made.
    ///
    /// The library's rule for notifications is kept: none before `initialize` is answered,
    /// none once `exit` has closed the library's channel to the editor (it still sends
    /// between `shutdown` and `exit`).
    pub(super) fn publish_diagnostics(
        &self,
        uri: &Uri,
        diagnostics: &[Diagnostic],
        version: Option<i32>,
    ) {
        if !self.initialized.load(Ordering::SeqCst) || !self.client_open() {
            return;
        }
        let params = diagnostics::Publish {
            uri,
            diagnostics,
            version,
        };
        self.notifier.send::<PublishDiagnostics>(&params);
    }

    /// Whether the library still sends messages to the editor: its channel is closed by the
    /// `exit` notification, or when its message loop has ended.
    fn client_open(&self) -> bool {
        // A fresh handle on the channel is ready at once unless the channel is closed.
        let mut cx = Context::from_waker(Waker::noop());
        matches!(self.client.clone().poll_ready(&mut cx), Poll::Ready(Ok(())))
    }

    /// Runs a request handler under `catch_unwind`: a panic becomes an error reply.
    async fn guarded<T>(&self, what: &str, handler: impl Future<Output = Result<T>>) -> Result<T> {
        match AssertUnwindSafe(handler).catch_unwind().await {
            Ok(result) => result,
            Err(panic) => {
                let message = format!("{what} failed: {}", panic_message(&*panic));
                self.log(MessageType::ERROR, &message).await;
                Err(Error {
                    message: message.into(),
                    ..Error::internal_error()
                })
            }
        }
    }

    /// Runs a notification handler under `catch_unwind`: a panic is logged.
    async fn guarded_notification(&self, what: &str, handler: impl Future<Output = ()>) {
        if let Err(panic) = AssertUnwindSafe(handler).catch_unwind().await {
            let message = format!("{what} failed: {}", panic_message(&*panic));
            self.log(MessageType::ERROR, message).await;
        }
    }

    /// Analyses the document and publishes its diagnostics, unless it moved on from
    /// `version`. When another analysis of it is running, leaves the work to that one, which
    /// goes again for the newest version when it ends and typing has paused. When its names
    /// changed, the other open drafts of the story are re-published after it.
    pub(super) async fn refresh(&self, uri: Uri, version: i32) {
        {
            let mut running = self.running();
            let moved_on = self
                .documents()
                .get(&uri)
                .is_none_or(|document| document.version != version);
            if moved_on || !running.insert(uri.clone()) {
                return;
            }
        }
        loop {
            let analysed = {
                let _permit = self.analyses.acquire().await;
                self.analyse(&uri, None).await
            };
            // Decided before publishing: a change that arrives once the diagnostics are out
            // finds no analysis running and is analysed at once by its own task.
            let done = {
                let mut running = self.running();
                let again = analysed.as_ref().is_some_and(|analysed| {
                    let generation = self.settings().0;
                    self.documents()
                        .get(&uri)
                        .is_some_and(|document| document.revision != analysed.revision)
                        || analysed.generation != generation
                });
                if !again {
                    running.remove(&uri);
                }
                !again
            };
            if let Some(analysed) = &analysed {
                self.publish(&uri, analysed).await;
                if analysed.text.len() >= memory::TRIM_AFTER {
                    memory::release_when_idle();
                }
            }
            if done {
                self.story_changed();
                return;
            }
            self.settle(&uri).await;
        }
    }

    /// Waits until the document has not changed for [`SETTLE`] (or is closed).
    async fn settle(&self, uri: &Uri) {
        loop {
            let since = self
                .documents()
                .get(uri)
                .map(|document| document.changed_at.elapsed());
            match since {
                Some(since) if since < SETTLE => tokio::time::sleep(SETTLE - since).await,
                _ => return,
            }
        }
    }

    /// Publishes an analysis, unless the document or the settings moved on since it was made.
    async fn publish(&self, uri: &Uri, analysed: &Arc<Analysed>) {
        let current = {
            let generation = self.settings().0;
            analysed.generation == generation
                && self.documents().store_analysed(uri, analysed.clone())
        };
        if !current {
            return;
        }
        // Sent before anything else is awaited, so that they go out ahead of a newer version's,
        // whose analysis may start as soon as this task stopped running.
        self.publish_diagnostics(uri, &analysed.diagnostics, Some(analysed.version));
        let published = analysed.diagnostics.len();
        let all = analysed.analysis.findings.len();
        if all > published {
            let message = format!(
                "{}: published the first {published} of {all} findings",
                uri.as_str()
            );
            self.log(MessageType::INFO, message).await;
        }
    }

    /// The analysis of a document's current text, from the cache, from the analysis of it
    /// already running (a request made during a keystroke's analysis waits for that one), or
    /// made now on the blocking pool. `None` when the document is not open, not analysed, or
    /// no longer at `expected`.
    async fn analyse(&self, uri: &Uri, expected: Option<i32>) -> Option<Arc<Analysed>> {
        let (generation, settings) = self.settings_for(uri);
        let (snapshot, pending) = {
            let mut documents = self.documents();
            let version = documents.get(uri)?.version;
            if expected.is_some_and(|expected| expected != version) {
                return None;
            }
            if let Some(analysed) = documents.analysed(uri, generation) {
                return Some(analysed);
            }
            (
                documents.snapshot(uri)?,
                documents.pending(uri, generation)?,
            )
        };
        snapshot.format?;
        pending
            .get_or_init(|| self.analyse_now(uri, snapshot, generation, settings))
            .await
            .clone()
    }

    /// Analyses a snapshot of a document on the blocking pool, with its diagnostics and, for a
    /// draft of a folder, its names summarised for the story.
    async fn analyse_now(
        &self,
        uri: &Uri,
        snapshot: Snapshot,
        generation: u64,
        settings: Settings,
    ) -> Option<Arc<Analysed>> {
        let format = snapshot.format?;
        let encoding = self.encoding();
        let owner = uri.clone();
        let (story, this) = self.folder().story_for(uri);
        let work = move || {
            let within = this.and_then(|this| story.within(Some(this)));
            let analysis = snapshot
                .cache
                .analyze(&snapshot.text, format, &settings, within);
            let index = LineIndex::new(&snapshot.text);
            let text = &snapshot.text;
            let diagnostics = analysis
                .findings
                .iter()
                .take(MAX_DIAGNOSTICS)
                .map(|f| {
                    let mut d = diagnostics::diagnostic(&owner, text, &index, f, encoding);
                    story.fix_related(&mut d, &owner, text, &index, f, encoding);
                    d
                })
                .collect();
            // Only a draft of the folder has its names summarised for the story.
            let names = this.map(|_| {
                let summary = analysis::names::NameSummary::of(&analysis.names);
                let ranges = workspace::ranges_of(&summary, text, encoding);
                (summary, ranges)
            });
            let analysed = Arc::new(Analysed {
                version: snapshot.version,
                revision: snapshot.revision,
                generation,
                text: snapshot.text,
                index,
                analysis,
                diagnostics,
            });
            (analysed, names)
        };
        match run_blocking(work).await {
            Ok((analysed, names)) => {
                if let Some((summary, ranges)) = names {
                    self.folder().update(uri, summary, ranges);
                }
                Some(analysed)
            }
            Err(reason) => {
                let message = format!("analysis of {} failed: {reason}", uri.as_str());
                self.log(MessageType::ERROR, message).await;
                None
            }
        }
    }

    /// The analysis a request about `uri` is answered from: of the document's current text,
    /// never of an older version. Kept for the next request when it is still current.
    pub(super) async fn current(&self, uri: &Uri) -> Option<Arc<Analysed>> {
        let analysed = self.analyse(uri, None).await?;
        if analysed.generation == self.settings().0 {
            self.documents().store_analysed(uri, analysed.clone());
        }
        Some(analysed)
    }

    /// The current analysis of a request's document and the byte offset of its position.
    async fn at(&self, at: &TextDocumentPositionParams) -> Option<(Arc<Analysed>, usize)> {
        let analysed = self.current(&at.text_document.uri).await?;
        let offset = analysed.offset(at.position, self.encoding());
        Some((analysed, offset))
    }

    /// Watches the editor's process and notifies `client_gone` when it has ended.
    fn watch_client(&self, pid: u32) -> bool {
        if client_alive(pid).is_none() {
            return false;
        }
        let gone = self.client_gone.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(CLIENT_POLL).await;
                if client_alive(pid) == Some(false) {
                    eprintln!("copydesk: the editor (process {pid}) has ended; stopping");
                    gone.notify_one();
                    return;
                }
            }
        });
        true
    }
}

/// Whether a process is alive, or `None` where that cannot be told.
#[cfg(target_os = "linux")]
fn client_alive(pid: u32) -> Option<bool> {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses and may contain any.
        Ok(stat) => Some(
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_none_or(|state| state != "Z" && state != "X"),
        ),
        Err(_) => Some(false),
    }
}

/// Whether a process is alive, or `None` where that cannot be told.
#[cfg(not(target_os = "linux"))]
fn client_alive(_pid: u32) -> Option<bool> {
    None
}

/// The home directory a `~/` in the `configFile` setting stands for.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.guarded("initialize", async {
            let offers_utf8 = params
                .capabilities
                .general
                .as_ref()
                .and_then(|general| general.position_encodings.as_ref())
                .is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
            let encoding = if offers_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            let _ = self.encoding.set(encoding);
            let versioned = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|workspace| workspace.workspace_edit.as_ref())
                .and_then(|edit| edit.document_changes)
                .unwrap_or(false);
            let style = if versioned {
                EditStyle::Versioned
            } else {
                EditStyle::Plain
            };
            let _ = self.edit_style.set(style);
            let refresh = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|workspace| workspace.inlay_hint.as_ref())
                .and_then(|inlay| inlay.refresh_support)
                .unwrap_or(false);
            let _ = self.inlay_hint_refresh.set(refresh);
            let prepare_rename = params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|document| document.rename.as_ref())
                .and_then(|rename| rename.prepare_support)
                .unwrap_or(false);
            let _ = self.client_capabilities.set(params.capabilities.clone());
            if let Some(options) = &params.initialization_options {
                let (parsed, mut notes) = settings::parse(options);
                self.folder().editor = parsed;
                let (hints, note) = settings::inlay_hints(options);
                self.inlay_hints.store(hints, Ordering::SeqCst);
                notes.extend(note);
                let (config_file, note) = settings::config_file(options);
                self.folder().set_config_file(config_file, home());
                notes.extend(note);
                for note in notes {
                    self.log(MessageType::WARNING, format!("settings: {note}"))
                        .await;
                }
            }
            // The folders read their style sheets where the settings say.
            self.open_folder(&params);
            self.renew_settings();
            if let Some(pid) = params.process_id
                && !self.watch_client(pid)
            {
                let message = format!("not watching the editor's process {pid} on this system");
                self.log(MessageType::INFO, message).await;
            }
            let position_encoding = match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                _ => PositionEncodingKind::UTF16,
            };
            // The library counts the server initialized once this answer is out; nothing
            // publishes before then, as no other handler runs until it is.
            self.initialized.store(true, Ordering::SeqCst);
            Ok(InitializeResult {
                capabilities: ServerCapabilities {
                    position_encoding: Some(position_encoding),
                    text_document_sync: Some(TextDocumentSyncCapability::Options(
                        TextDocumentSyncOptions {
                            open_close: Some(true),
                            change: Some(TextDocumentSyncKind::INCREMENTAL),
                            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                            ..TextDocumentSyncOptions::default()
                        },
                    )),
                    code_action_provider: Some(CodeActionProviderCapability::Options(
                        CodeActionOptions {
                            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                            resolve_provider: Some(false),
                            ..CodeActionOptions::default()
                        },
                    )),
                    hover_provider: Some(HoverProviderCapability::Simple(true)),
                    definition_provider: Some(OneOf::Left(true)),
                    references_provider: Some(OneOf::Left(true)),
                    document_highlight_provider: Some(OneOf::Left(true)),
                    document_symbol_provider: Some(OneOf::Left(true)),
                    workspace_symbol_provider: Some(OneOf::Left(true)),
                    rename_provider: Some(if prepare_rename {
                        OneOf::Right(RenameOptions {
                            prepare_provider: Some(true),
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        })
                    } else {
                        OneOf::Left(true)
                    }),
                    inlay_hint_provider: Some(OneOf::Left(true)),
                    workspace: Some(WorkspaceServerCapabilities {
                        workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                            supported: Some(true),
                            change_notifications: Some(OneOf::Left(true)),
                        }),
                        file_operations: None,
                    }),
                    ..ServerCapabilities::default()
                },
                server_info: Some(ServerInfo {
                    name: "copydesk".to_string(),
                    version: Some(env!("CARGO_PKG_VERSION").to_string()),
                }),
                ..InitializeResult::default()
            })
        })
        .await
    }

    /// Registers the file watchers, publishes the style sheet's problems and indexes the
    /// folder, in a task of its own.
    async fn initialized(&self, _: InitializedParams) {
        self.spawn_folder_work("indexing the folder", |state| async move {
            state.start_folder().await;
        });
        self.spawn_folder_work("assembling the story", |state| async move {
            state.assemble_story().await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.guarded_notification("didOpen", async {
            let doc = params.text_document;
            let reopened =
                self.documents()
                    .open(doc.uri.clone(), &doc.language_id, doc.version, &doc.text);
            if reopened {
                let message = format!("{} was opened again: took the new text", doc.uri.as_str());
                self.log(MessageType::INFO, message).await;
            }
            self.style_changed(&doc.uri);
            self.schedule(doc.uri, doc.version);
        })
        .await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.guarded_notification("didChange", async {
            let uri = params.text_document.uri;
            let version = params.text_document.version;
            let change =
                self.documents()
                    .change(&uri, version, &params.content_changes, self.encoding());
            let name = uri.as_str();
            match change {
                Change::Applied { clamped } => {
                    if !clamped.is_empty() {
                        let message = format!(
                            "change {version} to {name}: clamped the range of change(s) \
                             {clamped:?} to the document"
                        );
                        self.log(MessageType::WARNING, message).await;
                    }
                    self.style_changed(&uri);
                    // The analysis of the text before the change is freed on another thread
                    // (megabytes of small allocations for a long draft), not before this
                    // change is analysed.
                    if let Some(retired) = self.documents().take_retired(&uri) {
                        tokio::task::spawn_blocking(move || drop(retired));
                    }
                    self.schedule(uri, version);
                }
                Change::Stale { held } => {
                    let message = format!(
                        "ignored change {version} to {name}: not newer than version {held}"
                    );
                    self.log(MessageType::WARNING, message).await;
                }
                Change::NotOpen => {
                    let message = format!("ignored a change to {name}, which is not open");
                    self.log(MessageType::WARNING, message).await;
                }
            }
        })
        .await;
    }

    /// A saved style sheet is read again, for each folder it serves; a draft's text is already
    /// current.
    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let roots = self.folder().style_roots(&params.text_document.uri);
        if !roots.is_empty() {
            self.spawn_folder_work("reading the style sheet", |state| async move {
                for root in roots {
                    state.reload_style(root, params.text.clone(), false).await;
                }
            });
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.spawn_folder_work("changing workspace folders", |state| async move {
            state.folders_changed(params.event).await;
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.spawn_folder_work("reading changed files", |state| async move {
            state.files_changed(params.changes).await;
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.guarded_notification("didClose", async {
            let uri = params.text_document.uri;
            let closed = self.documents().close(&uri);
            if let Some(format) = closed {
                if self.is_style(&uri) {
                    self.spawn_folder_work("reading the style sheet", |state| async move {
                        state.style_closed(&uri).await;
                    });
                } else if format.is_some() {
                    self.publish_diagnostics(&uri, &[], None);
                    // The story goes on with the text on disk.
                    self.spawn_folder_work("reading a closed draft", |state| async move {
                        state.draft_on_disk(&uri, false).await;
                        state.story_changed();
                    });
                }
            } else {
                let message = format!("ignored closing {}, which is not open", uri.as_str());
                self.log(MessageType::WARNING, message).await;
            }
        })
        .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.guarded_notification("didChangeConfiguration", async {
            let (parsed, mut notes) = settings::parse(&params.settings);
            self.folder().editor = parsed;
            self.renew_settings();
            let (hints, note) = settings::inlay_hints(&params.settings);
            self.inlay_hints.store(hints, Ordering::SeqCst);
            notes.extend(note);
            let (config_file, note) = settings::config_file(&params.settings);
            notes.extend(note);
            let moved = self.folder().set_config_file(config_file, home());
            if !moved.is_empty() {
                self.spawn_folder_work("reading the configured style sheet", |state| async move {
                    state.config_file_changed(moved).await;
                });
            }
            for note in notes {
                self.log(MessageType::WARNING, format!("settings: {note}"))
                    .await;
            }
            let open = self.documents().analysed_uris();
            for (uri, version) in open {
                self.schedule(uri, version);
            }
            if self.inlay_hint_refresh.get().copied().unwrap_or(false) {
                // Not awaited here: an editor slow to answer must not hold this handler.
                let client = self.client.clone();
                tokio::spawn(async move {
                    if let Err(error) = client.inlay_hint_refresh().await {
                        let message = format!("inlay hint refresh failed: {error}");
                        client.log_message(MessageType::WARNING, message).await;
                    }
                });
            }
        })
        .await;
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.guarded("codeAction", async {
            let uri = &params.text_document.uri;
            if let Some(only) = &params.context.only
                && !only.iter().any(|kind| kind == &CodeActionKind::QUICKFIX)
            {
                return Ok(None);
            }
            let Some(analysed) = self.analyse(uri, None).await else {
                return Ok(None);
            };
            let encoding = self.encoding();
            let text = &*analysed.text;
            let offset = |p: tower_lsp_server::ls_types::Position| {
                let at = LineCol {
                    line: p.line,
                    col: p.character,
                };
                analysed.index.offset(text, at, encoding)
            };
            let (start, start_clamped) = offset(params.range.start);
            let (end, end_clamped) = offset(params.range.end);
            if start_clamped || end_clamped {
                let message = format!(
                    "codeAction for {}: clamped the range {:?} to the document",
                    uri.as_str(),
                    params.range
                );
                self.log(MessageType::WARNING, message).await;
            }
            let span = Span::new(start.min(end), start.max(end));
            let style = self.edit_style.get().copied().unwrap_or(EditStyle::Plain);
            let mut actions = code_actions::actions(uri, &analysed, span, encoding, style);
            actions.extend(self.silencing_fixes(uri, &analysed, span, style));
            Ok((!actions.is_empty()).then_some(actions))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.guarded("hover", async {
            let Some((analysed, offset)) = self.at(&params.text_document_position_params).await
            else {
                return Ok(None);
            };
            Ok(hover::hover(&analysed, offset, self.encoding()))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.guarded("definition", async {
            let at = &params.text_document_position_params;
            let Some((analysed, offset)) = self.at(at).await else {
                return Ok(None);
            };
            let uri = &at.text_document.uri;
            Ok(
                navigation::definition(uri, &analysed, offset, self.encoding())
                    .map(GotoDefinitionResponse::Scalar),
            )
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.guarded("references", async {
            let at = &params.text_document_position;
            let Some((analysed, offset)) = self.at(at).await else {
                return Ok(None);
            };
            let uri = &at.text_document.uri;
            let declaration = params.context.include_declaration;
            let Some(mut found) =
                navigation::references(uri, &analysed, offset, declaration, self.encoding())
            else {
                return Ok(None);
            };
            found.extend(self.references_elsewhere(uri, &analysed, offset).await);
            Ok(Some(found))
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.guarded("documentHighlight", async {
            let Some((analysed, offset)) = self.at(&params.text_document_position_params).await
            else {
                return Ok(None);
            };
            Ok(navigation::highlights(&analysed, offset, self.encoding()))
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.guarded("prepareRename", async {
            let Some((analysed, offset)) = self.at(&params).await else {
                return Ok(None);
            };
            navigation::prepare_rename(&analysed, offset, self.encoding()).map(Some)
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.guarded("rename", async {
            let at = &params.text_document_position;
            let Some((analysed, offset)) = self.at(at).await else {
                return Ok(None);
            };
            let style = self.edit_style.get().copied().unwrap_or(EditStyle::Plain);
            navigation::rename(
                &at.text_document.uri,
                &analysed,
                offset,
                &params.new_name,
                self.encoding(),
                style,
            )
            .map(Some)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.guarded("documentSymbol", async {
            let Some(analysed) = self.current(&params.text_document.uri).await else {
                return Ok(None);
            };
            let symbols = symbols::document_symbols(&analysed, self.encoding());
            Ok(Some(DocumentSymbolResponse::Nested(symbols)))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.guarded("workspaceSymbol", async {
            let open = self.documents().analysed_uris();
            let mut found = Vec::new();
            for (uri, _) in open {
                if let Some(analysed) = self.current(&uri).await {
                    found.extend(symbols::workspace_symbols(
                        &uri,
                        &analysed,
                        &params.query,
                        self.encoding(),
                    ));
                }
            }
            found.extend(self.symbols_on_disk(&params.query));
            found.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(Some(WorkspaceSymbolResponse::Nested(found)))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.guarded("inlayHint", async {
            // The style sheet's `[editor] inlay-hints`, where it speaks, wins over the editor's.
            let editor = self.inlay_hints.load(Ordering::SeqCst);
            if !self
                .folder()
                .inlay_hints_for(&params.text_document.uri, editor)
            {
                return Ok(None);
            }
            let Some(analysed) = self.current(&params.text_document.uri).await else {
                return Ok(None);
            };
            let encoding = self.encoding();
            let start = analysed.offset(params.range.start, encoding);
            let end = analysed.offset(params.range.end, encoding);
            let range = Span::new(start.min(end), start.max(end));
            Ok(Some(inlay_hints::hints(&analysed, range, encoding)))
        })
        .await
    }
}

/// Runs blocking work (an analysis) without holding up the runtime's other tasks. In a task of
/// the multi-threaded runtime (a keystroke's analysis), on this worker thread, whose other tasks
/// move to another (`block_in_place`): the analysis starts and ends without a hand-off to
/// another thread. Elsewhere (the library's message loop, which must keep reading), on the
/// blocking pool. A panic comes back as its message.
async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, String> {
    let flavor = tokio::runtime::Handle::current().runtime_flavor();
    if flavor == tokio::runtime::RuntimeFlavor::MultiThread && tokio::task::try_id().is_some() {
        tokio::task::block_in_place(|| std::panic::catch_unwind(AssertUnwindSafe(work)))
            .map_err(|panic| panic_message(&*panic))
    } else {
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|error| match error.try_into_panic() {
                Ok(panic) => panic_message(&*panic),
                Err(error) => error.to_string(),
            })
    }
}
