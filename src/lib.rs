//! copydesk: a language server and command-line checker for news drafts.
//!
//! # Code map
//!
//! - [`analysis`]: the pure core. Text in, findings and indexes out. `prose` finds the prose in
//!   Markdown or plain text, `draft` splits it once into blocks, tokens and sentences, `quotes`
//!   pairs quotation marks, `attribution` credits each quote to a speaker, `names` finds name
//!   mentions and groups their spellings, `entities` joins them into people, places and
//!   organisations with descriptions and quotes, and `checks/` holds one file per check, each
//!   with its code and documentation. `incremental` analyses a text again after an edit,
//!   reading again only the blocks the edit touched, with the same result as a fresh analysis.
//! - [`config`]: the house style sheet, `copydesk.toml`: its text parsed into a typed `Config`,
//!   problems reported at byte ranges of the file, and the merge with the editor's settings
//!   into `analysis::Settings`. Pure like the core; the front ends find and read the file.
//! - [`line_index`]: the only place that turns byte offsets into line/column positions and back
//!   (UTF-8 or UTF-16 columns; LF, CRLF and lone CR line ends).
//! - [`lsp`]: the language server. The only module that imports the LSP crate or tokio.
//!   `transport` frames stdin leniently so that one malformed message costs one error reply,
//!   and writes every frame to stdout from one thread (diagnostics serialised straight into
//!   theirs, past the library),
//!   `documents` holds the ropes, applies edits and keeps each document's incremental analysis,
//!   `server` has the handlers, `diagnostics` and
//!   `code_actions` turn findings into LSP values, and `hover`, `navigation`, `symbols` and
//!   `inlay_hints` turn the entity index and the quote attributions into hovers, navigation,
//!   the outline and speaker hints.
//! - [`cli`]: `copydesk check`, `copydesk explain` and `copydesk sources`: reading files and
//!   printing reports.
//!
//! # Architecture invariants
//!
//! - `analysis` never does I/O, never sees an LSP type, never uses tokio, and never fails:
//!   every function returns what it found. A test enforces the imports.
//! - `analysis` works in byte offsets into the text it was given. Only `line_index` knows about
//!   lines, columns and encodings.
//! - The server applies document changes synchronously, before any `.await`, analyses a
//!   snapshot outside the lock, and never publishes diagnostics for a stale version.
//! - No handler waits for an analysis: analyses run in background tasks, one at a time per
//!   document, so requests are answered while a large draft is analysed (the policy for very
//!   large documents is in `lsp::server`).
//! - Hostile input costs bounded memory and linear time: the framing layer caps header lines
//!   and message sizes, and position conversion never rescans a long line.
//! - Every request handler runs under `catch_unwind`: a bug costs one answer, not the session.
//! - copydesk opens no network connection and writes no file; changes reach disk only through
//!   edits the editor applies.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod line_index;
pub mod lsp;
