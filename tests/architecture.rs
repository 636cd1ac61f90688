//! The architecture invariants that a compiler cannot see: the analysis core imports no LSP
//! crate, no async runtime, no rope and nothing that does I/O; and no code of copydesk writes
//! a file, opens a connection or starts a process.

use regex::Regex;
use std::path::{Path, PathBuf};

/// What `src/analysis/` must never name, with the reason shown when it does.
const FORBIDDEN: &[(&str, &str)] = &[
    (r"\btower_lsp_server\b", "the LSP crate belongs in src/lsp/"),
    (r"\btokio\b", "the async runtime belongs in src/lsp/"),
    (r"\bropey\b", "ropes are the server's document store"),
    (r"\bstd\s*::\s*fs\b", "the core does no file I/O"),
    (r"\bstd\s*::\s*net\b", "the core opens no connection"),
    (r"\bstd\s*::\s*process\b", "the core starts no process"),
    (r"\bstd\s*::\s*io\b", "the core does no I/O"),
    (
        r"\bstd\s*::\s*\{[^;]*\b(fs|net|process|io)\b",
        "the core does no I/O (grouped import)",
    ),
];

/// What no file under `src/` may name. copydesk reads drafts and prints reports; every change
/// to a draft reaches disk only through an edit the editor applies, and nothing leaves the
/// machine. Reading (`File::open`, `fs::read_to_string`, `fs::metadata`) stays allowed.
const NO_WRITES_OR_NETWORK: &[(&str, &str)] = &[
    (
        r"\bFile\s*::\s*(create|create_new|options)\b",
        "creates or opens a file for writing",
    ),
    (r"\bOpenOptions\b", "opens a file for writing"),
    (
        r"\bfs\s*::\s*(write|copy|rename|hard_link|soft_link|set_permissions|remove_file|remove_dir|remove_dir_all|create_dir|create_dir_all)\b",
        "changes the file system",
    ),
    (
        r"\bfs\s*::\s*\{[^}]*\b(write|copy|rename|hard_link|set_permissions|remove_file|remove_dir|remove_dir_all|create_dir|create_dir_all|OpenOptions)\b",
        "changes the file system (grouped import)",
    ),
    (r"\bunix\s*::\s*fs\s*::\s*symlink\b", "creates a link"),
    (r"\btokio\s*::\s*(fs|net)\b", "async file or socket I/O"),
    (r"\bstd\s*::\s*net\b", "opens a connection"),
    (
        r"\bstd\s*::\s*\{[^;]*\bnet\b",
        "opens a connection (grouped import)",
    ),
    (
        r"\b(TcpStream|TcpListener|UdpSocket|UnixStream|UnixListener|UnixDatagram)\b",
        "opens a socket",
    ),
    (
        r"\bCommand\s*::\s*new\b",
        "starts a process, which could write or connect for us",
    ),
    (r"\btempfile\b", "creates files"),
];

/// Source text with comments, string literals and char literals blanked out, so that a doc
/// comment saying "no std::fs here" is not taken for an import.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&chars, i) {
            // Raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{201c}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Every forbidden name in a file's code, as `reason (matched text)`.
fn violations(source: &str) -> Vec<String> {
    violations_of(source, FORBIDDEN)
}

/// Every name of `forbidden` in a file's code, as `reason (matched text)`.
fn violations_of(source: &str, forbidden: &[(&str, &str)]) -> Vec<String> {
    let code = code_only(source);
    forbidden
        .iter()
        .flat_map(|(pattern, reason)| {
            let re = Regex::new(pattern).expect("valid pattern");
            re.find_iter(&code)
                .map(|m| {
                    format!(
                        "`{}`: {reason}",
                        m.as_str().split_whitespace().collect::<String>()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_analysis_core_imports_no_lsp_runtime_rope_or_io() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src/analysis"));
    assert!(
        files.len() >= 4,
        "expected the analysis sources, found {files:?}"
    );
    let mut problems = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("UTF-8 source");
        for problem in violations(&source) {
            problems.push(format!(
                "{}: {problem}",
                file.strip_prefix(root).unwrap_or(&file).display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "src/analysis/ must stay pure:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_import_scan_catches_imports_and_ignores_comments_and_strings() {
    for bad in [
        "use tower_lsp_server::ls_types::Position;",
        "use tokio::sync::Mutex;",
        "fn f() { let _ = std::fs::read(\"x\"); }",
        "use std::{collections::HashMap, io::Write};",
        "use std :: net :: TcpStream;",
        "use std::process::Command;",
        "type Rope = ropey::Rope;",
        "fn f() -> ::std::io::Result<()> { Ok(()) }",
    ] {
        assert!(!violations(bad).is_empty(), "missed: {bad}");
    }
    for good in [
        "//! No std::fs or tokio in here.\nfn f() {}",
        "/* std::io */ fn f() {}",
        "fn f() -> &'static str { \"tokio and std::fs\" }",
        "fn f() -> &'static str { r#\"ropey \"std::io\"\"# }",
        "fn f(c: char) -> bool { c == '\"' || c == '\\'' } use std::collections::HashMap;",
        "use std::{fmt, iter};",
        "fn tokio_free() {}",
    ] {
        assert_eq!(
            violations(good),
            Vec::<String>::new(),
            "false alarm: {good}"
        );
    }
}

#[test]
fn no_code_writes_a_file_opens_a_connection_or_starts_a_process() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    assert!(files.len() >= 10, "expected the sources, found {files:?}");
    let mut problems = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("UTF-8 source");
        for problem in violations_of(&source, NO_WRITES_OR_NETWORK) {
            problems.push(format!(
                "{}: {problem}",
                file.strip_prefix(root).unwrap_or(&file).display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "copydesk writes no file and opens no connection:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_write_scan_catches_writes_and_sockets_and_allows_reading() {
    for bad in [
        "fn f() { let _ = std::fs::File::create(\"x\"); }",
        "use std::fs::OpenOptions;",
        "fn f() { std::fs::write(\"x\", b\"\"); }",
        "use std::fs::{read, write};",
        "use std::net::TcpStream;",
        "use std::{io, net::UdpSocket};",
        "fn f() { let _ = UnixStream::connect(\"s\"); }",
        "fn f() { std::process::Command::new(\"curl\"); }",
        "use tokio::net::TcpListener;",
        "fn f() { fs::rename(a, b); }",
    ] {
        assert!(
            !violations_of(bad, NO_WRITES_OR_NETWORK).is_empty(),
            "missed: {bad}"
        );
    }
    for good in [
        "fn f() { let _ = std::fs::File::open(\"x\"); }",
        "fn f() { let _ = std::fs::read_to_string(\"/proc/1/stat\"); }",
        "fn f() { let _ = std::fs::metadata(\"x\"); }",
        "//! copydesk never calls File::create or opens a TcpStream.\nfn f() {}",
        "use std::io::Write; fn f(out: &mut impl Write) { let _ = out.write_all(b\"x\"); }",
    ] {
        assert_eq!(
            violations_of(good, NO_WRITES_OR_NETWORK),
            Vec::<String>::new(),
            "false alarm: {good}"
        );
    }
}
