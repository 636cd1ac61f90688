//! What kind of thing an entity is: from the style sheet, the gazetteer, then what the draft
//! says around its mentions (a title, a quote credited to it, "the government of", a word such
//! as Council or Ministry at the end of its name).

use super::describe::Speakers;
use super::house::House;
use super::join::{Joined, Key};
use super::{EntityKind, PlaceFacts};
use crate::analysis::names::gazetteer::{Kind, gazetteer};
use crate::analysis::names::key::{is_all_caps, with_folded};
use crate::analysis::names::words::is_word;
use crate::analysis::names::{Mention, NameIndex, Part, mentions::is_title};
use crate::analysis::{Draft, TokenKind};

/// Last words that make a name an organisation's (compared in any case), in lower case and
/// sorted.
const ORGANISATION_HEADS: &[&str] = &[
    "agency",
    "army",
    "assembly",
    "association",
    "bank",
    "bureau",
    "command",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "court",
    "department",
    "federation",
    "forces",
    "foundation",
    "front",
    "fund",
    "government",
    "group",
    "inc",
    "institute",
    "league",
    "ltd",
    "ministry",
    "movement",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "service",
    "union",
    "university",
];

/// The longest word of [`ORGANISATION_HEADS`].
const HEAD_LEN: usize = 12;

/// For each letter from a to z, the lengths of the heads that start with it, as bits.
const HEAD_LENGTHS: [u16; 26] = {
    let mut lengths = [0u16; 26];
    let mut i = 0;
    while i < ORGANISATION_HEADS.len() {
        let head = ORGANISATION_HEADS[i].as_bytes();
        lengths[(head[0] - b'a') as usize] |= 1 << head.len();
        i += 1;
    }
    lengths
};

/// Whether a word, in any case, is one of [`ORGANISATION_HEADS`].
pub fn is_organisation_head(word: &str) -> bool {
    // The heads are ASCII: a word with any other character is none of them.
    if word.len() > HEAD_LEN || !word.is_ascii() {
        return false;
    }
    // Most names share no head's first letter and length: they are not compared.
    let lengths = word
        .as_bytes()
        .first()
        .map(u8::to_ascii_lowercase)
        .filter(u8::is_ascii_lowercase)
        .and_then(|first| HEAD_LENGTHS.get(usize::from(first - b'a')))
        .copied()
        .unwrap_or(0);
    if (lengths >> word.len()) & 1 == 0 {
        return false;
    }
    let mut buf = [0u8; HEAD_LEN];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    ORGANISATION_HEADS
        .binary_search_by(|h| h.as_bytes().cmp(lower))
        .is_ok()
}

/// Words before "of" that make what follows a place (`the government of Libya`).
const PLACE_CONTEXT: &[&str] = &[
    "government",
    "capital",
    "city",
    "people",
    "president",
    "republic",
    "streets",
    "outskirts",
    "north",
    "south",
    "east",
    "west",
    "centre",
    "center",
    "province",
    "region",
];

/// How many of an entity's first mentions are read for evidence of its kind.
const EVIDENCE_FROM: usize = 64;

/// What the draft says around an entity's mentions.
#[derive(Debug, Default)]
pub struct Evidence {
    titled: bool,
    spoken: bool,
    organisation: bool,
    place: bool,
    personal_name: bool,
}

impl Evidence {
    pub fn gather(
        draft: &Draft,
        names: &NameIndex,
        joined: &Joined,
        members: &[u32],
        speakers: &Speakers,
    ) -> Evidence {
        let text = draft.text;
        let mut evidence = Evidence::default();
        for i in members.iter().take(EVIDENCE_FROM).map(|&i| i as usize) {
            let Some(m) = names.mentions.get(i) else {
                continue;
            };
            let (set_aside, parts) = joined.split(names, i);
            evidence.organisation = parts
                .last()
                .is_some_and(|p| joined.facts(p).organisation_head)
                || is_acronym(text, joined, m, set_aside, parts);
            if evidence.organisation {
                // The strongest evidence: the rest cannot change the kind.
                break;
            }
            if evidence.titled || evidence.spoken {
                // A person unless an organisation sign turns up: only that is still read.
                continue;
            }
            evidence.spoken = speakers.contains(i);
            evidence.titled = m.title().is_some()
                || !set_aside.is_empty()
                || title_before(draft, m.tokens().start);
            evidence.place = evidence.place || after_place_word(draft, m.tokens().start);
            if let (false, Some(first), true) =
                (evidence.personal_name, parts.first(), parts.len() > 1)
            {
                evidence.personal_name = !with_folded(first.span().text(text), is_word)
                    && parts.iter().all(|p| !is_all_caps(p.span().text(text)));
            }
        }
        evidence
    }
}

/// Whether a mention is written in capitals, with two letters or more (`NATO`, `UN`). A word of
/// it with a small letter settles it without reading the mention.
fn is_acronym(
    text: &str,
    joined: &Joined,
    m: &Mention,
    set_aside: &[Part],
    parts: &[Part],
) -> bool {
    let span = m.span();
    let small = set_aside.iter().chain(parts).any(|p| {
        let word = p.span();
        span.start <= word.start && word.end <= span.end && joined.facts(p).small_letter
    });
    if small {
        return false;
    }
    let written = span.text(text);
    is_all_caps(written) && written.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Whether a title (`minister`, `field marshal`) is written right before a token.
fn title_before(draft: &Draft, token: usize) -> bool {
    token.checked_sub(1).is_some_and(|prev| {
        draft.tokens[prev].kind() == TokenKind::Word && is_title(draft.token_text(prev))
    })
}

/// Whether `government of` (or another word of [`PLACE_CONTEXT`]) comes right before a token.
fn after_place_word(draft: &Draft, token: usize) -> bool {
    let Some(of) = token.checked_sub(1) else {
        return false;
    };
    if !draft.token_text(of).eq_ignore_ascii_case("of") {
        return false;
    }
    of.checked_sub(1).is_some_and(|w| {
        let word = draft.token_text(w);
        PLACE_CONTEXT.iter().any(|p| p.eq_ignore_ascii_case(word))
    })
}

/// The kind of an entity: the style sheet's, the gazetteer's, else from the evidence.
/// The evidence is gathered only for names neither the style sheet nor the gazetteer knows.
pub fn kind_of(
    key: &Key,
    house: &House,
    names: &NameIndex,
    evidence: impl FnOnce() -> Evidence,
) -> EntityKind {
    match key {
        Key::House(id) => {
            if let Some(kind) = house.kind(*id) {
                return kind;
            }
        }
        Key::Entry(e) => {
            if let Some(entry) = names.entry(*e) {
                return match entry.kind {
                    Kind::Country | Kind::State | Kind::City => EntityKind::Place,
                    Kind::Person | Kind::Name => EntityKind::Person,
                    Kind::Organisation => EntityKind::Organisation,
                };
            }
        }
        Key::Name(_) => {}
    }
    let evidence = evidence();
    if evidence.organisation {
        EntityKind::Organisation
    } else if evidence.titled || evidence.spoken {
        EntityKind::Person
    } else if evidence.place {
        EntityKind::Place
    } else if evidence.personal_name {
        EntityKind::Person
    } else {
        EntityKind::Other
    }
}

/// What the gazetteer knows about a place entity.
pub fn place_facts(key: &Key, kind: EntityKind) -> Option<PlaceFacts> {
    let Key::Entry(e) = key else {
        return None;
    };
    if kind != EntityKind::Place {
        return None;
    }
    let entry = gazetteer().entry(*e)?;
    Some(PlaceFacts {
        country: entry.country.map(str::to_string),
        capital: entry.capital.map(str::to_string),
        demonym: entry.demonyms.first().map(|d| (*d).to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_heads_are_sorted_lower_case_and_found_in_any_case() {
        assert!(ORGANISATION_HEADS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            ORGANISATION_HEADS
                .iter()
                .all(|h| h.len() <= HEAD_LEN && *h == h.to_ascii_lowercase())
        );
        for head in ORGANISATION_HEADS {
            assert!(is_organisation_head(head));
            assert!(is_organisation_head(&head.to_uppercase()));
        }
        assert!(is_organisation_head("Council"));
        assert!(is_organisation_head("MINISTRY"));
        assert!(!is_organisation_head("Councillor"));
        assert!(!is_organisation_head("Ünion"));
    }
}
