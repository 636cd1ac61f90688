//! Joining name mentions into entities: full names by their preferred spelling, surnames to the
//! one full name that ends with them, demonyms and slips of a place to the place, and any name
//! the house style sheet lists to its entry.

use super::house::House;
use super::{Entity, EntityKind, MentionForm};
use crate::analysis::Span;
use crate::analysis::names::gazetteer::{EntryId, Kind, gazetteer};
use crate::analysis::names::key::{fold, is_all_caps, with_folded};
use crate::analysis::names::mentions::{is_clause_word, is_title};
use crate::analysis::names::{Mention, NameIndex, Part};
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

/// What decides that two mentions are one entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// An entry of the house style sheet.
    House(usize),
    /// A gazetteer entry.
    Entry(EntryId),
    /// The folded preferred spelling of the name, with a form of address for a lone surname
    /// (`mrs bennet`); one string shared by every mention with the key.
    Name(Rc<str>),
}

/// Forms of address that tell apart people who share a surname (Mr. and Mrs. Bennet).
const ADDRESS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame",
];

/// The entity key and form of every name mention, in the order of `names.mentions`.
pub fn join(text: &str, names: &NameIndex, house: &House) -> Vec<(Key, MentionForm)> {
    let g = gazetteer();
    let mut folds = Folds::new(names);
    // Each name key once: a long draft names the same people thousands of times.
    let mut interned: FxHashSet<Rc<str>> = FxHashSet::default();
    let mut name_key = |key: String| {
        let shared = match interned.get(key.as_str()) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Rc<str> = Rc::from(key);
                interned.insert(shared.clone());
                shared
            }
        };
        Key::Name(shared)
    };
    let mut out: Vec<Option<(Key, MentionForm)>> = vec![None; names.mentions.len()];
    // Last name word of each full name, to the full name's key; `None` when several share it.
    let mut surnames: FxHashMap<String, Option<Key>> = FxHashMap::default();
    for (i, m) in names.mentions.iter().enumerate() {
        let (_, parts) = split_name(text, names, m);
        if parts.len() < 2 {
            continue;
        }
        let entry = usable_entry(text, names, m);
        let key = house
            .find(name_span(m, parts).text(text))
            .map(Key::House)
            .or(entry.map(Key::Entry))
            .unwrap_or_else(|| name_key(folded_name(&mut folds, names, parts)));
        let personal = m.demonym_of.is_none()
            && entry
                .and_then(|e| g.entry(e))
                .is_none_or(|e| e.kind == Kind::Person);
        if personal && let Some(last) = parts.last() {
            for surname in folds.surname_keys(names, last) {
                surnames
                    .entry(surname.clone())
                    .and_modify(|k| {
                        if k.as_ref() != Some(&key) {
                            *k = None;
                        }
                    })
                    .or_insert_with(|| Some(key.clone()));
            }
        }
        out[i] = Some((key, form_of(names, parts, MentionForm::Full)));
    }
    for (i, m) in names.mentions.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        let (set_aside, parts) = split_name(text, names, m);
        let Some(part) = parts.first() else {
            out[i] = Some((name_key(String::new()), MentionForm::Full));
            continue;
        };
        let found = if let Some(h) = house.find(name_span(m, parts).text(text)) {
            (Key::House(h), form_of(names, parts, MentionForm::Full))
        } else if let Some(place) = m.demonym_of {
            (
                Key::Entry(place),
                form_of(names, parts, MentionForm::Demonym),
            )
        } else if let Some(entry) = slip_of(names, part, m) {
            (Key::Entry(entry), MentionForm::Variant)
        } else if let Some(key) = folds
            .surname_keys(names, part)
            .iter()
            .find_map(|s| surnames.get(s).cloned().flatten())
        {
            (key, form_of(names, parts, MentionForm::Surname))
        } else if let Some(entry) = usable_entry(text, names, m) {
            (Key::Entry(entry), form_of(names, parts, MentionForm::Full))
        } else {
            let address = address_of(text, m, set_aside).and_then(|w| {
                with_folded(w.trim_end_matches('.'), |w| {
                    ADDRESS.iter().copied().find(|a| *a == w)
                })
            });
            let canon = folds.preferred(names, part);
            let key = match address {
                Some(a) => format!("{a} {canon}"),
                None => canon.to_string(),
            };
            (name_key(key), form_of(names, parts, MentionForm::Full))
        };
        out[i] = Some(found);
    }
    out.into_iter()
        .map(|o| o.unwrap_or_else(|| (name_key(String::new()), MentionForm::Full)))
        .collect()
}

/// A mention's name words, without the leading titles and sentence-opening clause words the
/// name index kept with them (`Mr Bennet`, `But Jane`): (the words set aside, the name).
pub fn split_name<'n>(text: &str, names: &'n NameIndex, m: &Mention) -> (&'n [Part], &'n [Part]) {
    let parts = names.parts_of(m);
    let mut k = 0;
    while let (Some(part), true) = (parts.get(k), k + 1 < parts.len()) {
        let word = part.span().text(text).trim_end_matches('.');
        let only_opening = part.initial
            && names
                .spellings
                .get(part.spelling)
                .is_some_and(|s| s.known.is_empty() && is_clause_word(&s.folded));
        if is_title(word) || only_opening {
            k += 1;
        } else {
            break;
        }
    }
    parts.split_at(k)
}

/// The span of a mention's name words.
pub fn name_span(m: &Mention, parts: &[Part]) -> Span {
    parts
        .first()
        .map_or(m.span(), |p| Span::new(p.span().start, m.span().end))
}

/// The form of address written before a one-word name (`Mrs` of `Mrs. Bennet`).
fn address_of<'t>(text: &'t str, m: &Mention, set_aside: &[Part]) -> Option<&'t str> {
    set_aside.last().map(|p| p.span().text(text)).or_else(|| {
        m.title()
            .and_then(|t| t.text(text).split_whitespace().last())
    })
}

/// The gazetteer entry of a mention, unless it is an acronym read as a person's surname
/// (UN for Kim Jong Un) or a common name listed only to keep look-alikes apart.
fn usable_entry(text: &str, names: &NameIndex, m: &Mention) -> Option<EntryId> {
    let entry = m.entry?;
    let kind = names.entry(entry)?.kind;
    if kind == Kind::Name || (kind == Kind::Person && is_all_caps(m.span().text(text))) {
        return None;
    }
    Some(entry)
}

/// The gazetteer place or organisation a lone slip stands for (Lybia for Libya).
fn slip_of(names: &NameIndex, part: &Part, m: &Mention) -> Option<EntryId> {
    if m.entry.is_some() {
        return None;
    }
    let spelling = names.spellings.get(part.spelling)?;
    let group = names.groups.get(spelling.group?)?;
    let entry = group.entry?;
    let known = names.entry(entry)?;
    (known.kind != Kind::Person && group.preferred != spelling.text).then_some(entry)
}

/// The preferred spelling of a name word: its group's, or as written.
fn preferred<'n>(names: &'n NameIndex, part: &Part) -> &'n str {
    let Some(spelling) = names.spellings.get(part.spelling) else {
        return "";
    };
    spelling
        .group
        .and_then(|g| names.groups.get(g))
        .map_or(spelling.text.as_str(), |g| g.preferred.as_str())
}

/// Whether a word is written differently from its group's preferred spelling.
fn is_variant(names: &NameIndex, part: &Part) -> bool {
    names.spellings.get(part.spelling).is_some_and(|s| {
        s.group
            .and_then(|g| names.groups.get(g))
            .is_some_and(|g| g.preferred != s.text)
    })
}

fn form_of(names: &NameIndex, parts: &[Part], form: MentionForm) -> MentionForm {
    if parts.iter().any(|p| is_variant(names, p)) {
        MentionForm::Variant
    } else {
        form
    }
}

/// The folded preferred spellings of a name's words, joined by spaces.
fn folded_name(folds: &mut Folds, names: &NameIndex, parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(folds.preferred(names, part));
    }
    out
}

/// The keys a surname is found by: folded, and without an al-/el- particle (al-Assad, Assad).
fn surname_keys(word: &str) -> Vec<String> {
    let mut keys = vec![fold(word)];
    let lower = word.get(..3).map(str::to_ascii_lowercase);
    if matches!(lower.as_deref(), Some("al-" | "el-"))
        && let Some(rest) = word.get(3..)
    {
        keys.push(fold(rest));
    }
    keys
}

/// The folded preferred spelling of each spelling of the name index and its surname keys,
/// computed on first use: a draft writes a few hundred spellings in thousands of mentions.
struct Folds {
    /// By spelling: the surname keys, the first of which is the folded preferred spelling.
    keys: Vec<Option<Vec<String>>>,
}

impl Folds {
    fn new(names: &NameIndex) -> Folds {
        Folds {
            keys: vec![None; names.spellings.len()],
        }
    }

    /// The [`surname_keys`] of a word's preferred spelling.
    fn surname_keys(&mut self, names: &NameIndex, part: &Part) -> &[String] {
        match self.keys.get_mut(part.spelling) {
            Some(slot) => slot.get_or_insert_with(|| surname_keys(preferred(names, part))),
            None => &[],
        }
    }

    /// The folded preferred spelling of a word.
    fn preferred(&mut self, names: &NameIndex, part: &Part) -> &str {
        self.surname_keys(names, part)
            .first()
            .map_or("", String::as_str)
    }
}

/// The name to show for an entity: the style sheet's, the gazetteer's for places and
/// organisations, else its first full mention in preferred spelling.
pub fn display_name(
    text: &str,
    key: &Key,
    names: &NameIndex,
    house: &House,
    members: &[usize],
) -> String {
    if let Some(known) = house.entry_of(key) {
        return known.name.clone();
    }
    let entry = match key {
        Key::Entry(e) => names.entry(*e),
        _ => None,
    };
    if let Some(e) = entry.filter(|e| e.kind != Kind::Person) {
        return e.name.to_string();
    }
    let mentions = || members.iter().filter_map(|&i| names.mentions.get(i));
    if let Some(full) = mentions().find(|m| split_name(text, names, m).1.len() > 1) {
        return written_preferred(text, names, full);
    }
    if let Some(e) = entry {
        return e.name.to_string();
    }
    let Some(first) = mentions().next() else {
        return String::new();
    };
    let name = written_preferred(text, names, first);
    let (set_aside, _) = split_name(text, names, first);
    match (key, address_of(text, first, set_aside)) {
        (Key::Name(k), Some(address)) if k.contains(' ') => format!("{address} {name}"),
        _ => name,
    }
}

/// A mention as written, each name word in its preferred spelling.
fn written_preferred(text: &str, names: &NameIndex, m: &Mention) -> String {
    let mut out = String::new();
    let (_, parts) = split_name(text, names, m);
    let mut at = name_span(m, parts).start;
    for part in parts {
        out.push_str(text.get(at..part.span().start).unwrap_or(" "));
        out.push_str(preferred(names, part));
        at = part.span().end;
    }
    out.push_str(text.get(at..m.span().end).unwrap_or(""));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Once the kind is known: a one-word mention of a person whose name has several words (from
/// the draft, the gazetteer or the style sheet) is a surname reference.
pub fn settle_forms(entity: &mut Entity, key: &Key) {
    let known_by_fuller_name = match key {
        Key::Entry(_) | Key::House(_) => entity.name.contains(' '),
        Key::Name(_) => entity.mentions.iter().any(|m| m.parts.len() > 1),
    };
    if entity.kind != EntityKind::Person || !known_by_fuller_name {
        return;
    }
    for mention in &mut entity.mentions {
        if mention.parts.len() == 1 && mention.form == MentionForm::Full {
            mention.form = MentionForm::Surname;
        }
    }
}
