//! `copydesk check`: read each draft, analyse it on a worker thread, and report in a stable order.
//!
//! [`check_text`] is the per-file step (text in, findings with resolved positions out); everything
//! around it is reading files and printing, so other front ends can reuse it. All the drafts of
//! one run are one story: a first pass summarises the names of each, a second analyses each
//! against the others ([`check_in_story`]).

use super::config_file::StyleSheets;
use super::walk::{self, Input, InputError, Item};
use super::{CheckArgs, OutputFormat, StdinFormat, report_human, report_json};
use crate::analysis::names::{NameSummary, Story, Within};
use crate::analysis::{
    DocId, Finding, Format, Related, Settings, Span, analyze_in, summarise_names,
};
use crate::line_index::{Encoding, LineIndex};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Files larger than this are refused: a draft is a few hundred kilobytes at most.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// How `-` is named in reports.
pub const STDIN_PATH: &str = "-";

/// Blocks at least this large are mapped on their own, never taken from malloc's heap.
const MAP_FROM: i32 = 128 * 1024;

/// Fixes malloc's threshold for mapping large blocks on their own at [`MAP_FROM`]. glibc raises
/// it each time such a block is freed (the file's read buffer is the first), after which the
/// analysis's large lists come from the heap, where what they leave when freed stays resident
/// beside the next stage's: about 0.3 MB of the peak on a 5 MB draft. Called before any file
/// is read.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn map_large_blocks() {
    // SAFETY: `mallopt` only sets a tunable of the allocator, one glibc knows.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_FROM);
    }
}

/// Maps large blocks on their own: nothing to ask for on this platform.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn map_large_blocks() {}

/// One checked text: what the core found, and what is needed to print positions.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user wrote it (or as found in a folder), or `-` for standard input.
    pub path: String,
    /// The text without its byte-order mark, which is what the core analysed; shared with the
    /// story's list of drafts, never copied.
    pub text: Arc<str>,
    /// Bytes of byte-order mark that preceded `text` in the file (0 or 3).
    pub bom_len: usize,
    /// The text's line index, shared with the story's list of drafts (see [`Source::index`]).
    index: Arc<OnceLock<LineIndex>>,
    pub findings: Vec<Finding>,
    /// The drafts of the story, by [`DocId`], for related places in other drafts.
    pub story: Arc<Vec<Source>>,
}

/// A draft of the story as read: what it takes to print a place in it. Cloning it shares the
/// text and the line index.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    /// The text without its byte-order mark.
    pub text: Arc<str>,
    pub bom_len: usize,
    index: Arc<OnceLock<LineIndex>>,
}

impl Source {
    fn new(path: String, text: &str) -> Source {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        Source {
            path,
            text: Arc::from(body),
            bom_len: text.len() - body.len(),
            index: Arc::default(),
        }
    }

    /// The text's line index, built when a place is first printed: after the analysis, whose
    /// peak memory it would otherwise add to (1 MB on a 5 MB draft).
    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    fn locate(&self, span: Span) -> Location {
        locate(self.index(), &self.text, self.bom_len, span)
    }
}

/// A related place resolved for printing: the file, the position and the text there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<'r> {
    pub path: &'r str,
    pub location: Location,
    pub text: &'r str,
}

/// Where a span is, ready to print: lines and columns are 1-based and count Unicode scalar
/// values; bytes are 0-based offsets into the file (byte-order mark included), end exclusive.
/// Lines and columns (1-based, in scalar values) and file bytes of a span of a text whose
/// byte-order mark, if any, was set aside.
fn locate(index: &LineIndex, text: &str, bom_len: usize, span: Span) -> Location {
    let start = index.line_col(text, span.start, Encoding::Utf32);
    let end = index.line_col(text, span.end, Encoding::Utf32);
    Location {
        line: start.line + 1,
        column: start.col + 1,
        end_line: end.line + 1,
        end_column: end.col + 1,
        start_byte: span.start + bom_len,
        end_byte: span.end + bom_len,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub start_byte: usize,
    pub end_byte: usize,
}

impl FileReport {
    /// Where a related place is: in this file, or in another draft of the story.
    pub fn place(&self, related: &Related) -> Place<'_> {
        match related.doc.and_then(|DocId(d)| self.story.get(d)) {
            Some(source) => Place {
                path: &source.path,
                location: source.locate(related.span),
                text: related.span.text(&source.text),
            },
            None => Place {
                path: &self.path,
                location: self.locate(related.span),
                text: related.span.text(&self.text),
            },
        }
    }

    /// The text's line index (see [`Source::index`]).
    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Resolves a span of `text` to lines, columns and file bytes.
    pub fn locate(&self, span: Span) -> Location {
        locate(self.index(), &self.text, self.bom_len, span)
    }
}

/// Analyses one text with the given settings. A leading byte-order mark is set aside so that
/// columns on the first line match what an editor shows; byte offsets still count it.
pub fn check_text(path: String, text: &str, format: Format, settings: &Settings) -> FileReport {
    let source = Source::new(path, text);
    check_in_story(source, format, settings, None, Arc::default())
}

/// Analyses one draft of a story: `within` holds the names of the other drafts, and `story`
/// their texts, by [`DocId`], to print related places in them.
pub fn check_in_story(
    source: Source,
    format: Format,
    settings: &Settings,
    within: Option<Within>,
    story: Arc<Vec<Source>>,
) -> FileReport {
    let findings = analyze_in(&source.text, format, settings, within).findings;
    FileReport {
        path: source.path,
        text: source.text,
        bom_len: source.bom_len,
        index: source.index,
        findings,
        story,
    }
}

/// Reads a file as a draft: refuses one that is too large, looks binary or is not UTF-8.
pub fn read_draft(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| walk::describe_io_error(&e))?;
    let meta = file.metadata().map_err(|e| walk::describe_io_error(&e))?;
    if meta.is_dir() {
        return Err("is a folder".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // The file's length as the first guess spares the copies of a growing buffer.
    let expected = usize::try_from(meta.len()).unwrap_or(0);
    decode(read_limited(file, expected)?)
}

/// Reads at most [`MAX_FILE_BYTES`] from a reader (standard input), refusing more; `expected`
/// is how many bytes are likely to come.
pub fn read_limited(reader: impl Read, expected: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| walk::describe_io_error(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> String {
    format!(
        "larger than {} MiB, too large to be a draft; not checked",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Turns bytes into text, or says why they are not a draft.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "looks binary (NUL byte at offset {at}); not checked"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 (invalid byte at offset {}); not checked",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A draft read in the first pass.
struct Read1 {
    source: Source,
    format: Format,
    settings: Arc<Settings>,
    summary: Arc<NameSummary>,
}

/// Runs `copydesk check` and returns its exit status: 0 when nothing at warning or above was
/// found, 1 when something was, 2 when a path could not be checked or a style sheet is broken.
pub fn run(args: &CheckArgs) -> ExitCode {
    map_large_blocks();
    let stdin_format = match args.stdin_format {
        StdinFormat::Plain => Format::PlainText,
        StdinFormat::Markdown => Format::Markdown,
    };
    let items = walk::collect(&args.paths, stdin_format);
    let stdin = if items
        .iter()
        .any(|item| matches!(item, Item::Input(Input::Stdin(_))))
    {
        Some(read_limited(std::io::stdin().lock(), 0).and_then(decode))
    } else {
        None
    };

    // The style sheet of each input; a file a folder search found may be skipped by it.
    let mut sheets = StyleSheets::new(args.config.as_deref());
    let defaults = Arc::new(Settings::default());
    let mut inputs: Vec<(&Item, Arc<Settings>)> = Vec::new();
    for item in &items {
        let sheet = match item {
            Item::Input(Input::File(path)) => {
                let sheet = sheets.for_file(path);
                let named = args.paths.iter().any(|p| p == path);
                if !named && sheet.as_ref().is_some_and(|s| s.skips(path)) {
                    continue;
                }
                sheet
            }
            Item::Input(Input::Stdin(_)) => sheets.for_folder(Path::new(".")),
            Item::Error(_) => None,
        };
        let settings = sheet.map_or_else(|| defaults.clone(), |s| Arc::new(s.settings.clone()));
        inputs.push((item, settings));
    }
    for message in &sheets.messages {
        eprintln!("copydesk: {message}");
    }
    if sheets.failed {
        eprintln!("copydesk: nothing was checked: fix the style sheet first");
        return ExitCode::from(2);
    }

    // First pass: read every draft and summarise its names.
    let several = inputs.len() > 1;
    let read = |(item, settings): &(&Item, Arc<Settings>)| -> Result<Read1, InputError> {
        let (source, format) = match item {
            Item::Error(err) => return Err(err.clone()),
            Item::Input(Input::Stdin(format)) => match &stdin {
                Some(Ok(text)) => (Source::new(STDIN_PATH.to_string(), text), *format),
                Some(Err(reason)) => return Err(stdin_error(reason)),
                None => return Err(stdin_error("standard input was not read")),
            },
            Item::Input(Input::File(path)) => {
                let text = read_draft(path).map_err(|reason| InputError {
                    path: path.display().to_string(),
                    reason,
                })?;
                (
                    Source::new(path.display().to_string(), &text),
                    walk::format_of(path),
                )
            }
        };
        // A story of one draft needs no summary.
        let summary = if several {
            Arc::new(summarise_names(&source.text, format, settings))
        } else {
            Arc::default()
        };
        Ok(Read1 {
            source,
            format,
            settings: settings.clone(),
            summary,
        })
    };
    let mut drafts = Vec::new();
    let mut errors = Vec::new();
    in_parallel(&inputs, read, |outcome| match outcome {
        Ok(draft) => drafts.push(draft),
        Err(err) => errors.push(err),
    });

    // Second pass: every draft against the others.
    let story = Story::new(
        drafts
            .iter()
            .enumerate()
            .map(|(i, d)| (DocId(i), d.summary.clone()))
            .collect(),
    );
    let sources: Arc<Vec<Source>> = Arc::new(drafts.iter().map(|d| d.source.clone()).collect());
    let numbered: Vec<(usize, Read1)> = drafts.into_iter().enumerate().collect();
    let task = |(i, draft): &(usize, Read1)| {
        let within = (story.len() > 1).then_some(Within {
            story: &story,
            this: Some(DocId(*i)),
        });
        check_in_story(
            draft.source.clone(),
            draft.format,
            &draft.settings,
            within,
            sources.clone(),
        )
    };
    let mut printer = Printer::new(args.format);
    in_parallel(&numbered, task, |report| printer.print(Ok(report)));
    for err in errors {
        printer.print(Err(err));
    }
    printer.finish()
}

pub fn stdin_error(reason: &str) -> InputError {
    InputError {
        path: STDIN_PATH.to_string(),
        reason: reason.to_string(),
    }
}

/// Prints each outcome as it comes (errors on standard error), keeping only counts and,
/// for JSON, the diagnostics: a file's text is dropped once it is reported.
struct Printer {
    format: OutputFormat,
    tally: report_human::Tally,
    json: report_json::Report,
}

impl Printer {
    fn new(format: OutputFormat) -> Printer {
        Printer {
            format,
            tally: report_human::Tally::default(),
            json: report_json::Report::default(),
        }
    }

    fn print(&mut self, outcome: Result<FileReport, InputError>) {
        match outcome {
            Ok(report) => {
                self.tally.add(&report);
                match self.format {
                    OutputFormat::Human => {
                        let mut out = String::new();
                        report_human::render_file(&report, &mut out);
                        print_stdout(&out);
                    }
                    OutputFormat::Json => self.json.add(&report),
                }
            }
            Err(err) => {
                self.tally.failed += 1;
                eprintln!("copydesk: {err}");
            }
        }
    }

    /// Prints the summary or the JSON object and picks the exit status.
    fn finish(self) -> ExitCode {
        match self.format {
            OutputFormat::Human => print_stdout(&self.tally.summary()),
            OutputFormat::Json => print_stdout(&self.json.render()),
        }
        if self.tally.failed > 0 {
            ExitCode::from(2)
        } else if self.tally.found_warnings() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn print_stdout(text: &str) {
    if text.is_empty() {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Runs `task` on every item, one item per task, on every core, and hands each result to
/// `sink` on the calling thread in the items' order, as soon as the results before it are in.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    task: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(items.len());
    if workers <= 1 {
        items.iter().map(task).for_each(sink);
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::channel();
        for _ in 0..workers {
            let send = send.clone();
            let (next, task) = (&next, &task);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else {
                        break;
                    };
                    if send.send((i, task(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut pending = BTreeMap::new();
        let mut due = 0;
        for (i, result) in receive {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&due) {
                sink(result);
                due += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_results_keep_the_input_order() {
        let items: Vec<usize> = (0..200).collect();
        let mut seen = Vec::new();
        in_parallel(&items, |i| i * 2, |r| seen.push(r));
        assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        let mut none = Vec::new();
        in_parallel(&[] as &[usize], |i| *i, |r| none.push(r));
        assert!(none.is_empty());
    }

    #[test]
    fn parallel_tasks_run_on_every_core_at_once() {
        // As many items as cores: each task waits until all of them are running, so the test
        // only passes if every item has a task of its own and they all run at the same time.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let items: Vec<usize> = (0..cores).collect();
        let running = AtomicUsize::new(0);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut together = Vec::new();
        in_parallel(
            &items,
            |_| {
                running.fetch_add(1, Ordering::SeqCst);
                while running.load(Ordering::SeqCst) < cores {
                    if std::time::Instant::now() > deadline {
                        return (false, std::thread::current().id());
                    }
                    std::thread::yield_now();
                }
                (true, std::thread::current().id())
            },
            |seen| together.push(seen),
        );
        assert!(together.iter().all(|(all_running, _)| *all_running));
        let threads: std::collections::HashSet<_> = together.iter().map(|(_, id)| *id).collect();
        assert_eq!(threads.len(), cores);
    }

    #[test]
    fn binary_and_non_utf8_bytes_are_refused_with_a_reason() {
        assert_eq!(decode(b"ok\n".to_vec()), Ok("ok\n".to_string()));
        assert!(
            decode(b"ab\0cd".to_vec())
                .unwrap_err()
                .contains("binary (NUL byte at offset 2)")
        );
        assert!(
            decode(b"caf\xe9".to_vec())
                .unwrap_err()
                .contains("not UTF-8 (invalid byte at offset 3)")
        );
    }

    #[test]
    fn a_byte_order_mark_moves_bytes_but_not_columns() {
        let report = check_text(
            "x".into(),
            "\u{feff}“open\n",
            Format::PlainText,
            &Settings::default(),
        );
        let finding = &report.findings[0];
        let at = report.locate(finding.span);
        assert_eq!((at.line, at.column, at.end_column), (1, 1, 2));
        assert_eq!((at.start_byte, at.end_byte), (3, 6));
    }
}
