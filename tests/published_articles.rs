//! `name-spelling` on real published articles (`tests/corpus/published/`, sources and licences in
//! its `SOURCES.md`): each article is checked alone, as `copydesk check` would, and every
//! `name-spelling` finding must have been reviewed by hand: listed in `EXPECTED` (a real
//! inconsistency in the published text) or in `KNOWN_FALSE` (a flag an editor would not want,
//! with the reason). An unreviewed flag fails the test. The test prints the false-flag rate beside
//! the target of issue 4 (at most one false flag per 20 articles) and says whether it is met; it
//! does not fail on the rate, because the rate is a measurement, not a property to tune the
//! corpus to. `cargo test --test published_articles -- --nocapture` prints a table of every
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
//!
//! The 40 dated 2012-05-10 to 2012-05-15 were added after all of the above and measured with no
//! change to the check: third held-out measurement, no tuning: 40 articles, 18 true, 10 false
//! (28 `name-spelling` flags; each reviewed in `SOURCES.md`). The true flags:
//! - "Yavlinksy" -> "Yavlinsky" (three times) and "Yavlinksy's" -> "Yavlinsky's": swapped letters.
//! - "Fottouh" -> "Fotouh": a doubled letter in a quoted tweet.
//! - "Mousa" -> "Moussa" (four times): Amr Moussa in quoted tweets.
//! - "Abbasiyya" -> "Abbassiya": the same place, in a quoted tweet.
//! - "AboulFotouh" -> "Aboulfotouh": the candidate, capitalised two ways.
//! - "Fotoh" -> "Fotouh": a dropped letter in the article's own text.
//! - "Chrysochoidis" -> "Chrisochoidis": the minister, spelled two ways.
//! - "Columbia" -> "Colombia": the country misspelled once.
//! - "Madona" -> "Madonna": in a quoted tweet.
//! - "Medellin" -> "Medellín": an accent dropped once.
//! - "Aboul-Fotouh" -> "Aboul-Fotoh": once in a translation.
//! - "Suvalov's" -> "Shuvalov's": a dropped letter.
//!
//! The false flags:
//! - "Argentine" -> "Argentina" (three times): the adjective of Argentina, not a slip of it.
//! - "Abuel" -> "Abdel": "Abuel" is a spelling of "Aboul"; the suggestion names another part of
//!   the name.
//! - "Abou" -> "Aboul": "Abou el Fotouh" splits "Aboul"; the fix would give "Aboul el Fotouh".
//! - "Epizooties" -> "Epizootics": the French name of the organisation, given beside the English.
//! - "Josue" -> "Jose": two different names (a boy; San Jose, the city).
//! - "Fantazztic" -> "Fantazztico": the translator's English rendering of the circus's name in a
//!   translated quotation; the nearest call of the 28, counted false.
//! - "Buddhism" -> "Buddhist" (twice): two different words.
//!
//! On all 150 articles: 31 reviewed real inconsistencies flagged, 14 false flags (the 4 left
//! after the second set and these 10): one per 10.7 articles, against a target of one per 20.
//! The target is not met, and the check was not tuned on this set.
//!
//! The check was then changed for the causes of those false flags, tuned on all 150 articles
//! (a name and its demonym in the gazetteer are two words; one stem with two word-making endings
//! is two words; a spelling written only in another language's words is not a slip; a particle
//! written apart is not a slip of one written on; a spelling near two words of one name is not
//! flagged; a word known only as part of a longer place name needs the rest of that name;
//! regions with their adjectives in the gazetteer). The 150 then get 30 true flags and 2 false
//! ("Roundshow", "Fantazztic"); "Madona", in a quoted Spanish tweet, is no longer flagged.
//!
//! The 36 dated 2012-05-01, 2012-05-02, 2012-05-16 and 2012-05-17 (every published full story of
//! the export's unused dates) were added after those changes and measured with no change to the
//! check: fourth held-out measurement, no tuning: 36 articles, 9 true, 1 false (each reviewed in
//! `SOURCES.md`). The true flags: "Jose" and "Marti" for "José" and "Martí" (accents dropped in
//! a translation); "Sherritt" for "Sheritt" (the company spelled two ways; the suggestion follows
//! the first, misspelt use); "Margarian's" for "Margaryan's"; "Ismael" for "Ismail"; "Eskindir"
//! for "Eskinder" (twice); "Aggelos" for "Angelos"; "Dontesk" for "Donetsk". The false flag:
//! - "Piedrabuenartv" -> "Piedrabuenarte": the name of the shed's YouTube show, not a slip of
//!   the shed's name.
//!
//! One false flag on 36 articles is within the target (at most 1.8), on fewer articles than the
//! 40 planned: the export has no other unused dates. On all 186 articles: 39 reviewed real
//! inconsistencies flagged, 3 false flags, one per 62 articles.

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
    // Grigory Yavlinsky, spelled "Yavlinksy" (swapped letters) four times in the article's own
    // text and translations; "Yavlinsky" everywhere else.
    (
        "gv-2012-05-11-russia-yavlinsky-opposition-rift.md",
        "Yavlinksy",
        "Yavlinsky",
    ),
    (
        "gv-2012-05-11-russia-yavlinsky-opposition-rift.md",
        "Yavlinksy's",
        "Yavlinsky's",
    ),
    // "Abuel Fottouh" in a quoted tweet; the article says Aboul Fotouh.
    (
        "gv-2012-05-12-egypt-first-presidential-debate.md",
        "Fottouh",
        "Fotouh",
    ),
    // Amr Moussa is "Mousa" four times in quoted tweets.
    (
        "gv-2012-05-12-egypt-first-presidential-debate.md",
        "Mousa",
        "Moussa",
    ),
    // The Abbassiya events: "Abbassiya" in the text, "Abbasiyya" in a quoted tweet.
    (
        "gv-2012-05-12-egypt-first-presidential-debate.md",
        "Abbasiyya",
        "Abbassiya",
    ),
    // "AboulFotouh" in the article's own text; "Aboulfotouh" in a tweet, "Aboul Fotouh" elsewhere.
    (
        "gv-2012-05-12-egypt-first-presidential-debate.md",
        "AboulFotouh",
        "Aboulfotouh",
    ),
    // "Aboul Fotoh" once in the article's own text; "Fotouh" elsewhere.
    (
        "gv-2012-05-12-egypt-first-presidential-debate.md",
        "Fotoh",
        "Fotouh",
    ),
    // The minister is Chrisochoidis twice and Chrysochoidis once, in a translation.
    (
        "gv-2012-05-12-greece-police-violence-immigrants.md",
        "Chrysochoidis",
        "Chrisochoidis",
    ),
    // "Campus Party in Columbia": the country is Colombia everywhere else.
    (
        "gv-2012-05-14-colombia-campus-party-new-home.md",
        "Columbia",
        "Colombia",
    ),
    // "Medellin" once in a translation; "Medellín" elsewhere.
    (
        "gv-2012-05-14-colombia-campus-party-new-home.md",
        "Medellin",
        "Medellín",
    ),
    // "Aboul-Fotouh" once in a translation; "Aboul-Fotoh" elsewhere.
    (
        "gv-2012-05-14-egypt-candidates-posters.md",
        "Aboul-Fotouh",
        "Aboul-Fotoh",
    ),
    // Igor Shuvalov, spelled "Suvalov's" once.
    (
        "gv-2012-05-15-russia-civil-servants-incomes.md",
        "Suvalov's",
        "Shuvalov's",
    ),
    // Fourth held-out set. José Martí in the article's own text; "Jose Marti" in a quoted
    // translation: accents dropped.
    (
        "gv-2012-05-01-cuba-nothing-changes-may-day.md",
        "Jose",
        "José",
    ),
    (
        "gv-2012-05-01-cuba-nothing-changes-may-day.md",
        "Marti",
        "Martí",
    ),
    // The mining company is "Sheritt" in the article's text and "Sherritt International" in the
    // quoted report: one name spelled two ways (the suggestion goes to the first use, which is
    // the misspelt one).
    (
        "gv-2012-05-02-africa-land-deals-transparency.md",
        "Sherritt",
        "Sheritt",
    ),
    // Yerevan's mayor is Taron Margaryan in the text and "Margarian" in a quoted post.
    (
        "gv-2012-05-02-armenia-backhanded-victory.md",
        "Margarian's",
        "Margaryan's",
    ),
    // Hazem Salah Abu Ismail in the text; "Hazem Abo Ismael" in the translation.
    (
        "gv-2012-05-02-egypt-abbassiya-eyewitness.md",
        "Ismael",
        "Ismail",
    ),
    // Eskinder Nega is "Eskindir" twice in a quoted comment.
    (
        "gv-2012-05-02-ethiopia-pen-award-eskinder-nega.md",
        "Eskindir",
        "Eskinder",
    ),
    // The teacher is "Aggelos Patsias" in the text and "Angelos" twice in a quoted post.
    (
        "gv-2012-05-16-greece-tedxthessaloniki.md",
        "Aggelos",
        "Angelos",
    ),
    // "Kharkiv? Dontesk?" in a quoted post: the city of Donetsk with swapped letters.
    (
        "gv-2012-05-17-ukraine-tymoshenko-euro-2012.md",
        "Dontesk",
        "Donetsk",
    ),
];

/// Flags reviewed by hand and found not to be real inconsistencies, flags an editor would not
/// want: (file, flagged spelling, suggested spelling, reason).
const KNOWN_FALSE: &[(&str, &str, &str, &str)] = &[
    (
        "gv-2012-05-21-germany-rundshow.md",
        "Roundshow",
        "Rundshow",
        "an English gloss in brackets after the name",
    ),
    (
        "gv-2012-05-15-costa-rica-circus-saves-lives.md",
        "Fantazztic",
        "Fantazztico",
        "the translator's English rendering of the circus's name; the nearest call",
    ),
    (
        "gv-2012-05-16-argentina-cultural-shed.md",
        "Piedrabuenartv",
        "Piedrabuenarte",
        "the name of the shed's YouTube show, not a slip of the shed's name",
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
fn published_articles_name_flags_are_all_reviewed() {
    let paths = articles();
    assert!(
        paths.len() >= 186,
        "the corpus holds {} articles",
        paths.len()
    );
    let mut unreviewed = Vec::new();
    let mut true_flags = 0_usize;
    let mut false_flags = 0_usize;
    let mut expected_seen = Vec::new();
    let mut known_false_seen = Vec::new();
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
                true_flags += 1;
                expected_seen.push(*reviewed);
            } else if let Some(reviewed) = KNOWN_FALSE
                .iter()
                .find(|(file, text, fix, _)| (*file, *text, *fix) == key)
            {
                false_flags += 1;
                known_false_seen.push((reviewed.0, reviewed.1, reviewed.2));
            } else {
                unreviewed.push(format!("{name}: {flagged:?} -> {suggestion:?}"));
            }
        }
    }
    let met = false_flags * 20 <= paths.len();
    println!(
        "{} articles: {} reviewed true name-spelling flags, {} reviewed false flags, {} unreviewed",
        paths.len(),
        true_flags,
        false_flags,
        unreviewed.len()
    );
    println!(
        "false-flag rate: {} on {} articles; target at most one per 20 articles (at most {}): {}",
        false_flags,
        paths.len(),
        paths.len() / 20,
        if met { "met" } else { "NOT met" }
    );
    assert!(
        unreviewed.is_empty(),
        "{} name-spelling flags not yet reviewed (add each to EXPECTED or KNOWN_FALSE):\n{}",
        unreviewed.len(),
        unreviewed.join("\n")
    );
    for key in EXPECTED {
        assert!(
            expected_seen.contains(key),
            "the reviewed flag {key:?} is no longer raised"
        );
    }
    for (file, text, fix, _) in KNOWN_FALSE {
        assert!(
            known_false_seen.contains(&(*file, *text, *fix)),
            "the known false flag {file}: {text:?} -> {fix:?} is no longer raised; remove it from KNOWN_FALSE"
        );
    }
}
