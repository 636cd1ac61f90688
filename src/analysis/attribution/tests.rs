//! Attribution of quotes in each shape the issue lists, pinned by speaker and cue.

use super::*;
use crate::analysis::Format;

/// (quote words, speaker display, cue) for every quote of a plain-text draft.
fn credits(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let draft = Draft::new(text, Format::PlainText);
    let quotes = crate::analysis::quotes::find_quotes(&draft);
    attribute(&draft, &quotes)
        .iter()
        .zip(&quotes.quotes)
        .map(|(a, q)| {
            (
                q.inner.text(text).to_string(),
                a.speaker.as_ref().map(|s| s.display.to_string()),
                a.cue.map(|c| c.text(text).to_string()),
            )
        })
        .collect()
}

fn speakers(text: &str) -> Vec<Option<String>> {
    credits(text).into_iter().map(|(_, s, _)| s).collect()
}

fn one(text: &str) -> Option<String> {
    speakers(text).into_iter().next().flatten()
}

#[test]
fn after_the_quote() {
    assert_eq!(one("“We will win,” said Haftar."), Some("Haftar".into()));
    assert_eq!(one("“We will win,” Haftar said."), Some("Haftar".into()));
    assert_eq!(
        one("“We will win”, stated the spokesman for the army, Ahmed Al-Mismari."),
        Some("Ahmed Al-Mismari".into())
    );
    assert_eq!(
        one("Kirill Semenov spoke.\n\n“We will win” — Semenov believes."),
        Some("Kirill Semenov".into())
    );
}

#[test]
fn before_the_quote() {
    assert_eq!(one("Haftar said: “We will win.”"), Some("Haftar".into()));
    assert_eq!(
        one("Haftar told reporters that “the war is over.”"),
        Some("Haftar".into())
    );
    assert_eq!(
        one("According to Haftar, “the war is over.”"),
        Some("Haftar".into())
    );
}

#[test]
fn around_the_quote() {
    assert_eq!(
        speakers("“We will win,” Haftar said, “and soon.”"),
        vec![Some("Haftar".into()), Some("Haftar".into())]
    );
}

#[test]
fn partial_quote_in_reported_speech() {
    let c = credits("Haftar called the embargo “a big problem.”");
    assert_eq!(c[0].1, Some("Haftar".into()));
    assert_eq!(c[0].2, Some("called".into()));
}

#[test]
fn pronouns_surnames_and_roles_resolve_to_the_person_named_before() {
    let text = "Field Marshal Khalifa Haftar flew to Moscow.\n\n“We will win,” he said.\n\n\
                “It is over,” Haftar added.\n\n“No comment,” the spokesman said.";
    assert_eq!(
        speakers(text),
        vec![
            Some("Khalifa Haftar".into()),
            Some("Khalifa Haftar".into()),
            Some("Khalifa Haftar".into())
        ]
    );
}

#[test]
fn a_paragraph_names_its_people_whatever_ends_the_paragraph_before() {
    // "the" closing a paragraph does not make the next paragraph's run a thing.
    let text = "Officials met the\n\nKirill Semenov at noon.\n\n“We will win,” Semenov said.";
    assert_eq!(speakers(text), vec![Some("Kirill Semenov".into())]);
}

#[test]
fn names_keep_particles_and_drop_titles() {
    assert_eq!(
        one("“It is over,” said Syrian President Bashar al-Assad."),
        Some("Bashar al-Assad".into())
    );
    assert_eq!(
        one("“It is over,” said Ursula von der Leyen."),
        Some("Ursula von der Leyen".into())
    );
}

#[test]
fn continuation_and_running_quotes() {
    let text = "“We will win,” Haftar said.\n\n“The war is over.”\n\n“And we are home.”";
    assert_eq!(
        speakers(text),
        vec![
            Some("Haftar".into()),
            Some("Haftar".into()),
            Some("Haftar".into())
        ]
    );
    let running = "“The first paragraph.\n\n“And its end,” Haftar said.";
    assert_eq!(speakers(running), vec![Some("Haftar".into())]);
}

#[test]
fn institutions_and_passive_sources() {
    assert_eq!(
        one("“The border is closed,” the ministry said in a statement."),
        Some("the ministry".into())
    );
    assert_eq!(
        one("“Two men were held,” police said."),
        Some("police".into())
    );
    assert_eq!(
        one("“Two men were held,” Russian officials told reporters."),
        Some("Russian officials".into())
    );
}

#[test]
fn dialogue_in_hard_wrapped_fiction() {
    let text = "Mr. Bennet came in.\r\n\r\n“Is it?” said\r\nElizabeth.\r\n\r\n\
                “Nonsense,” cried Mrs.\r\nBennet.\r\n\r\n“Indeed,” replied he.";
    assert_eq!(
        speakers(text),
        vec![
            Some("Elizabeth".into()),
            Some("Mrs. Bennet".into()),
            Some("Mr. Bennet".into())
        ]
    );
}

#[test]
fn classifies_terms_titles_nicknames_and_words() {
    let text = "The “self-styled” army. His book “War and Peace” sold. Khalifa “the Marshal” \
                Haftar. The word “embargo” is old. “We will win,” he said.";
    let draft = Draft::new(text, Format::PlainText);
    let quotes = crate::analysis::quotes::find_quotes(&draft);
    let kinds: Vec<_> = attribute(&draft, &quotes).iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        vec![
            QuoteKind::Term,
            QuoteKind::Title,
            QuoteKind::Nickname,
            QuoteKind::WordAsWord,
            QuoteKind::Full
        ]
    );
}

#[test]
fn speaker_spans_point_into_the_text() {
    let text = "“We will win”, stated the spokesman for the army, Ahmed Al-Mismari.";
    let draft = Draft::new(text, Format::PlainText);
    let quotes = crate::analysis::quotes::find_quotes(&draft);
    let a = &attribute(&draft, &quotes)[0];
    let s = a.speaker.as_ref().expect("a speaker");
    assert_eq!(
        s.phrase.text(text),
        "the spokesman for the army, Ahmed Al-Mismari"
    );
    assert_eq!(s.name.map(|n| n.text(text)), Some("Ahmed Al-Mismari"));
    assert_eq!(a.cue.map(|c| c.text(text)), Some("stated"));
}

#[test]
fn the_style_sheet_adds_verbs_and_phrases() {
    let text = "“We will win,” Haftar harrumphed.\n\nIn the words of Semenov, “we are ready.”";
    let draft = Draft::new(text, Format::PlainText);
    let quotes = crate::analysis::quotes::find_quotes(&draft);
    let plain = attribute(&draft, &quotes);
    assert!(plain.iter().all(|a| a.speaker.is_none()), "{plain:?}");
    let extra = cues::Extra::new(&["harrumphed".into()], &["in the words of".into()]);
    let found = attribute_with(&draft, &quotes, &extra);
    let speakers: Vec<_> = found
        .iter()
        .map(|a| a.speaker.as_ref().map(|s| s.display.to_string()))
        .collect();
    assert_eq!(
        speakers,
        vec![Some("Haftar".to_string()), Some("Semenov".to_string())]
    );
}

#[test]
fn a_comma_after_titled_or_called_still_makes_a_title_or_a_name() {
    let text = "He wrote a post titled, “This is War,” where he compared the police to an \
                army. The group was called, “the friends of the earth of tomorrow,” at first.";
    let draft = Draft::new(text, Format::PlainText);
    let quotes = crate::analysis::quotes::find_quotes(&draft);
    let kinds: Vec<_> = attribute(&draft, &quotes).iter().map(|a| a.kind).collect();
    assert_eq!(kinds, vec![QuoteKind::Title, QuoteKind::Nickname]);
}

#[test]
fn bloggers_and_reviewers_are_credited_with_what_they_quote() {
    assert_eq!(
        one(
            "Nana reviews The Chicken Thief by Fiona Leonard: “The Chicken Thief has been \
             described as a political thriller of sorts.”"
        ),
        Some("Nana".to_string())
    );
    assert_eq!(
        one("Matt blogs about a short film: “The charity works in a relatively unknown area.”"),
        Some("Matt".to_string())
    );
}
