//! Fixture drafts under `tests/fixtures/<code>/`: each states on its first line what it must
//! emit (`<!-- expect: unclosed-quote=1, name-spelling=0 -->`), and a snapshot shows every
//! finding with a caret line under the text it covers.
//!
//! In `.txt` fixtures the first line is blanked before analysis so that it is not prose.

use copydesk::analysis::{Format, Settings, analyze};
use copydesk::line_index::{Encoding, LineIndex, measure};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn expectations(first_line: &str) -> BTreeMap<String, usize> {
    let body = first_line
        .trim()
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
        .and_then(|s| s.trim().strip_prefix("expect:"))
        .unwrap_or_else(|| {
            panic!("fixture must start with `<!-- expect: CODE=N -->`, got {first_line:?}")
        });
    body.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|pair| {
            let (code, n) = pair.split_once('=').expect("CODE=N");
            (code.trim().to_string(), n.trim().parse().expect("a count"))
        })
        .collect()
}

/// Each finding as `line:col code: message`, the source line, and carets under the span.
fn render(text: &str, findings: &[copydesk::analysis::Finding]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for f in findings {
        let start = index.line_col(text, f.span.start, Encoding::Utf32);
        let end = index.line_col(text, f.span.end, Encoding::Utf32);
        let (line_start, line_end) = index
            .line_span(text, start.line as usize)
            .expect("a finding starts on a line");
        let end_col = if end.line == start.line {
            end.col
        } else {
            measure(&text[line_start..line_end], Encoding::Utf32) as u32
        };
        let width = end_col.saturating_sub(start.col).max(1) as usize;
        let _ = writeln!(
            out,
            "{}:{} {}: {}",
            start.line + 1,
            start.col + 1,
            f.code,
            f.message
        );
        if !f.suggestions.is_empty() {
            let _ = writeln!(out, "  suggest: {}", f.suggestions.join(" | "));
        }
        let _ = writeln!(out, "  | {}", &text[line_start..line_end]);
        let _ = writeln!(
            out,
            "  | {}{}",
            " ".repeat(start.col as usize),
            "^".repeat(width)
        );
    }
    out
}

#[test]
fn fixtures_emit_what_they_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = walk(&root);
    files.sort();
    assert!(!files.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for path in files {
        let raw = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let first_line = raw.lines().next().unwrap_or("");
        let expected = expectations(first_line);
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("md" | "markdown") => Format::Markdown,
            _ => Format::PlainText,
        };
        let text = if format == Format::PlainText {
            format!(
                "{}{}",
                " ".repeat(first_line.len()),
                &raw[first_line.len()..]
            )
        } else {
            raw.clone()
        };
        let analysis = analyze(&text, format, &Settings::default());
        for (code, &count) in &expected {
            let found = analysis.findings.iter().filter(|f| f.code == code).count();
            if found != count {
                failures.push(format!(
                    "{}: expected {count} {code}, found {found}",
                    path.display()
                ));
            }
        }
        let name = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        insta::with_settings!({ snapshot_path => root.join("../snapshots"), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, render(&text, &analysis.findings));
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "txt")
        ) {
            out.push(path);
        }
    }
    out
}
