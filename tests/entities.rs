//! The entity index on the sample article: who and what it names, how each is described,
//! every mention, and the quotes credited to each person. A snapshot shows all of it.

use copydesk::analysis::entities::{Entities, EntityKind, MentionForm};
use copydesk::analysis::{Analysis, Format, Settings, analyze};
use copydesk::line_index::{Encoding, LineIndex};
use std::fmt::Write as _;
use std::path::Path;

fn article() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/putin-libya.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn line_of(text: &str, index: &LineIndex, offset: usize) -> u32 {
    index.line_col(text, offset, Encoding::Utf32).line + 1
}

fn names(entities: &Entities, kind: EntityKind) -> Vec<&str> {
    entities.of_kind(kind).map(|e| e.name.as_str()).collect()
}

fn analysed() -> (String, Analysis) {
    let text = article();
    let analysis = analyze(&text, Format::PlainText, &Settings::default());
    (text, analysis)
}

#[test]
fn the_article_names_eight_people_and_its_places() {
    let (_, analysis) = analysed();
    let entities = &analysis.entities;
    assert_eq!(
        names(entities, EntityKind::Person),
        vec![
            "Vladimir Putin",
            "Khalifa Haftar",
            "Ahmed Al-Mismari",
            "Nikolai Patrushev",
            "Sergey Lavrov",
            "Sergey Shoygu",
            "Kirill Semenov",
            "Bashar al-Assad",
        ]
    );
    let places = names(entities, EntityKind::Place);
    for place in ["Libya", "Russia", "Moscow", "Tripoli", "Tobruk", "Syria"] {
        assert!(places.contains(&place), "{place} in {places:?}");
    }
}

#[test]
fn the_lybia_slips_belong_to_libya() {
    let (text, analysis) = analysed();
    let libya = analysis.entities.by_name("Libya").expect("Libya");
    let slips: Vec<&str> = analysis
        .entities
        .mentions(libya)
        .iter()
        .filter(|m| m.form == MentionForm::Variant)
        .map(|m| m.span().text(&text))
        .collect();
    assert_eq!(slips, vec!["Lybian", "Lybia", "Lybia"]);
    assert!(
        libya
            .spellings
            .iter()
            .filter(|s| s.odd)
            .all(|s| s.text.starts_with("Lyb"))
    );
}

#[test]
fn semenov_on_line_13_is_kirill_semenov_the_expert_with_two_quotes() {
    let (text, analysis) = analysed();
    let index = LineIndex::new(&text);
    let line_13 = text
        .match_indices("Semenov")
        .map(|(at, _)| at)
        .find(|&at| line_of(&text, &index, at) == 13)
        .expect("Semenov on line 13");
    let (entity, mention) = analysis.entities.at(line_13).expect("an entity");
    let semenov = &analysis.entities.entities[entity];
    assert_eq!(semenov.name, "Kirill Semenov");
    assert_eq!(
        analysis.entities.mentions(semenov)[mention].form,
        MentionForm::Surname
    );
    assert!(
        semenov
            .description
            .as_deref()
            .is_some_and(|d| d.contains("Middle East")),
        "{:?}",
        semenov.description
    );
    assert_eq!(semenov.quotes.len(), 2);
}

#[test]
fn haftar_is_first_named_in_full_on_line_5() {
    let (text, analysis) = analysed();
    let index = LineIndex::new(&text);
    let haftar = analysis.entities.by_name("Khalifa Haftar").expect("Haftar");
    let first = analysis
        .entities
        .first_full_mention(haftar)
        .expect("a full mention");
    assert_eq!(first.span().text(&text), "Khalifa Haftar");
    assert_eq!(line_of(&text, &index, first.span().start), 5);
    assert!(
        analysis
            .entities
            .mentions(haftar)
            .iter()
            .any(|m| m.form == MentionForm::Surname
                && line_of(&text, &index, m.span().start) == 13)
    );
}

#[test]
fn al_mismari_has_one_quote() {
    let (_, analysis) = analysed();
    let spokesman = analysis
        .entities
        .by_name("Ahmed Al-Mismari")
        .expect("Al-Mismari");
    assert_eq!(spokesman.quotes.len(), 1);
    assert!(
        spokesman
            .description
            .as_deref()
            .is_some_and(|d| d.starts_with("the spokesman for the self-styled army"))
    );
}

#[test]
fn the_article_has_no_first_reference_finding() {
    let (_, analysis) = analysed();
    assert!(
        analysis
            .findings
            .iter()
            .all(|f| f.code != "first-reference")
    );
}

/// Every entity as a block: name, kind and description, then each mention with its line and
/// form, the spellings, gazetteer facts, and the first words of each quote.
fn render(text: &str, analysis: &Analysis) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for entity in &analysis.entities.entities {
        let _ = write!(out, "{} [{}]", entity.name, entity.kind.as_str());
        if let Some(description) = &entity.description {
            let _ = write!(out, " — {description}");
        }
        out.push('\n');
        for (n, m) in analysis.entities.mentions(entity).iter().enumerate() {
            let pos = index.line_col(text, m.span().start, Encoding::Utf32);
            let first = if n == entity.first_full && entity.named_in_full {
                "  (first full reference)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {}:{} {:?} {:?}{first}",
                pos.line + 1,
                pos.col + 1,
                m.span().text(text),
                m.form
            );
        }
        let spellings: Vec<String> = entity
            .spellings
            .iter()
            .map(|s| {
                format!(
                    "{}×{}{}",
                    s.text,
                    s.count,
                    if s.odd { " (odd)" } else { "" }
                )
            })
            .collect();
        let _ = writeln!(out, "  spellings: {}", spellings.join(", "));
        if let Some(place) = &entity.place {
            let _ = writeln!(
                out,
                "  place: country {:?}, capital {:?}, demonym {:?}",
                place.country, place.capital, place.demonym
            );
        }
        for &q in &entity.quotes {
            let quote = &analysis.quotes[q];
            let words: Vec<&str> = quote.inner.text(text).split_whitespace().take(6).collect();
            let line = line_of(text, &index, quote.open.start);
            let _ = writeln!(out, "  quote (line {line}): {}…", words.join(" "));
        }
    }
    out
}

#[test]
fn snapshot_of_the_entity_index() {
    let (text, analysis) = analysed();
    insta::assert_snapshot!("putin_libya_entities", render(&text, &analysis));
}
