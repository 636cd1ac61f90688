//! Latency of the language server as an editor sees it: spawns `copydesk lsp`, speaks LSP to
//! it over real stdio, and prints spawn-to-initialize time, didChange-to-publishDiagnostics
//! latency for single-character edits into a 10,000-word and a 1 MB draft, hover and definition
//! round trips, and the server's memory holding the 1 MB draft. Then, in this process, where a
//! keystroke's time and memory go: the same stages the server runs, timed one by one.
//!
//! `cargo build --release --bins --examples && target/release/examples/latency [COPYDESK]`
//! (`latency --stages` prints only the stages measured in this process.)
//!
//! Each edit is sent after the diagnostics of the previous one arrived, so every version is
//! analysed and the time measured is that of one keystroke after a pause.

#[path = "../tests/common/frame.rs"]
mod frame;
#[path = "../benches/support/mod.rs"]
mod support;

use copydesk::analysis::{self, Format, Settings};
use copydesk::line_index::{Encoding, LineIndex};
use copydesk::lsp::diagnostics;
use copydesk::lsp::documents::Documents;
use frame::read_frame;
use serde_json::{Value, json};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use support::Rng;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, TextDocumentContentChangeEvent, Uri};

/// The system allocator, counting the bytes live and their peak while [`COUNTING`] is set, so
/// that the stages below can say how much memory an analysis keeps and how much it needs while
/// it runs. Counting is off while stages are timed: its atomic updates would slow them.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !COUNTING.load(Ordering::Relaxed) {
        } else if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const EDITS: usize = 500;
const REQUESTS: usize = 200;
const TIMEOUT: Duration = Duration::from_secs(30);

/// A language server child process and the messages it sends, read on a thread.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<(Instant, Value)>,
    next_id: u64,
}

impl Server {
    fn spawn(binary: &PathBuf) -> Server {
        let mut child = Command::new(binary)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", binary.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (send, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(body) = read_frame(&mut reader) {
                let at = Instant::now();
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    continue;
                };
                if send.send((at, value)).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin
            .write_all(frame.as_bytes())
            .and_then(|()| self.stdin.flush())
            .expect("the server reads its input");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id.
    fn request(&mut self, method: &str, params: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the first message that `wanted` accepts, answering the server's own requests
    /// with `null` meanwhile. Returns when it arrived and the message.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> (Instant, Value) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, message) = self
                .messages
                .recv_timeout(left)
                .expect("the server answered in time");
            if wanted(&message) {
                return (at, message);
            }
            if let (Some(id), Some(_)) = (message.get("id"), message.get("method")) {
                let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
                self.send(&reply);
            }
        }
    }

    fn wait_reply(&mut self, id: u64) -> (Instant, Value) {
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    fn wait_diagnostics(&mut self, uri: &str, version: i32) -> (Instant, Value) {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    fn initialize(&mut self) -> Instant {
        let id = self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": null,
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            }),
        );
        let (at, _) = self.wait_reply(id);
        self.notify("initialized", json!({}));
        at
    }

    /// VmRSS and VmHWM of the server, in kB.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kb| kb.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    fn stop(mut self) {
        let id = self.request("shutdown", Value::Null);
        self.wait_reply(id);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// The LSP position of a byte offset, with UTF-16 columns.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = text[line_start..offset].encode_utf16().count();
    json!({"line": line, "character": character})
}

/// A random character boundary of `text`.
fn boundary(text: &str, rng: &mut Rng) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

struct Stats {
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Stats {
        p50: at(0.5),
        p99: at(0.99),
        max: at(1.0),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// Opens `text`, replays single-character edits and measures each edit's diagnostics; then
/// hover and definition at random places. Returns the rows of the table and the memory.
fn session(
    binary: &PathBuf,
    file: &str,
    name: &str,
    text: String,
    rows: &mut Vec<[String; 5]>,
) -> (u64, u64) {
    let mut server = Server::spawn(binary);
    server.initialize();
    let uri = format!("file:///drafts/{file}.md");
    let mut text = text;
    let mut version = 1;
    let opened = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}),
    );
    let (at, first) = server.wait_diagnostics(&uri, version);
    let found = first["params"]["diagnostics"]
        .as_array()
        .map_or(0, Vec::len);
    rows.push([
        format!("{name}: didOpen → diagnostics ({found} found)"),
        ms(at - opened),
        String::new(),
        String::new(),
        "1".to_string(),
    ]);

    let mut rng = Rng::new(42);
    let mut latencies = Vec::with_capacity(EDITS);
    for _ in 0..EDITS {
        let at = boundary(&text, &mut rng);
        let delete = rng.below(10) < 3 && at < text.len();
        let (range, new_text) = if delete {
            let len = text[at..].chars().next().map_or(0, char::len_utf8);
            let range = json!({"start": position(&text, at), "end": position(&text, at + len)});
            text.replace_range(at..at + len, "");
            (range, String::new())
        } else {
            let ch = rng.pick(&['e', 't', 'a', 'o', ' ', ',', '.', 'L', '“', '”']);
            let range = json!({"start": position(&text, at), "end": position(&text, at)});
            text.insert(at, ch);
            (range, ch.to_string())
        };
        version += 1;
        let sent = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range, "text": new_text}],
            }),
        );
        let (at, _) = server.wait_diagnostics(&uri, version);
        latencies.push(at - sent);
    }
    let edit = stats(latencies);
    rows.push([
        format!("{name}: didChange → publishDiagnostics"),
        ms(edit.p50),
        ms(edit.p99),
        ms(edit.max),
        EDITS.to_string(),
    ]);

    for method in ["textDocument/hover", "textDocument/definition"] {
        let mut times = Vec::with_capacity(REQUESTS);
        let mut answers = std::collections::BTreeSet::new();
        for _ in 0..REQUESTS {
            let at = boundary(&text, &mut rng);
            let sent = Instant::now();
            let id = server.request(
                method,
                json!({"textDocument": {"uri": uri}, "position": position(&text, at)}),
            );
            let (arrived, reply) = server.wait_reply(id);
            times.push(arrived - sent);
            answers.insert(match (&reply.get("error"), &reply["result"]) {
                (Some(error), _) => format!("error {}", error["code"]),
                (None, Value::Null) => "null".to_string(),
                (None, _) => "a result".to_string(),
            });
        }
        let s = stats(times);
        let answers: Vec<_> = answers.into_iter().collect();
        rows.push([
            format!("{name}: {method} ({})", answers.join(", ")),
            ms(s.p50),
            ms(s.p99),
            ms(s.max),
            REQUESTS.to_string(),
        ]);
    }
    // At rest: the server hands free memory back once typing has paused.
    std::thread::sleep(Duration::from_secs(1));
    let memory = server.memory();
    server.stop();
    memory
}

/// Megabytes, from bytes.
fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// In this process, the stages the server runs for one keystroke on `text`, each timed alone
/// over `rounds` edits at random places (the median is printed), and the memory an analysis
/// keeps and needs while it runs.
fn stages(name: &str, text: &str, rounds: usize) {
    let settings = copydesk::config::merge(&Settings::default(), &Default::default());
    let uri: Uri = "file:///drafts/stages.md".parse().expect("a valid URI");
    let mut documents = Documents::default();
    documents.open(uri.clone(), "markdown", 1, text);
    let mut rng = Rng::new(7);
    let mut times: [Vec<Duration>; 8] = Default::default();
    // The server's incremental analysis starts from the opened text, as after `didOpen`.
    let opened = documents.snapshot(&uri).expect("the document is open");
    opened
        .cache
        .analyze(&opened.text, Format::Markdown, &settings, None);
    for round in 0..rounds {
        let at = floor(text, rng.below(text.len() / 2));
        let at: tower_lsp_server::ls_types::Position =
            serde_json::from_value(position(text, at)).expect("a position");
        let change = TextDocumentContentChangeEvent {
            range: Some(tower_lsp_server::ls_types::Range::new(at, at)),
            range_length: None,
            text: "e".to_string(),
        };
        let version = round as i32 + 2;
        let mut clock = Instant::now();
        let mut lap = |stage: usize, times: &mut [Vec<Duration>; 8]| {
            let now = Instant::now();
            times[stage].push(now - clock);
            clock = now;
        };
        documents.change(&uri, version, &[change], Encoding::Utf16);
        lap(0, &mut times);
        let snapshot = documents.snapshot(&uri).expect("the document is open");
        lap(1, &mut times);
        // The server's analysis first, so that it starts with the caches as a keystroke finds
        // them: a whole-draft analysis just before would have read the text and the word
        // tables into them, and the incremental one measured after it ran twice as fast.
        let analysis = snapshot
            .cache
            .analyze(&snapshot.text, Format::Markdown, &settings, None);
        lap(6, &mut times);
        let whole = analysis::analyze_in(&snapshot.text, Format::Markdown, &settings, None);
        lap(2, &mut times);
        drop(whole);
        lap(7, &mut times);
        let index = LineIndex::new(&snapshot.text);
        lap(3, &mut times);
        let found: Vec<_> = analysis
            .findings
            .iter()
            .map(|f| diagnostics::diagnostic(&uri, &snapshot.text, &index, f, Encoding::Utf16))
            .collect();
        lap(4, &mut times);
        let params = PublishDiagnosticsParams::new(uri.clone(), found, Some(version));
        let json = serde_json::to_string(&params).expect("diagnostics serialise");
        lap(5, &mut times);
        drop(json);
    }
    let names = [
        "apply the edit to the rope",
        "rope → String snapshot",
        "analysis (src/analysis)",
        "LineIndex::new",
        "findings → LSP diagnostics",
        "publishDiagnostics → JSON",
        "analysis, incremental (the server's)",
    ];
    println!("{name}: median of {rounds} keystrokes, in this process");
    // The last stage is freeing the whole-draft analysis, which the server does not do.
    for (what, samples) in names.iter().zip(times) {
        let s = stats(samples);
        println!("  {what:<40} {:>9} ms", ms(s.p50));
    }

    // Memory, counted on one more open and analysis. The count starts high, so that freeing
    // what was allocated before it started cannot take it below zero.
    let live = || LIVE.load(Ordering::Relaxed);
    LIVE.store(1 << 40, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let before = live();
    let mut documents = Documents::default();
    documents.open(uri.clone(), "markdown", 1, text);
    let rope = live() - before;
    let snapshot = documents.snapshot(&uri).expect("the document is open");
    let before = live();
    PEAK.store(before, Ordering::Relaxed);
    let analysis = analysis::analyze_in(&snapshot.text, Format::Markdown, &settings, None);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = live() - before;
    let index = LineIndex::new(&snapshot.text);
    let index_bytes = live() - before - kept;
    drop((analysis, index));
    // What the incremental analysis keeps between keystrokes besides the analysis itself.
    let before = live();
    let analysis = snapshot
        .cache
        .analyze(&snapshot.text, Format::Markdown, &settings, None);
    let cache = live() - before - kept;
    COUNTING.store(false, Ordering::Relaxed);
    drop((analysis, snapshot, documents));
    println!(
        "  memory: text {:.1} MB, rope {:.1} MB, analysis kept {:.1} MB, line index {:.2} MB, \
         analysis peak while running {:.1} MB, incremental cache kept {:.1} MB",
        mb(text.len()),
        mb(rope),
        mb(kept),
        mb(index_bytes),
        mb(peak),
        mb(cache)
    );
}

/// The character boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--stages") {
        let big = support::news_megabyte();
        stages("news-10k-words", &support::news_draft(10_000, 1), 50);
        stages("news-1mb", &big, 10);
        return;
    }
    let binary = std::env::args_os().nth(1).map_or_else(
        || {
            let exe = std::env::current_exe().expect("the harness knows its own path");
            // target/release/examples/latency → target/release/copydesk
            exe.parent()
                .and_then(|examples| examples.parent())
                .map(|release| release.join("copydesk"))
                .expect("the harness runs from the target folder")
        },
        PathBuf::from,
    );
    if !binary.exists() {
        eprintln!(
            "{} is missing: run `cargo build --release --bins --examples` first",
            binary.display()
        );
        std::process::exit(2);
    }
    println!("server: {}", binary.display());

    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut spawns = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let mut server = Server::spawn(&binary);
        let answered = server.initialize();
        spawns.push(answered - started);
        server.stop();
    }
    let spawn = stats(spawns);
    rows.push([
        "spawn → initialize result".to_string(),
        ms(spawn.p50),
        String::new(),
        ms(spawn.max),
        "10".to_string(),
    ]);

    let news = support::news_draft(10_000, 1);
    let news_kb = news.len() / 1024;
    session(
        &binary,
        "news",
        &format!("news-10k-words ({news_kb} KB)"),
        news,
        &mut rows,
    );
    let big = support::news_megabyte();
    let big_kb = big.len() / 1024;
    let (rss, hwm) = session(
        &binary,
        "book",
        &format!("news-1mb ({big_kb} KB)"),
        big.clone(),
        &mut rows,
    );

    println!();
    println!(
        "{:<72} {:>9} {:>9} {:>9} {:>6}",
        "measure", "p50 ms", "p99 ms", "max ms", "n"
    );
    for [what, p50, p99, max, n] in &rows {
        println!("{what:<72} {p50:>9} {p99:>9} {max:>9} {n:>6}");
    }
    println!();
    println!(
        "server holding the 1 MB draft after {EDITS} edits: VmRSS {:.1} MB, peak (VmHWM) {:.1} MB",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    println!();
    stages(
        &format!("news-10k-words ({news_kb} KB)"),
        &support::news_draft(10_000, 1),
        50,
    );
    stages(&format!("news-1mb ({big_kb} KB)"), &big, 10);
}
