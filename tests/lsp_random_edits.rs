//! Random edits through the real server over stdio: every published diagnostic covers the text
//! it claims, in the version it was published for, in both position encodings.

mod common;

use std::collections::HashMap;

use common::Lsp;
use copydesk::analysis::{Format, Settings, analyze};
use copydesk::line_index::{Encoding, LineCol, LineIndex};
use serde_json::{Value, json};

const URI: &str = "file:///story.md";

const PIECES: &[&str] = &[
    "“", "”", "\"", "«", "»", "’", "It’s ", "said ", "😀", "é", "—", "\n", "\r\n", "\n\n", "word ",
];

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn position(text: &str, index: &LineIndex, offset: usize, encoding: Encoding) -> Value {
    let at = index.line_col(text, offset, encoding);
    json!({"line": at.line, "character": at.col})
}

fn offset(text: &str, index: &LineIndex, position: &Value, encoding: Encoding) -> usize {
    let at = LineCol {
        line: position["line"].as_u64().unwrap() as u32,
        col: position["character"].as_u64().unwrap() as u32,
    };
    let (offset, clamped) = index.offset(text, at, encoding);
    assert!(
        !clamped,
        "a diagnostic position outside the text: {position}"
    );
    offset
}

/// A random edit of `text`: its range (on character boundaries, never inside a CRLF) and the
/// new text.
fn random_edit(rng: &mut Rng, text: &str) -> (usize, usize, String) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .filter(|&i| !(text[..i].ends_with('\r') && text[i..].starts_with('\n')))
        .collect();
    let a = boundaries[rng.below(boundaries.len())];
    let b = if rng.below(3) == 0 {
        a
    } else {
        boundaries[rng.below(boundaries.len())]
    };
    let new: String = (0..rng.below(4))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect();
    (a.min(b), a.max(b), new)
}

/// Checks one publication against the text of the version it names.
fn check(published: &Value, texts: &HashMap<i64, String>, encoding: Encoding) {
    let version = published["params"]["version"].as_i64().expect("a version");
    let text = &texts[&version];
    let index = LineIndex::new(text);
    let expected = analyze(text, Format::Markdown, &Settings::default()).findings;
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(
        diagnostics.len(),
        expected.len(),
        "version {version}: {text:?}"
    );
    for (d, finding) in diagnostics.iter().zip(&expected) {
        let start = offset(text, &index, &d["range"]["start"], encoding);
        let end = offset(text, &index, &d["range"]["end"], encoding);
        assert_eq!(
            (start, end),
            (finding.span.start, finding.span.end),
            "{text:?}"
        );
        assert_eq!(d["code"], finding.code);
        if finding.code == "unclosed-quote" {
            let covered = &text[start..end];
            assert!(
                ["“", "”", "\"", "«", "»", "„", "‘", "’"].contains(&covered),
                "an unclosed-quote range covers {covered:?} in {text:?}"
            );
        }
    }
}

fn random_edits_through_the_server(encoding: Encoding, seed: u64) {
    let mut rng = Rng(seed);
    let mut lsp = Lsp::start();
    let offered: &[&str] = match encoding {
        Encoding::Utf8 => &["utf-8"],
        _ => &["utf-16"],
    };
    lsp.initialize(offered);
    let mut text = String::from("“Quoted,” she said.\r\nIt’s 😀 fine.\n");
    let mut texts = HashMap::from([(1, text.clone())]);
    lsp.open(URI, "markdown", 1, &text);
    let mut version = 1;
    for _burst in 0..12 {
        // A few notifications at once, some with several changes.
        for _ in 0..1 + rng.below(4) {
            version += 1;
            let mut changes = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let index = LineIndex::new(&text);
                let change = if rng.below(25) == 0 {
                    let (_, _, new) = random_edit(&mut rng, "");
                    text = new.clone();
                    json!({"text": new})
                } else {
                    let (a, b, new) = random_edit(&mut rng, &text);
                    let range = json!({"start": position(&text, &index, a, encoding),
                        "end": position(&text, &index, b, encoding)});
                    text.replace_range(a..b, &new);
                    json!({"range": range, "text": new})
                };
                changes.push(change);
            }
            texts.insert(version, text.clone());
            lsp.change(URI, version, Value::Array(changes));
        }
        // Every publication up to the last version is checked against its own text.
        loop {
            let published = lsp.take("diagnostics", |m| {
                m["method"] == "textDocument/publishDiagnostics"
            });
            check(&published, &texts, encoding);
            if published["params"]["version"] == version {
                break;
            }
        }
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn random_edits_in_utf16_publish_diagnostics_that_cover_their_text() {
    for seed in [0x9e37_79b9_7f4a_7c15, 42] {
        random_edits_through_the_server(Encoding::Utf16, seed);
    }
}

#[test]
fn random_edits_in_utf8_publish_diagnostics_that_cover_their_text() {
    for seed in [0x2545_f491_4f6c_dd1d, 7] {
        random_edits_through_the_server(Encoding::Utf8, seed);
    }
}
