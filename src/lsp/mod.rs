//! The language server: the only module that knows about LSP and tokio.
//!
//! - [`transport`]: reads and writes `Content-Length` frames on stdio, surviving malformed ones;
//!   the server's diagnostics are serialised straight into their frames, past the library.
//! - [`server`]: the handlers.
//! - [`documents`]: the open documents as ropes, changed incrementally.
//! - [`diagnostics`] and [`code_actions`]: findings as diagnostics and quick fixes.
//! - [`settings`]: the editor's settings read into the core's.
//! - [`workspace`], `folder` and [`config_file`]: each workspace folder as one story, its style
//!   sheet (`copydesk.toml`, or the file the `configFile` setting names) read at start and again
//!   when it or the setting changes, and the background indexing.
//! - [`style_fixes`]: quick fixes that silence a finding: an ignore comment, or an entry in
//!   the style sheet.
//! - `memory`: the allocator tuned, and free memory handed back after a large draft's analysis.
//! - [`hover`], [`navigation`], [`symbols`] and [`inlay_hints`]: the entity index and the quote
//!   attributions as hover cards, definition/references/highlight/rename, the outline, and
//!   speaker hints after quotes.

pub mod code_actions;
pub mod config_file;
pub mod diagnostics;
pub mod documents;
mod folder;
pub mod hover;
pub mod inlay_hints;
mod memory;
pub mod navigation;
pub mod server;
pub mod settings;
pub mod style_fixes;
pub mod symbols;
pub mod transport;
pub mod workspace;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;
use tower_lsp_server::{LspService, Server};

/// Serves LSP on standard input and output until the client says exit, closes standard input,
/// or its process ends. The status is 0 after a `shutdown` request, 1 otherwise.
pub fn run() -> ExitCode {
    memory::tune_allocator();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("copydesk: cannot start the language server: {error}");
            return ExitCode::from(2);
        }
    };
    let (input, output, stdio) = transport::Stdio::start();
    let shut_down = Arc::new(AtomicBool::new(false));
    let client_gone = Arc::new(Notify::new());
    let notifier = stdio.notifier();
    let (service, socket) = LspService::new(|client| {
        server::Backend::new(client, notifier, shut_down.clone(), client_gone.clone())
    });
    let server = Server::new(input, output, socket);
    let client_alive = runtime.block_on(async {
        tokio::select! {
            () = server.serve(service) => true,
            () = client_gone.notified() => false,
        }
    });
    runtime.shutdown_background();
    stdio.finish();
    if client_alive && shut_down.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
