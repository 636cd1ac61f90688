//! `name-spelling` on real published articles (`tests/corpus/published/`, sources and licences in
//! its `SOURCES.md`): each article is checked alone, as `copydesk check` would, and every
//! `name-spelling` finding must be one reviewed by hand and listed in `EXPECTED` as a real
//! inconsistency in the published text. Unexpected flags may number at most one per 20
//! articles. `cargo test --test published_articles -- --nocapture` prints a table of every
//! `name-spelling`, `unattributed-quote` and `unclosed-quote` finding, for review.
//!
//! The first 40 articles were used to tune the check. The 30 dated 2012-05-19 to 2012-05-22 were
//! added later and measured before any change: held-out measurement, before any tuning: 30
//! articles, 3 true flags, 10 false flags (details in `SOURCES.md`).
//!
//! The 40 dated 2012-05-03 to 2012-05-09 were added after the changes made for that set and
//! measured before any further change: second held-out measurement, before any tuning: 40
//! articles, 4 true, 9 false. The false flags, each reviewed in `SOURCES.md`:
//! - "Srbije" -> "Srbiju": two grammatical cases of the Serbian name of Serbia, not a misspelling.
//! - "Agni-V" -> "Agni": the missile Agni V hyphenated once; the suggestion drops the V.
//! - "Bahrein" -> "Bahrain": an older spelling still in dictionaries, used once; no
//!   inconsistency within the article.
//! - "Valencian" -> "Valencia" (four times): the adjective of Valencia, not in the gazetteer.
//! - "Valencianes" -> "Valencians": part of the Catalan name *Les Corts Valencianes*.
//! - "Wikipedia" -> "Vikipèdia": two different sites, named side by side to compare them.
//!
//! After fixing their general causes (a place written after "in" keeps its adjective; two
//! endings of one word are not slips of each other; a hyphenated part makes another name;
//! accents where the preferred spelling has none mark another language's form; Wikipedia and
//! Bahrein in the gazetteer), all 110 articles get the 13 reviewed real inconsistencies and 4
//! false flags: "Srbije" -> "Srbiju" (Serbian cases), "Roundshow" -> "Rundshow" (a gloss in
//! brackets) and "Chine" -> "China" twice (a French phrase inside English sentences). That is
//! within the limit of one per 20, but measured after tuning on these articles.

use copydesk::analysis::{Format, Settings, analyze};
use std::path::{Path, PathBuf};

/// Flags reviewed by hand and found to be real inconsistencies in the published text:
/// (file, flagged spelling, suggested spelling), each with the reason.
const EXPECTED: &[(&str, &str, &str)] = &[
    // The post writes "BloggerCorps" four times and "Bloggercorps" three times: one name,
    // capitalised two ways.
    (
        "gv-2004-12-21-whither-bloggercorps.md",
        "Bloggercorps",
        "BloggerCorps",
    ),
    // "Jamaian litblogger": a dropped letter in the demonym of Jamaica.
    (
        "gv-2012-05-09-jamaica-better-to-give.md",
        "Jamaian",
        "Jamaican",
    ),
    // The article's own English text writes "President Calderón" and "Calderón" in its
    // narrative, then "Calderon's" twice in its translations of tweets: an accent dropped.
    (
        "gv-2012-05-14-mexico-cadereyta-massacre.md",
        "Calderon's",
        "Calderón's",
    ),
    // The Prophet's name: "Muhammad" in one quoted outlet, "Mohammad" in two others.
    (
        "gv-2012-05-20-pakistan-twitter-censorship.md",
        "Muhammad’s",
        "Mohammad’s",
    ),
    // "Afrrican scientists": a doubled letter in a quoted blog.
    (
        "gv-2012-05-20-science-blogging-sub-saharan-africa.md",
        "Afrrican",
        "African",
    ),
    // "Brett Murruy" in a quoted tweet; the article's own text says Brett Murray.
    (
        "gv-2012-05-22-south-africa-the-spear.md",
        "Murruy",
        "Murray",
    ),
    // "Wire868" once in the interview's questions; Wired868 fourteen times elsewhere.
    (
        "gv-2012-05-04-trinidad-getting-wired.md",
        "Wire868",
        "Wired868",
    ),
    // "Choenggye" and "Cheongye" in translated tweets; the article says Cheonggye Square.
    (
        "gv-2012-05-06-south-korea-mad-cow-protests.md",
        "Choenggye",
        "Cheonggye",
    ),
    (
        "gv-2012-05-06-south-korea-mad-cow-protests.md",
        "Cheongye",
        "Cheonggye",
    ),
    // "Chrikunov’s": swapped letters; Oleg Chirkunov is spelled right twice.
    (
        "gv-2012-05-07-russia-governor-resignations.md",
        "Chrikunov’s",
        "Chirkunov’s",
    ),
];

/// The codes whose findings the table prints.
const REVIEWED_CODES: &[&str] = &["name-spelling", "unattributed-quote", "unclosed-quote"];

fn articles() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/published");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the published corpus is in the repository")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name != "SOURCES.md" && (name.ends_with(".md") || name.ends_with(".txt"))
        })
        .collect();
    paths.sort();
    paths
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[test]
fn published_articles_get_at_most_one_false_name_flag_per_twenty() {
    let paths = articles();
    assert!(
        paths.len() >= 110,
        "the corpus holds {} articles",
        paths.len()
    );
    let mut unexpected = Vec::new();
    let mut expected_seen = Vec::new();
    println!(
        "{:<48} {:>5}  {:<20} text -> suggestion",
        "article", "line", "code"
    );
    for path in &paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let text = std::fs::read_to_string(path).expect("an article is UTF-8 text");
        let format = if name.ends_with(".md") {
            Format::Markdown
        } else {
            Format::PlainText
        };
        let analysis = analyze(&text, format, &Settings::default());
        for finding in &analysis.findings {
            if !REVIEWED_CODES.contains(&finding.code) {
                continue;
            }
            let flagged = finding.span.text(&text);
            let suggestion = finding.suggestions.first().map_or("", String::as_str);
            println!(
                "{:<48} {:>5}  {:<20} {:?} -> {:?}",
                name,
                line_of(&text, finding.span.start),
                finding.code,
                flagged.chars().take(40).collect::<String>(),
                suggestion
            );
            if finding.code != "name-spelling" {
                continue;
            }
            let key = (name, flagged, suggestion);
            if let Some(reviewed) = EXPECTED.iter().find(|e| **e == key) {
                expected_seen.push(*reviewed);
            } else {
                unexpected.push(format!("{name}: {flagged:?} -> {suggestion:?}"));
            }
        }
    }
    println!(
        "{} articles, {} expected name-spelling flags, {} unexpected",
        paths.len(),
        expected_seen.len(),
        unexpected.len()
    );
    assert!(
        unexpected.len() * 20 <= paths.len(),
        "{} unexpected name-spelling flags on {} articles:\n{}",
        unexpected.len(),
        paths.len(),
        unexpected.join("\n")
    );
    for key in EXPECTED {
        assert!(
            expected_seen.contains(key),
            "the reviewed flag {key:?} is no longer raised"
        );
    }
}
