//! Big and hostile input over real stdio: each leaves the server running and answering the
//! next request promptly, while it analyses in the background.
//!
//! Every wait is bounded (by the client's timeout or a stated one), so a server that hangs
//! fails a test instead of stalling the suite. Versions going backwards, ranges past the end
//! and malformed frames are in `lsp_protocol.rs` and `lsp_lifecycle.rs`.

mod common;

use std::time::{Duration, Instant};

use common::{Lsp, range};
use serde_json::{Value, json};

/// How long a request may take to be answered while the server is busy with a big document.
/// Generous, because the tests run in debug builds on a loaded machine; what it catches is a
/// request queued behind a whole analysis.
const PROMPT: Duration = Duration::from_secs(5);

/// How long the analysis of one hostile document may take in a debug build.
const ANALYSIS: Duration = Duration::from_secs(60);

const SMALL: &str = "file:///small.md";

/// A server with one small document analysed, ready to show it still answers.
fn server() -> Lsp {
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open(SMALL, "markdown", 1, "“Hello, said nobody.\n");
    let published = lsp.diagnostics_for(SMALL, |p| p.version == Some(1));
    assert_eq!(published.diagnostics.len(), 1);
    lsp
}

/// Asks for the quick fixes on the small document and checks the answer comes within
/// [`PROMPT`].
fn answers_promptly(lsp: &mut Lsp, after: &str) {
    answers_within(lsp, after, PROMPT);
}

/// Asks for the quick fixes on the small document and checks the answer comes in time.
fn answers_within(lsp: &mut Lsp, after: &str, bound: Duration) {
    let asked = Instant::now();
    let id = lsp.send_request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SMALL}, "range": range((0, 0), (0, 1)),
            "context": {"diagnostics": []}}),
    );
    let reply = lsp
        .try_take(bound, |m| m.get("method").is_none() && m["id"] == id)
        .unwrap_or_else(|| panic!("no answer within {bound:?} after {after}"));
    assert!(reply.get("error").is_none(), "{after}: {reply}");
    eprintln!("answered after {after} in {:?}", asked.elapsed());
}

/// Waits up to [`ANALYSIS`] for the diagnostics of `uri` at `version`.
fn published(lsp: &mut Lsp, uri: &str, version: i64) -> Vec<Value> {
    let started = Instant::now();
    let message = lsp
        .try_take(ANALYSIS, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
        .unwrap_or_else(|| panic!("no diagnostics for {uri} within {ANALYSIS:?}"));
    eprintln!("{uri} analysed and published in {:?}", started.elapsed());
    message["params"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A paragraph of news prose with one attributed quote and one unclosed quote.
const PARAGRAPH: &str = "The minister said on Tuesday that “talks will resume next week,” \
    according to two officials. A spokesman added: “We are not done.\n\n";

/// A debug build takes about half a minute to analyse 50 MB (measured: 27 s on two busy
/// cores) and four seconds to read and decode the message, too long for the suite to wait for
/// the diagnostics: this test shows the server takes the document, answers
/// while analysing it, and lets it go; the next one shows the whole path on 5 MB.
#[test]
fn a_50_mb_document_is_taken_and_requests_are_answered_while_it_is_analysed() {
    let mut lsp = server();
    let big = PARAGRAPH.repeat(50 * 1024 * 1024 / PARAGRAPH.len());
    lsp.open("file:///big.md", "markdown", 1, &big);
    // The message itself is parsed twice (checked, then decoded) before the next one is read:
    // seconds in debug, yet far less than the analysis that follows.
    answers_within(&mut lsp, "a 50 MB didOpen", Duration::from_secs(15));
    let last = big.lines().count() as u32;
    lsp.change(
        "file:///big.md",
        2,
        json!([{"range": range((last, 0), (last, 0)), "text": "“One more."}]),
    );
    answers_promptly(&mut lsp, "a change to the 50 MB document");
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///big.md"}}),
    );
    answers_promptly(&mut lsp, "closing the 50 MB document");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_5_mb_document_is_analysed_in_the_background_and_its_diagnostics_capped() {
    let mut lsp = server();
    let big = PARAGRAPH.repeat(5 * 1024 * 1024 / PARAGRAPH.len());
    let paragraphs = big.matches("\n\n").count();
    lsp.open("file:///big.md", "markdown", 1, &big);
    answers_promptly(&mut lsp, "a 5 MB didOpen");
    let diagnostics = published(&mut lsp, "file:///big.md", 1);
    assert_eq!(diagnostics.len(), copydesk::lsp::server::MAX_DIAGNOSTICS);
    let log = lsp.wait_for_log("published the first");
    let all: usize = log
        .split_whitespace()
        .rev()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {log:?}"));
    assert!(all >= paragraphs, "{log}");
    // Changes that arrive while it is analysed: the newest version is published in the end.
    let last = big.lines().count() as u32;
    for version in 2..6 {
        lsp.change(
            "file:///big.md",
            version,
            json!([{"range": range((last, 0), (last, 0)), "text": "“"}]),
        );
        answers_promptly(&mut lsp, "a change to the 5 MB document");
        std::thread::sleep(Duration::from_millis(100));
    }
    published(&mut lsp, "file:///big.md", 5);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_2_mb_line_with_findings_at_its_end_converts_them_quickly() {
    let mut lsp = server();
    // Findings at the end of a long line are where a conversion that measures each column
    // from the start of its line costs the most.
    let mut line = "é word ".repeat(2 * 1024 * 1024 / 8);
    line.push_str(&"“open ".repeat(500));
    lsp.open("file:///line.md", "markdown", 1, &line);
    answers_promptly(&mut lsp, "a 2 MB line");
    let diagnostics = published(&mut lsp, "file:///line.md", 1);
    assert_eq!(diagnostics.len(), 500);
    // UTF-16 columns: the é and the “ are one unit each.
    let first = line.find('“').unwrap();
    let column = line[..first].encode_utf16().count();
    assert_eq!(
        diagnostics[0]["range"],
        range((0, column as u32), (0, column as u32 + 1))
    );
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_100_000_unmatched_quotation_marks_are_survived() {
    let mut lsp = server();
    for (uri, marks) in [
        ("file:///curly.md", "“".repeat(100_000)),
        ("file:///spaced.md", "” ".repeat(100_000)),
        ("file:///straight.txt", "\"".repeat(100_000)),
        ("file:///lines.md", "“\n".repeat(100_000)),
    ] {
        let language = if uri.ends_with(".md") {
            "markdown"
        } else {
            "plaintext"
        };
        lsp.open(uri, language, 1, &marks);
        answers_promptly(&mut lsp, uri);
        let diagnostics = published(&mut lsp, uri, 1);
        assert!(diagnostics.len() <= copydesk::lsp::server::MAX_DIAGNOSTICS);
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn deeply_nested_markdown_is_survived() {
    let mut lsp = server();
    let depth = 10_000;
    let nested = [
        ("quotes", format!("{} “deep\n", ">".repeat(depth))),
        ("spaced-quotes", format!("{}“deep\n", "> ".repeat(depth))),
        ("lists", format!("{}“deep\n", "- ".repeat(depth))),
        ("ordered", format!("{}“deep\n", "1. ".repeat(depth))),
        (
            "emphasis",
            format!("{}“deep{}\n", "*".repeat(depth), "*".repeat(depth)),
        ),
        (
            "links",
            format!("{}“deep{}\n", "[".repeat(depth), "](x)".repeat(depth)),
        ),
        (
            "html",
            format!("{}“deep{}\n", "<div>".repeat(depth), "</div>".repeat(depth)),
        ),
        (
            "indented-lists",
            (0..depth.min(1000))
                .map(|level| format!("{}- “item\n", "  ".repeat(level)))
                .collect(),
        ),
    ];
    for (name, text) in nested {
        let uri = format!("file:///{name}.md");
        lsp.open(&uri, "markdown", 1, &text);
        answers_promptly(&mut lsp, &uri);
        published(&mut lsp, &uri, 1);
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn five_thousand_open_documents_are_survived() {
    let mut lsp = server();
    let count = 5_000;
    for i in 0..count {
        let uri = format!("file:///doc-{i}.md");
        lsp.open(&uri, "markdown", 1, &format!("Draft {i}: “unclosed\n"));
    }
    answers_promptly(&mut lsp, "5,000 didOpens");
    // Every document is analysed and published once.
    let deadline = Instant::now() + ANALYSIS;
    let mut seen = std::collections::HashSet::new();
    while seen.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = lsp
            .try_take(left, |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] != SMALL
            })
            .unwrap_or_else(|| panic!("only {} of {count} published", seen.len()));
        assert_eq!(
            message["params"]["diagnostics"].as_array().map(Vec::len),
            Some(1)
        );
        seen.insert(message["params"]["uri"].as_str().unwrap_or("").to_string());
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn an_endless_header_line_and_a_huge_length_are_refused_and_logged() {
    let mut lsp = server();
    // A megabyte without a line break, then a well-formed request.
    lsp.send_raw(&vec![b'x'; 1024 * 1024]);
    lsp.send_raw(b"\r\n");
    answers_promptly(&mut lsp, "a 1 MB header line");
    assert!(
        lsp.wait_for_log("header line longer than")
            .contains("copydesk")
    );
    lsp.wait_for_log("stray bytes before a message");
    // A length of 300 MB: refused without reading 300 MB; the next message is found.
    lsp.send_raw(b"Content-Length: 300000000\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    answers_promptly(&mut lsp, "a 300 MB Content-Length");
    lsp.wait_for_log("refused a message of 300000000 bytes");
    assert!(lsp.shutdown_and_exit().success());
}
