//! Quote attribution on whole drafts: the sample article, a novel of dialogue, and a news-style
//! test set with the accuracy targets of the unattributed-quote check.

use copydesk::analysis::{Analysis, Format, Settings, analyze};
use std::path::Path;

const CODE: &str = "unattributed-quote";

fn corpus(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is needed next to the clone: {e}", path.display()))
}

fn flags(analysis: &Analysis) -> Vec<copydesk::analysis::Span> {
    analysis
        .findings
        .iter()
        .filter(|f| f.code == CODE)
        .map(|f| f.span)
        .collect()
}

#[test]
fn putin_libya_quotes_are_credited_to_their_speakers() {
    let text = corpus("putin-libya.txt");
    let analysis = analyze(&text, Format::PlainText, &Settings::default());
    assert!(flags(&analysis).is_empty(), "{:?}", analysis.findings);
    let speakers: Vec<_> = analysis
        .attributions
        .iter()
        .map(|a| a.speaker.as_ref().map(|s| &*s.display))
        .collect();
    assert_eq!(
        speakers,
        vec![
            Some("Ahmed Al-Mismari"),
            Some("Kirill Semenov"),
            Some("Kirill Semenov")
        ]
    );
    let cues: Vec<_> = analysis
        .attributions
        .iter()
        .map(|a| a.cue.map(|c| c.text(&text)))
        .collect();
    assert_eq!(cues, vec![Some("stated"), Some("says"), Some("believes")]);
}

#[test]
fn pride_and_prejudice_dialogue_is_mostly_credited() {
    let text = corpus("pride-and-prejudice.txt");
    let analysis = analyze(&text, Format::PlainText, &Settings::default());
    let top: Vec<_> = analysis
        .quotes
        .iter()
        .zip(&analysis.attributions)
        .filter(|(q, _)| q.depth == 0)
        .collect();
    let credited = top.iter().filter(|(_, a)| a.is_credited()).count();
    let named = top.iter().filter(|(_, a)| a.speaker.is_some()).count();
    let flagged = flags(&analysis).len();
    eprintln!(
        "pride and prejudice: {} quotes, {credited} credited, {named} with a speaker, {flagged} flagged",
        top.len()
    );
    // Recorded in the check's documentation: 1,751 quotes, 1,603 credited, 71 flagged.
    assert!(top.len() > 1_700, "{}", top.len());
    assert!(
        credited * 100 >= top.len() * 88,
        "{credited} of {}",
        top.len()
    );
    assert!(named * 100 >= top.len() * 80, "{named} of {}", top.len());
    assert!(flagged * 100 <= top.len() * 6, "{flagged} of {}", top.len());
}

/// The news-style test set: every quote is credited except the orphans, a full-sentence quote
/// standing alone in its paragraph after a paragraph without quotes. Returns the byte offsets
/// of the orphans' opening marks.
fn orphans(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut prev: Option<&str> = None;
    for para in text.split("\n\n") {
        let body = para.trim();
        let alone = body.starts_with('“') && body.ends_with('”') && body.matches('“').count() == 1;
        let prev_plain = prev.is_some_and(|p| !p.contains('“') && !p.starts_with('#'));
        if alone && prev_plain {
            out.push(offset + para.find('“').unwrap_or(0));
        }
        prev = Some(body);
        offset += para.len() + 2;
    }
    out
}

#[test]
fn news_set_meets_the_accuracy_targets() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/news/set.md");
    let text = std::fs::read_to_string(path).expect("the news test set");
    let analysis = analyze(&text, Format::Markdown, &Settings::default());
    let orphans = orphans(&text);
    let flagged: Vec<usize> = flags(&analysis).iter().map(|s| s.start).collect();
    let quotes = analysis.quotes.iter().filter(|q| q.depth == 0).count();
    let attributed = quotes - orphans.len();
    let false_flags: Vec<&str> = flagged
        .iter()
        .filter(|f| !orphans.contains(f))
        .map(|&f| text[f..].lines().next().unwrap_or(""))
        .collect();
    let missed: Vec<&str> = orphans
        .iter()
        .filter(|o| !flagged.contains(o))
        .map(|&o| text[o..].lines().next().unwrap_or(""))
        .collect();
    eprintln!(
        "news set: {quotes} quotes, {attributed} attributed, {} orphans, {} false flags, {} missed",
        orphans.len(),
        false_flags.len(),
        missed.len()
    );
    assert!(attributed >= 50, "{attributed}");
    assert!(orphans.len() >= 20, "{}", orphans.len());
    // At most one false flag per 50 attributed quotes.
    assert!(
        false_flags.len() * 50 <= attributed,
        "false flags: {false_flags:#?}"
    );
    // At least 95% of orphaned quotes flagged.
    assert!(
        (orphans.len() - missed.len()) * 100 >= orphans.len() * 95,
        "missed: {missed:#?}"
    );
}

/// Every quote of the unattributed-quote fixtures with its kind, credit, speaker and cue, so a
/// reviewer sees who each case is credited to, not only which cases are flagged.
#[test]
fn fixture_quotes_are_credited_as_snapshotted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unattributed-quote");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut out = String::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("UTF-8 fixture");
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("md") => Format::Markdown,
            _ => Format::PlainText,
        };
        let analysis = analyze(&text, format, &Settings::default());
        out.push_str(&format!(
            "## {}\n",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        for (quote, a) in analysis.quotes.iter().zip(&analysis.attributions) {
            let words: Vec<&str> = quote.inner.text(&text).split_whitespace().take(6).collect();
            let speaker = a.speaker.as_ref().map_or("—".to_string(), |s| {
                format!(
                    "{} ({:?}, as “{}”)",
                    s.display,
                    s.kind,
                    s.phrase
                        .text(&text)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            });
            out.push_str(&format!(
                "“{}” {:?} {:?}: {} / cue {}\n",
                words.join(" "),
                a.kind,
                a.credit,
                speaker,
                a.cue.map_or("—", |c| c.text(&text))
            ));
        }
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("unattributed-quote-credits", out);
    });
}
