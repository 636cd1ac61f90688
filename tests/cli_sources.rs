//! `copydesk sources` as a user runs it: the built binary on the sample article, on standard
//! input, and on a path that cannot be read.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn article() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/putin-libya.txt")
        .display()
        .to_string()
}

fn copydesk(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
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

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

#[test]
fn lists_the_two_people_the_article_quotes_with_their_descriptions() {
    let path = article();
    let output = copydesk(&["sources", &path], b"");
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
    let output = copydesk(&["sources", "--format", "json", &path], b"");
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
    let output = copydesk(&["sources", "-"], draft.as_bytes());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "-\n  Ahmed Yusuf — a commander in Misrata (1 quote)\n    5:1 “It is over,”\n  \
         1 quote credited to no one (see `copydesk check`)\n"
    );
}

#[test]
fn a_missing_file_is_reported_and_exits_with_2() {
    let output = copydesk(&["sources", "no-such-draft.md"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-draft.md"));
}
