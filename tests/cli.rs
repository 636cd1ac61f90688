//! `copydesk check`, `explain`, `sources` and `--version` as a user runs them: the built binary, real files,
//! exit statuses and exact output.

use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, contents).expect("write file");
}

/// Runs the binary in `dir` with `stdin` piped in (or closed).
fn copydesk(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn copydesk");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("wait for copydesk")
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

/// Parses standard output as exactly one JSON object and returns its diagnostics.
fn diagnostics(output: &Output) -> Vec<Value> {
    let report: Value = serde_json::from_str(&stdout(output)).expect("stdout is one JSON value");
    let object = report.as_object().expect("a JSON object");
    assert_eq!(object.keys().collect::<Vec<_>>(), ["diagnostics"]);
    object["diagnostics"].as_array().expect("an array").clone()
}

fn paths(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect()
}

#[test]
fn human_report_names_the_place_shows_the_line_and_sums_up() {
    let dir = scratch("human");
    write(
        &dir,
        "story.md",
        "# Talks\n\nThe minister said “we will not move.\n",
    );
    let out = copydesk(&dir, &["check", "story.md"], b"");
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "story.md:3:19: warning[unclosed-quote] This “ opens a quote that is never closed\n  \
         |\n\
         3 | The minister said “we will not move.\n  \
         |                   ^\n\
         \n\
         Found 1 warning in 1 file.\n"
    );
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_clean_draft_exits_zero() {
    let dir = scratch("clean");
    write(&dir, "story.txt", "“It’s done,” she said.\n");
    for format in ["human", "json"] {
        let out = copydesk(&dir, &["check", "--format", format, "story.txt"], b"");
        assert_eq!(status(&out), 0, "{}", stderr(&out));
        if format == "json" {
            assert!(diagnostics(&out).is_empty());
        } else {
            assert_eq!(stdout(&out), "No problems found in 1 file.\n");
        }
    }
}

#[test]
fn json_fields_are_exact_on_crlf_text_with_emoji_and_curly_quotes() {
    let dir = scratch("json-exact");
    let text = "Intro 😀 line.\r\n“Quoted” and 🎉 “never closed\r\n";
    write(&dir, "story.txt", text);
    let out = copydesk(&dir, &["check", "--format=json", "story.txt"], b"");
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let found = diagnostics(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    let expected = serde_json::json!({
        "path": "story.txt",
        "code": "unclosed-quote",
        "severity": "warning",
        "message": "This “ opens a quote that is never closed",
        "line": 2,
        "column": 16,
        "end_line": 2,
        "end_column": 17,
        "start_byte": 40,
        "end_byte": 43,
        "text": "“",
        "suggestions": [],
        "related": [],
    });
    assert_eq!(d, &expected);
    assert_eq!(text.rfind('“'), Some(40));
    let bytes = fs::read(dir.join("story.txt")).expect("read back");
    assert_eq!(&bytes[40..43], d["text"].as_str().unwrap().as_bytes());
}

#[test]
fn standard_input_is_plain_text_unless_told_it_is_markdown() {
    let dir = scratch("stdin");
    // In Markdown the indented line is a code block, which is not prose.
    let draft = b"Intro.\n\n    let s = \"\xe2\x80\x9cunclosed\";\n";
    let plain = copydesk(&dir, &["check", "--format", "json", "-"], draft);
    assert_eq!(status(&plain), 1, "{}", stderr(&plain));
    let found = diagnostics(&plain);
    assert_eq!(paths(&found), ["-"]);
    assert_eq!(found[0]["line"], 3);
    let markdown = copydesk(
        &dir,
        &[
            "check",
            "--stdin-format",
            "markdown",
            "--format",
            "json",
            "-",
        ],
        draft,
    );
    assert_eq!(status(&markdown), 0, "{}", stderr(&markdown));
    assert!(diagnostics(&markdown).is_empty());
}

#[test]
fn a_folder_is_searched_for_drafts_honouring_gitignore_in_a_stable_order() {
    let dir = scratch("folder");
    let open = "He said “this never ends\n";
    write(&dir, "desk/.gitignore", "old/\n");
    write(&dir, "desk/b/c.txt", open);
    write(&dir, "desk/a.md", open);
    write(&dir, "desk/z.markdown", open);
    write(&dir, "desk/old/archived.md", open);
    write(&dir, "desk/.hidden.md", open);
    write(&dir, "desk/notes.rs", open);
    for i in 0..24 {
        write(&dir, &format!("desk/many/f{i:02}.md"), open);
    }
    let out = copydesk(&dir, &["check", "--format", "json", "desk"], b"");
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let found = diagnostics(&out);
    let mut expected = vec!["desk/a.md".to_string(), "desk/b/c.txt".to_string()];
    expected.extend((0..24).map(|i| format!("desk/many/f{i:02}.md")));
    expected.push("desk/z.markdown".to_string());
    assert_eq!(paths(&found), expected);
    // A file named on the command line is checked whatever its extension.
    let named = copydesk(&dir, &["check", "--format", "json", "desk/notes.rs"], b"");
    assert_eq!(paths(&diagnostics(&named)), ["desk/notes.rs"]);
}

#[test]
fn unreadable_inputs_are_named_on_stderr_and_the_rest_still_checked() {
    let dir = scratch("unreadable");
    write(&dir, "good.md", "“Open and never closed\n");
    write(&dir, "binary.txt", b"PK\x03\x04\x00\x00 data");
    write(&dir, "latin1.txt", b"caf\xe9 au lait\n");
    fs::create_dir_all(dir.join("empty")).expect("create folder");
    write(&dir, "empty/picture.png", b"\x89PNG");
    for format in ["human", "json"] {
        let out = copydesk(
            &dir,
            &[
                "check",
                "--format",
                format,
                "binary.txt",
                "missing.md",
                "latin1.txt",
                "empty",
                "good.md",
            ],
            b"",
        );
        assert_eq!(status(&out), 2, "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "copydesk: binary.txt: looks binary (NUL byte at offset 4); not checked\n\
             copydesk: missing.md: no such file or folder\n\
             copydesk: latin1.txt: is not UTF-8 (invalid byte at offset 3); not checked\n\
             copydesk: empty: folder holds no drafts (*.md, *.markdown, *.txt)\n"
        );
        if format == "json" {
            assert_eq!(paths(&diagnostics(&out)), ["good.md"]);
        } else {
            let report = stdout(&out);
            assert!(
                report.starts_with("good.md:1:1: warning[unclosed-quote]"),
                "{report}"
            );
            assert!(
                report.ends_with("Found 1 warning in 1 file. 4 paths could not be checked.\n"),
                "{report}"
            );
        }
    }
}

#[test]
fn a_file_too_large_to_be_a_draft_is_refused_without_reading_it() {
    let dir = scratch("huge");
    let file = fs::File::create(dir.join("huge.txt")).expect("create");
    // Sparse: takes no disk space, but says it is 65 MiB long.
    file.set_len(65 * 1024 * 1024).expect("set length");
    let out = copydesk(&dir, &["check", "huge.txt"], b"");
    assert_eq!(status(&out), 2);
    assert_eq!(
        stderr(&out),
        "copydesk: huge.txt: larger than 64 MiB, too large to be a draft; not checked\n"
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = scratch("usage");
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "a.md"],
        &["frobnicate"],
        &[],
    ] {
        let out = copydesk(&dir, args, b"");
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn explain_prints_a_checks_documentation_or_the_list() {
    let dir = scratch("explain");
    let out = copydesk(&dir, &["explain", "unclosed-quote"], b"");
    assert_eq!(status(&out), 0);
    let doc = stdout(&out);
    assert!(doc.starts_with("# unclosed-quote: "), "{doc}");
    for heading in [
        "## What it finds",
        "## Why it matters",
        "## Examples",
        "## Known limits",
    ] {
        assert!(doc.contains(heading), "{doc}");
    }

    let out = copydesk(&dir, &["explain", "no-such-check"], b"");
    assert_eq!(status(&out), 2);
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("no check is called `no-such-check`; known checks: unclosed-quote"),
        "{}",
        stderr(&out)
    );

    let out = copydesk(&dir, &["explain"], b"");
    assert_eq!(status(&out), 0);
    let list = stdout(&out);
    let first = list.lines().next().unwrap_or("");
    assert!(
        first.starts_with("unclosed-quote ")
            && first.contains(" warning ")
            && first.ends_with(
                "a quotation mark that opens a quote never closed, or closes one never opened"
            ),
        "{list}"
    );

    let out = copydesk(&dir, &["explain", "--all", "--markdown"], b"");
    assert_eq!(status(&out), 0);
    assert!(stdout(&out).starts_with("# Checks\n"));
}

#[test]
fn version_names_the_program() {
    let out = copydesk(Path::new(env!("CARGO_MANIFEST_DIR")), &["--version"], b"");
    assert_eq!(status(&out), 0);
    assert_eq!(
        stdout(&out),
        format!("copydesk {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_style_sheet_is_found_above_each_draft_and_config_overrides_it() {
    let dir = scratch("style-sheet");
    write(
        &dir,
        "desk/copydesk.toml",
        "[spellings]\n\"Shoigu\" = \"Shoygu\"\n\n[files]\nskip = [\"archive/**\"]\n",
    );
    write(
        &dir,
        "desk/news/story.md",
        "Sergei Shoygu spoke. Shoygu left.\n",
    );
    write(&dir, "desk/archive/old.md", "Sergei Shoygu spoke.\n");
    write(&dir, "other.toml", "[checks]\nname-spelling = \"off\"\n");
    let out = copydesk(&dir, &["check", "--format", "json", "desk"], b"");
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let found = diagnostics(&out);
    assert_eq!(paths(&found), ["desk/news/story.md", "desk/news/story.md"]);
    assert_eq!(
        found[0]["message"],
        "“Shoygu” is spelled “Shoigu” in the house style sheet"
    );
    // A skipped file is still checked when it is named.
    let named = copydesk(
        &dir,
        &["check", "--format", "json", "desk/archive/old.md"],
        b"",
    );
    assert_eq!(paths(&diagnostics(&named)), ["desk/archive/old.md"]);
    // --config replaces the file found by walking up.
    let other = copydesk(
        &dir,
        &[
            "check",
            "--config",
            "other.toml",
            "--format",
            "json",
            "desk",
        ],
        b"",
    );
    assert_eq!(status(&other), 0, "{}", stderr(&other));
}

#[test]
fn a_broken_style_sheet_stops_the_run_with_its_place() {
    let dir = scratch("broken-style-sheet");
    write(&dir, "copydesk.toml", "[names]\nnot-names = 3\n");
    write(&dir, "story.md", "Fine text.\n");
    let out = copydesk(&dir, &["check", "story.md"], b"");
    assert_eq!(status(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("copydesk.toml:2:13: error:"), "{err}");
    assert!(err.contains("nothing was checked"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn the_drafts_of_one_run_are_one_story_for_name_spelling() {
    let dir = scratch("story");
    write(
        &dir,
        "story.md",
        "Sergei Shoigu spoke. Shoigu left. Shoigu came. Shoigu won. Shoigu lost.\n",
    );
    write(&dir, "sidebar.md", "The minister, Shoygu, was absent.\n");
    let alone = copydesk(&dir, &["check", "sidebar.md"], b"");
    assert_eq!(status(&alone), 0, "{}", stdout(&alone));
    let out = copydesk(
        &dir,
        &["check", "--format", "json", "story.md", "sidebar.md"],
        b"",
    );
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let found = diagnostics(&out);
    assert_eq!(paths(&found), ["sidebar.md"]);
    assert_eq!(
        found[0]["message"],
        "“Shoygu” is spelled “Shoigu” 5 times elsewhere in this story"
    );
    let related = found[0]["related"].as_array().unwrap();
    assert_eq!(related.len(), 5);
    assert_eq!(related[0]["path"], "story.md");
    assert_eq!(related[0]["line"], 1);
    assert_eq!(related[0]["column"], 8);
    assert_eq!(related[0]["text"], "Shoigu");
    let human = copydesk(&dir, &["check", "story.md", "sidebar.md"], b"");
    assert!(
        stdout(&human).contains("= note: story.md:1:8: “Shoigu” in another draft of the story"),
        "{}",
        stdout(&human)
    );
}

/// The sample article, by absolute path, as `copydesk sources` prints it back.
fn article() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/putin-libya.txt")
        .display()
        .to_string()
}

#[test]
fn lists_the_two_people_the_article_quotes_with_their_descriptions() {
    let path = article();
    let output = copydesk(&scratch("sources-human"), &["sources", &path], b"");
    assert_eq!(output.status.code(), Some(0));
    let expected = format!(
        "{path}\n\
         \x20 Ahmed Al-Mismari — the spokesman for the self-styled army of Khalifa Haftar in east Libya (1 quote)\n\
         \x20   5:1 “Russia and Libya have long-term military relations. All…”\n\
         \x20 Kirill Semenov — an independent Middle East expert (2 quotes)\n\
         \x20   9:1 “It’s not the first time when the authorities…”\n\
         \x20   13:1 “Haftar would like to count on this because…”\n"
    );
    assert_eq!(stdout(&output), expected);
}

#[test]
fn json_lists_each_source_with_its_quotes() {
    let path = article();
    let output = copydesk(
        &scratch("sources-json"),
        &["sources", "--format", "json", &path],
        b"",
    );
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("one JSON value");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 1);
    let sources = files[0]["sources"].as_array().expect("sources");
    let names: Vec<&str> = sources.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Ahmed Al-Mismari", "Kirill Semenov"]);
    assert_eq!(sources[1]["quote_count"], 2);
    assert_eq!(
        sources[1]["description"],
        "an independent Middle East expert"
    );
    assert_eq!(sources[1]["quotes"][1]["line"], 13);
    assert_eq!(files[0]["uncredited"], 0);
}

#[test]
fn reads_standard_input_and_counts_quotes_credited_to_no_one() {
    let draft = "The talks failed on Monday.\n\n“We will not sign this agreement under any circumstances.”\n\n\
                 “It is over,” said Ahmed Yusuf, a commander in Misrata.\n";
    let output = copydesk(
        &scratch("sources-stdin"),
        &["sources", "-"],
        draft.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "-\n  Ahmed Yusuf — a commander in Misrata (1 quote)\n    5:1 “It is over,”\n  \
         1 quote credited to no one (see `copydesk check`)\n"
    );
}

#[test]
fn a_missing_file_is_reported_and_exits_with_2() {
    let output = copydesk(
        &scratch("sources-missing"),
        &["sources", "no-such-draft.md"],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-draft.md"));
}
