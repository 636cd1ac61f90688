//! The LSP handlers: document sync, diagnostics, quick fixes, settings and lifecycle.
//!
//! Notification handlers change the documents synchronously at their very top, before any
//! `.await` (the library polls handlers concurrently, and an `.await` first could reorder
//! edits). Analysis runs on a snapshot, on the blocking pool, and is published only if the
//! document is still at the analysed version. Every handler runs under `catch_unwind`.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use futures::FutureExt;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, InitializeParams, InitializeResult,
    InitializedParams, MessageType, PositionEncodingKind, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::code_actions::{self, EditStyle};
use super::config_file;
use super::diagnostics;
use super::documents::{Analysed, Change, Documents};
use super::settings;
use super::workspace::{self, Workspace};
use crate::analysis::{self, Settings, Span};
use crate::line_index::{Encoding, LineCol, LineIndex};

/// How long a change waits for the next keystroke before it is analysed.
const SETTLE: Duration = Duration::from_millis(40);

/// How often the editor's process is checked for being alive.
const CLIENT_POLL: Duration = Duration::from_secs(2);

/// The state shared by every handler.
pub struct Backend {
    pub(super) client: Client,
    documents: Mutex<Documents>,
    /// The settings and a generation number that changes with them, and with the story.
    settings: Mutex<(u64, Settings)>,
    /// The workspace folder: style sheet, editor settings, the story's name summaries.
    pub(super) folder: Mutex<Workspace>,
    /// The style sheet read at `initialize`, published at `initialized`.
    pub(super) pending_style: Mutex<Option<config_file::Read>>,
    pub(super) client_capabilities: OnceLock<ClientCapabilities>,
    encoding: OnceLock<Encoding>,
    edit_style: OnceLock<EditStyle>,
    /// Set by the `shutdown` request: the exit status is 0 only after it.
    shut_down: Arc<AtomicBool>,
    /// Notified when the editor's process is gone.
    client_gone: Arc<Notify>,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>, client_gone: Arc<Notify>) -> Self {
        Backend {
            client,
            documents: Mutex::default(),
            settings: Mutex::default(),
            folder: Mutex::default(),
            pending_style: Mutex::default(),
            client_capabilities: OnceLock::new(),
            encoding: OnceLock::new(),
            edit_style: OnceLock::new(),
            shut_down,
            client_gone,
        }
    }

    /// The documents. A handler that panicked while holding the lock left them consistent
    /// (every change is applied whole or not at all), so a poisoned lock is simply taken over.
    pub(super) fn documents(&self) -> MutexGuard<'_, Documents> {
        self.documents.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn settings(&self) -> MutexGuard<'_, (u64, Settings)> {
        self.settings.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    pub(super) async fn log(&self, typ: MessageType, message: impl std::fmt::Display) {
        self.client.log_message(typ, message).await;
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

    /// Analyses the document and publishes its diagnostics, unless it moves on meanwhile; then,
    /// if its names changed, re-publishes the other open drafts of the story.
    async fn refresh(&self, uri: Uri, version: i32) {
        self.publish_fresh(uri.clone(), version).await;
        self.story_changed(Some(&uri)).await;
    }

    /// Analyses the document and publishes its diagnostics, unless it moves on meanwhile.
    pub(super) async fn publish_fresh(&self, uri: Uri, version: i32) {
        tokio::time::sleep(SETTLE).await;
        let Some(analysed) = self.analyse(&uri, Some(version)).await else {
            return;
        };
        let current = {
            let generation = self.settings().0;
            analysed.generation == generation
                && self.documents().store_analysed(&uri, analysed.clone())
        };
        if current {
            let diagnostics = analysed.diagnostics.clone();
            self.client
                .publish_diagnostics(uri, diagnostics, Some(analysed.version))
                .await;
        }
    }

    /// The analysis of a document's current text, from the cache or made now on the blocking
    /// pool. `None` when the document is not open, not analysed, or no longer at `expected`.
    async fn analyse(&self, uri: &Uri, expected: Option<i32>) -> Option<Arc<Analysed>> {
        let (generation, settings) = self.settings().clone();
        let snapshot = {
            let documents = self.documents();
            let version = documents.get(uri)?.version;
            if expected.is_some_and(|expected| expected != version) {
                return None;
            }
            if let Some(analysed) = documents.analysed(uri, generation) {
                return Some(analysed);
            }
            documents.snapshot(uri)?
        };
        let format = snapshot.format?;
        let encoding = self.encoding();
        let owner = uri.clone();
        let (story, this) = {
            let mut folder = self.folder();
            (folder.story(), folder.id_of(uri))
        };
        let work = tokio::task::spawn_blocking(move || {
            let within = story.within(Some(this));
            let analysis = analysis::analyze_in(&snapshot.text, format, &settings, within);
            let index = LineIndex::new(&snapshot.text);
            let text = &snapshot.text;
            let diagnostics = analysis
                .findings
                .iter()
                .map(|f| {
                    let mut d = diagnostics::diagnostic(&owner, text, &index, f, encoding);
                    story.fix_related(&mut d, &owner, text, &index, f, encoding);
                    d
                })
                .collect();
            let summary = analysis::names::NameSummary::of(&analysis.names);
            let ranges = workspace::ranges_of(&summary, text, encoding);
            let analysed = Arc::new(Analysed {
                version: snapshot.version,
                generation,
                text: snapshot.text,
                index,
                findings: analysis.findings,
                diagnostics,
            });
            (analysed, summary, ranges)
        });
        match work.await {
            Ok((analysed, summary, ranges)) => {
                self.folder().update(uri, summary, ranges);
                Some(analysed)
            }
            Err(error) => {
                let reason = match error.try_into_panic() {
                    Ok(panic) => panic_message(&*panic),
                    Err(error) => error.to_string(),
                };
                let message = format!("analysis of {} failed: {reason}", uri.as_str());
                self.log(MessageType::ERROR, message).await;
                None
            }
        }
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
            let _ = self.client_capabilities.set(params.capabilities.clone());
            self.open_folder(&params);
            if let Some(options) = &params.initialization_options {
                let (parsed, notes) = settings::parse(options);
                self.folder().editor = parsed;
                for note in notes {
                    self.log(MessageType::WARNING, format!("settings: {note}"))
                        .await;
                }
            }
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

    async fn initialized(&self, _: InitializedParams) {
        self.guarded_notification("initialized", self.start_folder())
            .await;
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
            self.refresh(doc.uri, doc.version).await;
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
                    self.refresh(uri, version).await;
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

    /// A saved `copydesk.toml` is read again; a draft's text is already current.
    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.guarded_notification("didSave", async {
            if self.is_style(&params.text_document.uri) {
                self.reload_style(params.text).await;
            }
        })
        .await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.guarded_notification("didChangeWatchedFiles", self.files_changed(params.changes))
            .await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.guarded_notification("didClose", async {
            let uri = params.text_document.uri;
            let closed = self.documents().close(&uri);
            if let Some(format) = closed {
                if format.is_some() {
                    self.client
                        .publish_diagnostics(uri.clone(), Vec::new(), None)
                        .await;
                    // The story goes on with the text on disk.
                    self.draft_on_disk(&uri, false).await;
                    self.story_changed(None).await;
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
            let (parsed, notes) = settings::parse(&params.settings);
            self.folder().editor = parsed;
            self.renew_settings();
            for note in notes {
                self.log(MessageType::WARNING, format!("settings: {note}"))
                    .await;
            }
            let open = self.documents().analysed_uris();
            let refreshes = open
                .into_iter()
                .map(|(uri, version)| self.refresh(uri, version));
            futures::future::join_all(refreshes).await;
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
            let text = analysed.text.as_str();
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
}
