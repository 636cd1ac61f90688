//! A small JSON-RPC client that runs the real `copydesk` binary as a language server over
//! stdio, for end-to-end tests.
//!
//! ```text
//! let mut lsp = Lsp::start();
//! lsp.initialize(&["utf-16"]);
//! lsp.open("file:///d.md", "markdown", 1, "“Hello");
//! let diags = lsp.diagnostics_for("file:///d.md", |d| d.version == Some(1));
//! ```
//!
//! Messages from the server are kept in arrival order until a test takes them; requests the
//! server makes (such as `client/registerCapability`) are answered with `null` at once.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

mod frame;

use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long a test waits for any one answer before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The server's `publishDiagnostics` for one document.
#[derive(Debug, Clone)]
pub struct Published {
    pub uri: String,
    pub version: Option<i64>,
    pub diagnostics: Vec<Value>,
}

/// A running `copydesk lsp --stdio` and the messages it sent.
pub struct Lsp {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages received and not yet taken by a test.
    pending: VecDeque<Value>,
    /// Every `window/logMessage` text received so far.
    logs: Vec<String>,
    next_id: i64,
}

impl Lsp {
    /// Starts the server with `copydesk lsp --stdio`.
    pub fn start() -> Lsp {
        Lsp::start_with(&["lsp", "--stdio"])
    }

    /// Starts the server with the given arguments.
    pub fn start_with(args: &[&str]) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("copydesk starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        // Drain stderr so the server never blocks on it; show it with the test's output.
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[server] {line}");
            }
        });
        let (tx, incoming) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Lsp {
            stdin: child.stdin.take(),
            child,
            incoming,
            pending: VecDeque::new(),
            logs: Vec::new(),
            next_id: 1,
        }
    }

    /// Sends raw bytes, as they are, to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush to server");
    }

    /// Sends one JSON-RPC message with a correct `Content-Length`.
    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id, without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its `result`, failing the test on an error reply.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Waits for the response with this id.
    pub fn response(&mut self, id: i64) -> Value {
        self.take(&format!("the response to request {id}"), |m| {
            m.get("method").is_none() && m["id"] == id
        })
    }

    /// Waits for the first message (not yet taken) that matches, and takes it.
    pub fn take(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        self.try_take(TIMEOUT, &matches)
            .unwrap_or_else(|| panic!("no {what} within {TIMEOUT:?}; logs: {:?}", self.logs))
    }

    /// Like [`Lsp::take`], but `None` after `timeout`.
    pub fn try_take(
        &mut self,
        timeout: Duration,
        matches: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.pending.iter().position(&matches) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            self.keep_log(&message);
            if message.get("method").is_some() && message.get("id").is_some() {
                // A request from the server: answer it so that it never waits.
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
            if matches(&message) {
                return Some(message);
            }
            self.pending.push_back(message);
        }
    }

    /// Waits for a `publishDiagnostics` for `uri` that satisfies `accept`; earlier ones for the
    /// same document are dropped.
    pub fn diagnostics_for(&mut self, uri: &str, accept: impl Fn(&Published) -> bool) -> Published {
        let found = self.take(&format!("matching diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && accept(&published(m))
        });
        self.pending.retain(|m| {
            !(m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        });
        published(&found)
    }

    /// Every `window/logMessage` text received so far (after reading what has arrived).
    pub fn logs(&mut self) -> &[String] {
        while let Ok(message) = self.incoming.try_recv() {
            self.keep_log(&message);
            self.pending.push_back(message);
        }
        &self.logs
    }

    /// Keeps the text of a `window/logMessage`; other messages are left alone.
    fn keep_log(&mut self, message: &Value) {
        if message["method"] == "window/logMessage" {
            let text = message["params"]["message"].as_str().unwrap_or("");
            self.logs.push(text.to_string());
        }
    }

    /// Waits for a log message containing `needle`.
    pub fn wait_for_log(&mut self, needle: &str) -> String {
        let message = self.take(&format!("log message containing {needle:?}"), |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(needle))
        });
        message["params"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// `initialize` offering these position encodings (none when empty), then `initialized`.
    /// Returns the initialize result.
    pub fn initialize(&mut self, encodings: &[&str]) -> Value {
        self.initialize_with(encodings, json!(null))
    }

    /// Like [`Lsp::initialize`], with `initializationOptions`.
    pub fn initialize_with(&mut self, encodings: &[&str], options: Value) -> Value {
        let mut capabilities = json!({
            "workspace": {"workspaceEdit": {"documentChanges": true}},
            "textDocument": {"publishDiagnostics": {"versionSupport": true}},
        });
        if !encodings.is_empty() {
            capabilities["general"] = json!({"positionEncodings": encodings});
        }
        let result = self.call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// A server started on the folder `root` (root and only workspace folder), offering these
    /// position encodings (none when empty), workspace edits with file creation, file watchers
    /// with relative patterns, progress and versioned diagnostics; then `initialized`.
    pub fn start_in_folder(root: &Path, encodings: &[&str], options: Value) -> Lsp {
        let mut lsp = Lsp::start();
        lsp.call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "workspaceFolders": [{"uri": file_uri(root), "name": "story"}],
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "workspace": {
                        "workspaceEdit": {"documentChanges": true,
                            "resourceOperations": ["create"]},
                        "didChangeWatchedFiles": {"dynamicRegistration": true,
                            "relativePatternSupport": true},
                    },
                    "window": {"workDoneProgress": true},
                    "textDocument": {"publishDiagnostics": {"versionSupport": true}},
                },
                "initializationOptions": options,
            }),
        );
        lsp.notify("initialized", json!({}));
        lsp
    }

    pub fn open(&mut self, uri: &str, language_id: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": version,
                "text": text}}),
        );
    }

    /// Sends a `didChange` with these content changes (each `{"range": ..., "text": ...}` or
    /// `{"text": ...}`).
    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `shutdown`, then `exit`; returns the exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        self.call("shutdown", json!(null));
        self.notify("exit", json!(null));
        self.wait_for_exit().expect("the server exits after exit")
    }

    /// Closes the server's stdin.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the server to end, up to [`TIMEOUT`]; `None` if it is still running.
    pub fn wait_for_exit(&mut self) -> Option<ExitStatus> {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn published(message: &Value) -> Published {
    let params = &message["params"];
    Published {
        uri: params["uri"].as_str().unwrap_or("").to_string(),
        version: params["version"].as_i64(),
        diagnostics: params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    }
}

/// Reads one framed message as JSON; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    serde_json::from_slice(&frame::read_frame(reader)?).ok()
}

/// An LSP range as JSON.
pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1},
        "end": {"line": end.0, "character": end.1}})
}

/// A fresh, empty folder for one test of a suite, under Cargo's scratch folder for tests.
pub fn scratch(suite: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(suite)
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// The `file://` URI of an absolute path.
pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}
