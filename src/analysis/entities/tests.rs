//! Tests of the entity index on short drafts.

use super::{Entities, EntityKind, EntityMention, MentionForm};
use crate::analysis::{Format, KnownEntity, Settings, analyze};

fn entities(text: &str) -> Entities {
    analyze(text, Format::PlainText, &Settings::default()).entities
}

fn names_of(entities: &Entities, kind: EntityKind) -> Vec<&str> {
    entities.of_kind(kind).map(|e| e.name.as_str()).collect()
}

#[test]
fn surnames_join_the_one_full_name_that_ends_with_them() {
    let text = "We spoke to Kirill Semenov on Monday. Later, Semenov said more.";
    let index = entities(text);
    let semenov = index.by_name("Kirill Semenov").expect("entity");
    assert_eq!(index.mentions(semenov).len(), 2);
    assert_eq!(index.mentions(semenov)[1].form, MentionForm::Surname);
    assert_eq!(semenov.first_full, 0);
}

#[test]
fn a_surname_joins_its_full_name_with_or_without_its_particle() {
    let text = "We met Karim al-Zawawi on Monday. Later, Zawawi said more. Then al-Zawawi left.";
    let index = entities(text);
    let karim = index.by_name("Karim al-Zawawi").expect("entity");
    let forms: Vec<MentionForm> = index.mentions(karim).iter().map(|m| m.form).collect();
    assert_eq!(
        forms,
        vec![
            MentionForm::Full,
            MentionForm::Surname,
            MentionForm::Surname
        ]
    );
}

#[test]
fn a_surname_shared_by_two_full_names_joins_neither() {
    let text = "Mark Kellner met Anna Kellner. Later Kellner left.";
    let index = entities(text);
    assert_eq!(
        index
            .by_name("Mark Kellner")
            .map(|e| index.mentions(e).len()),
        Some(1)
    );
    assert_eq!(
        index
            .by_name("Anna Kellner")
            .map(|e| index.mentions(e).len()),
        Some(1)
    );
}

#[test]
fn demonyms_and_slips_join_their_place() {
    let text = "Libya is at war. The Libyan army and the Lybian militias fight in Lybia.";
    let index = entities(text);
    let libya = index.by_name("Libya").expect("Libya");
    let forms: Vec<MentionForm> = index.mentions(libya).iter().map(|m| m.form).collect();
    assert_eq!(
        forms,
        vec![
            MentionForm::Full,
            MentionForm::Demonym,
            MentionForm::Variant,
            MentionForm::Variant
        ]
    );
    assert!(libya.spellings.iter().any(|s| s.text == "Lybia" && s.odd));
    assert_eq!(
        libya.place.as_ref().and_then(|p| p.capital.as_deref()),
        Some("Tripoli")
    );
}

#[test]
fn titles_and_appositives_describe_people() {
    let text = "Russian Foreign Minister Sergey Lavrov spoke. So did the Syrian President, \
                Bashar al-Assad. Kirill Semenov, an independent Middle East expert, disagreed.";
    let index = entities(text);
    let description = |name: &str| {
        index
            .by_name(name)
            .and_then(|e| e.description.clone())
            .unwrap_or_default()
    };
    assert_eq!(description("Sergey Lavrov"), "Russian Foreign Minister");
    assert_eq!(description("Bashar al-Assad"), "the Syrian President");
    assert_eq!(
        description("Kirill Semenov"),
        "an independent Middle East expert"
    );
    assert_eq!(
        names_of(&index, EntityKind::Person),
        vec!["Sergey Lavrov", "Bashar al-Assad", "Kirill Semenov"]
    );
}

#[test]
fn a_title_alone_joins_the_only_person_who_carries_it() {
    let text = "The field marshal arrived. Later, field marshal Khalifa Haftar spoke to \
                Defense Minister Sergey Shoygu. The minister listened.";
    let index = entities(text);
    let haftar = index.by_name("Khalifa Haftar").expect("Haftar");
    let title = index.mentions(haftar)[0];
    assert_eq!(title.form, MentionForm::Title);
    assert_eq!(title.span().text(text), "field marshal");
    assert_eq!(title.name_mention(), None);
    assert_eq!(haftar.first_full, 1);
    // One minister only: "the minister" is Shoygu.
    let shoygu = index.by_name("Sergey Shoygu").expect("Shoygu");
    assert_eq!(index.mentions(shoygu).len(), 2);
}

#[test]
fn a_title_two_people_carry_joins_no_one() {
    let text = "Foreign Minister Sergey Lavrov met Defense Minister Sergey Shoygu. The minister \
                left.";
    let index = entities(text);
    assert!(index.entities.iter().all(|e| index.mentions(e).len() == 1));
}

#[test]
fn the_style_sheet_groups_aliases_and_gives_its_note() {
    let settings = Settings {
        organisations: vec![KnownEntity {
            name: "Libyan National Army".into(),
            aliases: vec!["LNA".into()],
            description: Some("Haftar's forces in the east".into()),
            note: Some("Spell out on first reference".into()),
        }],
        ..Settings::default()
    };
    let text = "The Libyan National Army advanced. The LNA said so.";
    let index = analyze(text, Format::PlainText, &settings).entities;
    let lna = index.by_name("Libyan National Army").expect("LNA");
    assert_eq!(lna.kind, EntityKind::Organisation);
    assert_eq!(index.mentions(lna).len(), 2);
    assert_eq!(lna.note.as_deref(), Some("Spell out on first reference"));
    assert_eq!(
        lna.house_description.as_deref(),
        Some("Haftar's forces in the east")
    );
}

#[test]
fn lookup_by_offset_includes_the_end_of_a_name() {
    let text = "We met Khalifa Haftar today.";
    let index = entities(text);
    let end = text.find(" today").unwrap_or(0);
    assert_eq!(
        index.at(end).map(|(e, _)| index.entities[e].name.as_str()),
        Some("Khalifa Haftar")
    );
    assert_eq!(index.at(7).map(|(_, m)| m), Some(0));
    assert!(index.at(2).is_none());
}

#[test]
fn quotes_are_credited_to_their_speaker() {
    let text = "Kirill Semenov is an expert. “It is bad,” Semenov said. “It is worse,” he added.";
    let analysis = analyze(text, Format::PlainText, &Settings::default());
    let semenov = analysis.entities.by_name("Kirill Semenov").expect("entity");
    assert_eq!(semenov.quotes, vec![0, 1]);
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "“",
        "The the the",
        "Mr. , Mrs.",
        "the president of",
        "A, an expert,",
    ] {
        let _ = entities(text);
    }
}

#[test]
fn long_runs_of_titles_are_read_a_few_words_at_a_time() {
    let mut text = "the ".to_string();
    text.push_str(&"minister ".repeat(20_000));
    text.push_str("Kirill Semenov spoke. The minister left.");
    let index = entities(&text);
    let semenov = index.by_name("Kirill Semenov").expect("entity");
    assert_eq!(semenov.kind, EntityKind::Person);
}

#[test]
fn a_mention_takes_sixteen_bytes() {
    assert_eq!(std::mem::size_of::<EntityMention>(), 16);
}

#[test]
fn the_name_words_of_a_mention_leave_its_titles_aside() {
    let text = "Mrs. Bennet and Elizabeth Bennet met Field Marshal Khalifa Haftar. The field \
                marshal left; Haftar stayed.";
    let analysis = analyze(text, Format::PlainText, &Settings::default());
    let index = &analysis.entities;
    let words = |name: &str| -> Vec<Vec<&str>> {
        let entity = index.by_name(name).expect(name);
        index
            .mentions(entity)
            .iter()
            .map(|m| {
                m.parts(&analysis.names)
                    .iter()
                    .map(|p| p.span().text(text))
                    .collect()
            })
            .collect()
    };
    assert_eq!(
        words("Khalifa Haftar"),
        vec![vec!["Khalifa", "Haftar"], vec![], vec!["Haftar"]]
    );
    assert_eq!(
        words("Elizabeth Bennet"),
        vec![vec!["Bennet"], vec!["Elizabeth", "Bennet"]]
    );
}

#[test]
fn the_mention_under_an_offset_is_found_among_its_entity_s_mentions() {
    let text = "The field marshal arrived. Later, field marshal Khalifa Haftar spoke to \
                Defense Minister Sergey Shoygu. The minister listened to Haftar.";
    let index = entities(text);
    for (at, name, mention) in [
        (text.find("field").unwrap_or(0), "Khalifa Haftar", 0),
        (text.find("Khalifa").unwrap_or(0) + 3, "Khalifa Haftar", 1),
        (text.find("Shoygu").unwrap_or(0) + 6, "Sergey Shoygu", 0),
        (
            text.find("minister listened").unwrap_or(0),
            "Sergey Shoygu",
            1,
        ),
        (text.rfind("Haftar").unwrap_or(0), "Khalifa Haftar", 2),
    ] {
        let (e, m) = index.at(at).expect("a mention");
        let entity = &index.entities[e];
        assert_eq!((entity.name.as_str(), m), (name, mention));
        let span = index.mentions(entity)[m].span();
        assert!(span.start <= at && at <= span.end);
    }
    assert_eq!(index.at(text.find("arrived").unwrap_or(0) + 2), None);
}
