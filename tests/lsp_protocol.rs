//! The language server over real stdio: encodings, document sync, diagnostics, quick fixes and
//! settings.

mod common;

use common::{Lsp, range};
use copydesk::analysis::{Format, Settings, analyze};
use copydesk::line_index::{Encoding, LineCol, LineIndex};
use copydesk::lsp::diagnostics::diagnostic;
use serde_json::{Value, json};
use std::time::Duration;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

const URI: &str = "file:///draft.md";

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn negotiates_the_encoding_and_counts_columns_in_it() {
    // “Über 😀 “Hello”: the quotation mark sits 11 bytes or 8 UTF-16 units into the line.
    let text = "Intro.\nÜber 😀 “Hello\n";
    for (offered, expected, col) in [
        (&["utf-8", "utf-16"][..], "utf-8", 11),
        (&["utf-16"][..], "utf-16", 8),
        (&[][..], "utf-16", 8),
    ] {
        let mut lsp = Lsp::start();
        let init = lsp.initialize(offered);
        assert_eq!(init["capabilities"]["positionEncoding"], expected);
        assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
        lsp.open(URI, "markdown", 1, text);
        let published = lsp.diagnostics_for(URI, |_| true);
        assert_eq!(published.version, Some(1));
        assert_eq!(codes(&published.diagnostics), ["unclosed-quote"]);
        let d = &published.diagnostics[0];
        let mark_width = if expected == "utf-8" { 3 } else { 1 };
        assert_eq!(
            d["range"],
            range((1, col), (1, col + mark_width)),
            "{expected}"
        );
        assert_eq!(d["source"], "copydesk");
        assert_eq!(d["severity"], 2);
        assert!(lsp.shutdown_and_exit().success());
    }
}

#[test]
fn incremental_changes_add_and_remove_a_stray_quotation_mark() {
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open(URI, "markdown", 1, "He said “yes” today.\n");
    let first = lsp.diagnostics_for(URI, |_| true);
    assert_eq!((first.version, first.diagnostics.len()), (Some(1), 0));

    // Insert a stray “ before "today" (UTF-16 column 14).
    lsp.change(
        URI,
        2,
        json!([{"range": range((0, 14), (0, 14)), "text": "“"}]),
    );
    let added = lsp.diagnostics_for(URI, |p| p.version == Some(2));
    assert_eq!(codes(&added.diagnostics), ["unclosed-quote"]);
    assert_eq!(added.diagnostics[0]["range"], range((0, 14), (0, 15)));

    lsp.change(
        URI,
        3,
        json!([{"range": range((0, 14), (0, 15)), "text": ""}]),
    );
    let removed = lsp.diagnostics_for(URI, |p| p.version == Some(3));
    assert!(removed.diagnostics.is_empty(), "{removed:?}");

    // Several changes in one notification apply in order: add two marks, remove the first.
    lsp.change(
        URI,
        4,
        json!([
            {"range": range((0, 0), (0, 0)), "text": "“"},
            {"range": range((0, 1), (0, 1)), "text": "”"},
            {"range": range((0, 0), (0, 1)), "text": ""},
        ]),
    );
    let stray = lsp.diagnostics_for(URI, |p| p.version == Some(4));
    assert_eq!(codes(&stray.diagnostics), ["unclosed-quote"]);
    assert_eq!(stray.diagnostics[0]["range"], range((0, 0), (0, 1)));
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_change_that_is_not_newer_is_ignored_and_logged() {
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open(URI, "markdown", 5, "Fine.\n");
    lsp.diagnostics_for(URI, |p| p.version == Some(5));
    lsp.change(
        URI,
        5,
        json!([{"range": range((0, 0), (0, 0)), "text": "“"}]),
    );
    lsp.change(
        URI,
        3,
        json!([{"range": range((0, 0), (0, 0)), "text": "“"}]),
    );
    assert!(
        lsp.wait_for_log("ignored change 5")
            .contains("not newer than version 5")
    );
    lsp.wait_for_log("ignored change 3");
    lsp.change(
        URI,
        6,
        json!([{"range": range((0, 4), (0, 5)), "text": "!"}]),
    );
    let after = lsp.diagnostics_for(URI, |p| p.version == Some(6));
    assert!(
        after.diagnostics.is_empty(),
        "a stale change was applied: {after:?}"
    );
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_range_past_the_end_is_clamped_and_logged_and_the_server_goes_on() {
    let mut lsp = Lsp::start();
    lsp.initialize(&["utf-8"]);
    lsp.open(URI, "markdown", 1, "One.\nTwo.");
    lsp.diagnostics_for(URI, |p| p.version == Some(1));
    // Past the end of line 0 and past the last line: the insert lands at the end of the text.
    lsp.change(
        URI,
        2,
        json!([{"range": range((0, 40), (7, 3)), "text": " “Three"}]),
    );
    assert!(lsp.wait_for_log("clamped").contains("change 2"));
    let published = lsp.diagnostics_for(URI, |p| p.version == Some(2));
    assert_eq!(codes(&published.diagnostics), ["unclosed-quote"]);
    assert_eq!(published.diagnostics[0]["range"], range((0, 5), (0, 8)));
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range((90, 0), (99, 9)),
            "context": {"diagnostics": []}}),
    );
    assert!(actions.get("error").is_none(), "{actions}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_finding_without_suggestions_offers_only_to_be_ignored() {
    // The quick fixes themselves (titles, "Change all" and the WorkspaceEdit) are tested next to
    // their code. Here: the request is served, and a finding without a suggestion offers only
    // to be ignored.
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open(URI, "markdown", 1, "“Open.\n");
    lsp.diagnostics_for(URI, |p| p.version == Some(1));
    let actions = lsp.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range((0, 0), (0, 1)),
            "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .map(|a| a.iter().filter_map(|a| a["title"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(titles, ["Ignore unclosed-quote here"], "{actions}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn settings_turn_checks_off_and_change_their_severity() {
    let mut lsp = Lsp::start();
    lsp.initialize_with(&[], json!({"checks": {"unclosed-quote": "off"}}));
    lsp.open(URI, "markdown", 1, "“Open.\n");
    let off = lsp.diagnostics_for(URI, |p| p.version == Some(1));
    assert!(off.diagnostics.is_empty(), "{off:?}");
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"checks": {"unclosed-quote": "error", "nope": "off"}}}}),
    );
    let on = lsp.diagnostics_for(URI, |p| !p.diagnostics.is_empty());
    assert_eq!(on.version, Some(1));
    assert_eq!(on.diagnostics[0]["severity"], 1);
    lsp.wait_for_log("unknown check \"nope\"");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn only_markdown_and_plain_text_are_analysed() {
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open("file:///main.rs", "rust", 1, "let s = \"“\";\n");
    lsp.open("file:///notes.txt", "plaintext", 1, "“Open.\n");
    lsp.open("file:///other.txt", "text", 1, "“Open.\n");
    for uri in ["file:///notes.txt", "file:///other.txt"] {
        let published = lsp.diagnostics_for(uri, |p| p.version == Some(1));
        assert_eq!(codes(&published.diagnostics), ["unclosed-quote"]);
    }
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///main.rs"}}),
    );
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///notes.txt"}}),
    );
    let cleared = lsp.diagnostics_for("file:///notes.txt", |p| p.diagnostics.is_empty());
    assert_eq!(cleared.version, None);
    let rust = lsp.try_take(Duration::from_millis(300), |m| {
        m["params"]["uri"] == "file:///main.rs"
    });
    assert!(rust.is_none(), "diagnostics sent for a Rust file: {rust:?}");
    assert!(lsp.shutdown_and_exit().success());
}

/// The `publishDiagnostics` parameters a fresh analysis of `text` gives, as JSON.
fn expected_publication(uri: &str, text: &str, version: i64) -> Value {
    let parsed: Uri = uri.parse().unwrap();
    let index = LineIndex::new(text);
    let diagnostics = analyze(text, Format::PlainText, &Settings::default())
        .findings
        .iter()
        .map(|finding| diagnostic(&parsed, text, &index, finding, Encoding::Utf16))
        .collect();
    let params = PublishDiagnosticsParams::new(parsed, diagnostics, Some(version as i32));
    serde_json::to_value(params).unwrap()
}

#[test]
fn after_each_edit_the_published_diagnostics_are_those_of_that_version_in_full() {
    const STORY: &str = "file:///putin-libya.txt";
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/putin-libya.txt");
    let mut text = std::fs::read_to_string(path).expect("the corpus is next to the project");
    let mut lsp = Lsp::start();
    lsp.initialize(&["utf-16"]);
    lsp.open(STORY, "plaintext", 1, &text);
    let first = lsp.take("diagnostics of version 1", |m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    assert_eq!(first["params"], expected_publication(STORY, &text, 1));
    let related = first["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["relatedInformation"].is_array())
        .count();
    assert!(related > 0, "the draft's findings point to related places");

    // Two edits, each sent once the previous one's diagnostics are in, then two at once: a line break before everything (every place moves a line down), an
    // accented letter (UTF-16 columns move), a "Lybia" spelt right (a finding goes), a stray
    // opening quote in the headline (one comes).
    let lybia = text.find("Lybia").unwrap();
    let line = text[..lybia].matches('\n').count() as u32;
    let col = text[text[..lybia].rfind('\n').map_or(0, |n| n + 1)..lybia]
        .encode_utf16()
        .count() as u32;
    let edits = [
        (0, 0, 0, "\n"),
        (1, 0, 0, "é "),
        (line + 1, col + 1, col + 4, "iby"),
        (1, 8, 8, "“"),
    ];
    let mut texts = vec![text.clone()];
    for (i, &(line, start, end, new)) in edits.iter().enumerate() {
        let version = i as i64 + 2;
        let index = LineIndex::new(&text);
        let at = |col| {
            index
                .offset(&text, LineCol { line, col }, Encoding::Utf16)
                .0
        };
        let (a, b) = (at(start), at(end));
        text.replace_range(a..b, new);
        texts.push(text.clone());
        lsp.change(
            STORY,
            version,
            json!([{"range": range((line, start), (line, end)), "text": new}]),
        );
        if version <= 3 {
            let published = lsp.take("diagnostics", |m| {
                m["method"] == "textDocument/publishDiagnostics"
            });
            assert_eq!(published["params"]["version"], version);
            assert_eq!(
                published["params"],
                expected_publication(STORY, &text, version)
            );
        }
    }
    // The burst: whatever versions were published, in order, each with its own text's findings,
    // and the last one among them.
    let mut last = 3;
    while last < 5 {
        let published = lsp.take("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics"
        });
        let version = published["params"]["version"].as_i64().unwrap();
        assert!(version > last, "version {version} published after {last}");
        let text = &texts[version as usize - 1];
        assert_eq!(
            published["params"],
            expected_publication(STORY, text, version)
        );
        last = version;
    }
    let found = |version: usize| {
        let expected = expected_publication(STORY, &texts[version - 1], version as i64);
        expected["diagnostics"].as_array().unwrap().len()
    };
    assert!(
        found(4) < found(3),
        "the slip spelt right is no longer flagged"
    );
    assert!(found(5) > found(4), "the stray quote is flagged");
    assert!(lsp.shutdown_and_exit().success());
}
