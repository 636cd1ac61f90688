//! Joining name mentions into entities: full names by their preferred spelling, surnames to the
//! one full name that ends with them, demonyms and slips of a place to the place, and any name
//! the house style sheet lists to its entry.

use super::house::House;
use super::kind::is_organisation_head;
use super::{Entity, EntityKind, EntityMention, MentionForm, narrow};
use crate::analysis::Span;
use crate::analysis::attribution::collapse_owned;
use crate::analysis::names::gazetteer::{EntryId, Kind, gazetteer};
use crate::analysis::names::key::{fold_onto, is_all_caps, with_folded};
use crate::analysis::names::mentions::{is_clause_word, is_title};
use crate::analysis::names::{Mention, NameIndex, Part, Spelling};
use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use smallvec::SmallVec;
use std::hash::BuildHasher;

/// What decides that two mentions are one entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// An entry of the house style sheet.
    House(usize),
    /// A gazetteer entry.
    Entry(EntryId),
    /// The folded preferred spelling of the name, with a form of address for a lone surname
    /// (`mrs bennet`).
    Name(Box<str>),
}

/// Forms of address that tell apart people who share a surname (Mr. and Mrs. Bennet).
const ADDRESS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame",
];

/// What the entities read of one spelling of the name index, found once: a draft writes a few
/// hundred spellings in thousands of mentions.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// A title (`Mr.`, `Minister`): set aside before a name.
    title: bool,
    /// A clause word the gazetteer does not know (`But`): set aside where it opens a sentence.
    clause: bool,
    /// Written differently from its group's preferred spelling (`Lybia`).
    variant: bool,
    /// A last word that makes a name an organisation's (`Council`).
    pub organisation_head: bool,
    /// Holds a letter that is not a capital, so no text holding it is all capitals.
    pub small_letter: bool,
    /// The gazetteer place or organisation a lone slip written so stands for (`Lybia` for
    /// Libya), for a mention the gazetteer does not know itself.
    slip: Option<EntryId>,
}

impl Facts {
    fn of(names: &NameIndex, spelling: &Spelling) -> Facts {
        let text = spelling.text.as_str();
        Facts {
            title: is_title(text.trim_end_matches('.')),
            clause: spelling.known.is_empty() && is_clause_word(&spelling.folded),
            variant: spelling
                .group
                .and_then(|g| names.groups.get(g))
                .is_some_and(|g| g.preferred != spelling.text),
            organisation_head: is_organisation_head(text),
            small_letter: text.chars().any(|c| c.is_alphabetic() && !c.is_uppercase()),
            slip: slip_of(names, spelling),
        }
    }
}

/// What joining found: each distinct entity key once, and for each name mention its key, its
/// form and where its name words start.
pub struct Joined {
    /// The distinct keys, each once: a long draft names the same people thousands of times.
    pub keys: Vec<Key>,
    /// For each mention of `names.mentions`, in its order: its key (an index into `keys`) and
    /// its form.
    pub of: Vec<(u32, MentionForm)>,
    /// For each mention: how many of its words [`set_aside_len`] sets aside.
    set_aside: Vec<u32>,
    /// For each spelling of `names.spellings`: its [`Facts`].
    facts: Vec<Facts>,
}

impl Joined {
    /// The [`Facts`] of a name word's spelling.
    pub fn facts(&self, part: &Part) -> Facts {
        self.facts.get(part.spelling).copied().unwrap_or_default()
    }

    /// A mention's words set aside and its name words, as [`set_aside_len`] counts them, read once
    /// per mention.
    pub fn split<'n>(&self, names: &'n NameIndex, i: usize) -> (&'n [Part], &'n [Part]) {
        let parts = names.mentions.get(i).map_or(&[][..], |m| names.parts_of(m));
        let k = self
            .set_aside
            .get(i)
            .map_or(0, |&k| k as usize)
            .min(parts.len());
        parts.split_at(k)
    }
}

/// The name of a name key, as an index into `keys`; empty for any other key.
fn named(keys: &[Key], id: usize) -> &str {
    match keys.get(id) {
        Some(Key::Name(n)) => n,
        _ => "",
    }
}

/// The distinct keys met so far, each with its index.
#[derive(Default)]
struct Interner {
    keys: Vec<Key>,
    /// House and gazetteer keys.
    known: FxHashMap<Key, usize>,
    /// Name keys, as indexes into `keys`, filed by the hash of the folded name: looked up
    /// without building a key first, and each name stored once, in its key.
    named: HashTable<usize>,
    /// By spelling: the name key of a one-word name written so, once known.
    one_word: Vec<Option<usize>>,
    /// The name key of a one-word name after a form of address, by the form's place in
    /// [`ADDRESS`] and the spelling.
    addressed: FxHashMap<(usize, usize), usize>,
    /// The name key of a name of several words, by the spellings of its words.
    several: FxHashMap<SmallVec<[usize; 4]>, usize>,
}

impl Interner {
    fn known(&mut self, key: Key) -> usize {
        let next = self.keys.len();
        let id = *self.known.entry(key.clone()).or_insert(next);
        if id == next {
            self.keys.push(key);
        }
        id
    }

    fn name(&mut self, name: &str) -> usize {
        let hash = FxBuildHasher.hash_one(name);
        let keys = &self.keys;
        if let Some(&id) = self.named.find(hash, |&id| named(keys, id) == name) {
            return id;
        }
        let id = self.keys.len();
        self.keys.push(Key::Name(Box::from(name)));
        let keys = &self.keys;
        self.named
            .insert_unique(hash, id, |&id| FxBuildHasher.hash_one(named(keys, id)));
        id
    }
}

/// The entity key and form of every name mention, in the order of `names.mentions`.
pub fn join(text: &str, names: &NameIndex, house: &House) -> Joined {
    let g = gazetteer();
    let facts: Vec<Facts> = names
        .spellings
        .iter()
        .map(|s| Facts::of(names, s))
        .collect();
    // Most drafts write no spelling that differs from its group's preferred one: then no
    // mention's words are read for one.
    let variants = facts.iter().any(|f| f.variant);
    let form_as = |parts: &[Part], form: MentionForm| {
        if variants {
            form_of(&facts, parts, form)
        } else {
            form
        }
    };
    let mut folds = Folds::new(names);
    let mut interner = Interner {
        one_word: vec![None; names.spellings.len()],
        ..Interner::default()
    };
    // A mention has far fewer words than `u32::MAX`.
    let set_aside: Vec<u32> = names
        .mentions
        .iter()
        .map(|m| narrow(set_aside_len(names, &facts, m)))
        .collect();
    let split = |i: usize, m: &Mention| {
        let parts = names.parts_of(m);
        parts.split_at(set_aside.get(i).map_or(0, |&k| k as usize).min(parts.len()))
    };
    // Most drafts are checked without a style sheet: then no name is read for it.
    let house_of = |m: &Mention, parts: &[Part]| {
        if house.is_empty() {
            None
        } else {
            house.find(name_span(m, parts).text(text))
        }
    };
    // The folded name being built, kept between mentions.
    let mut buf = String::new();
    let mut spellings: SmallVec<[usize; 4]> = SmallVec::new();
    let mut out: Vec<Option<(u32, MentionForm)>> = vec![None; names.mentions.len()];
    // Last name word of each full name, to the full name's key; `None` when several share it.
    let mut surnames: FxHashMap<String, Option<usize>> = FxHashMap::default();
    // By spelling of a last word: the key last entered with it in `surnames`. Entering a pair
    // again changes nothing (an entry only ever turns to `None`), so the pair just entered, by far
    // the most often repeated, is skipped without hashing.
    let mut entered: Vec<Option<usize>> = vec![None; names.spellings.len()];
    for (i, m) in names.mentions.iter().enumerate() {
        // Most mentions are one word, and have fewer name words still once titles are set
        // aside: their words are not read here.
        if m.parts().len() < 2 {
            continue;
        }
        let (_, parts) = split(i, m);
        if parts.len() < 2 {
            continue;
        }
        let entry = usable_entry(text, names, m);
        let key = match house_of(m, parts) {
            Some(h) => interner.known(Key::House(h)),
            None => match entry {
                Some(e) => interner.known(Key::Entry(e)),
                None => {
                    spellings.clear();
                    spellings.extend(parts.iter().map(|p| p.spelling));
                    match interner.several.get(&spellings) {
                        Some(&key) => key,
                        None => {
                            folded_name(&mut buf, &mut folds, names, parts);
                            let key = interner.name(&buf);
                            interner.several.insert(spellings.clone(), key);
                            key
                        }
                    }
                }
            },
        };
        let personal = m.demonym_of.is_none()
            && entry
                .and_then(|e| g.entry(e))
                .is_none_or(|e| e.kind == Kind::Person);
        if personal
            && let Some(last) = parts.last()
            && let Some(slot) = entered.get_mut(last.spelling)
            && *slot != Some(key)
        {
            *slot = Some(key);
            for surname in folds.surname_keys(names, last).iter() {
                match surnames.get_mut(surname) {
                    Some(k) => {
                        if *k != Some(key) {
                            *k = None;
                        }
                    }
                    None => {
                        surnames.insert(surname.to_string(), Some(key));
                    }
                }
            }
        }
        out[i] = Some((narrow(key), form_as(parts, MentionForm::Full)));
    }
    // The forms of address met, as written, with their place in [`ADDRESS`].
    let mut addresses: Vec<(&str, Option<usize>)> = Vec::new();
    // By spelling: the full name a surname written so stands for, once looked up.
    let mut surname_of: Vec<Option<Option<usize>>> = vec![None; names.spellings.len()];
    for (i, m) in names.mentions.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        let (set_aside, parts) = split(i, m);
        let Some(part) = parts.first() else {
            out[i] = Some((narrow(interner.name("")), MentionForm::Full));
            continue;
        };
        let found = if let Some(h) = house_of(m, parts) {
            (
                interner.known(Key::House(h)),
                form_as(parts, MentionForm::Full),
            )
        } else if let Some(place) = m.demonym_of {
            (
                interner.known(Key::Entry(place)),
                form_as(parts, MentionForm::Demonym),
            )
        } else if let Some(entry) = facts.get(part.spelling).and_then(|f| f.slip)
            // A slip is rare, and whether a mention has a gazetteer entry follows no pattern:
            // the rare one is asked first.
            && m.entry.is_none()
        {
            (interner.known(Key::Entry(entry)), MentionForm::Variant)
        } else if let Some(key) = match surname_of.get(part.spelling).copied().flatten() {
            Some(known) => known,
            None => {
                let key = folds
                    .surname_keys(names, part)
                    .iter()
                    .find_map(|s| surnames.get(s).copied().flatten());
                if let Some(slot) = surname_of.get_mut(part.spelling) {
                    *slot = Some(key);
                }
                key
            }
        } {
            (key, form_as(parts, MentionForm::Surname))
        } else if let Some(entry) = usable_entry(text, names, m) {
            (
                interner.known(Key::Entry(entry)),
                form_as(parts, MentionForm::Full),
            )
        } else {
            let address = address_of(text, m, set_aside).and_then(|w| {
                // A draft writes a handful of forms of address thousands of times: each is
                // folded once.
                if let Some(&(_, a)) = addresses.iter().find(|(seen, _)| *seen == w) {
                    return a;
                }
                let a = with_folded(w.trim_end_matches('.'), |w| {
                    ADDRESS.iter().position(|a| *a == w)
                });
                addresses.push((w, a));
                a
            });
            let key = match address {
                Some(a) => match interner.addressed.get(&(a, part.spelling)) {
                    Some(&key) => key,
                    None => {
                        let canon = folds.preferred(names, part);
                        buf.clear();
                        buf.push_str(ADDRESS.get(a).copied().unwrap_or(""));
                        buf.push(' ');
                        buf.push_str(canon);
                        let key = interner.name(&buf);
                        interner.addressed.insert((a, part.spelling), key);
                        key
                    }
                },
                None => match interner.one_word.get(part.spelling).copied().flatten() {
                    Some(key) => key,
                    None => {
                        let key = interner.name(folds.preferred(names, part));
                        if let Some(slot) = interner.one_word.get_mut(part.spelling) {
                            *slot = Some(key);
                        }
                        key
                    }
                },
            };
            (key, form_as(parts, MentionForm::Full))
        };
        out[i] = Some((narrow(found.0), found.1));
    }
    let of = out
        .into_iter()
        .map(|o| o.unwrap_or_else(|| (narrow(interner.name("")), MentionForm::Full)))
        .collect();
    Joined {
        keys: interner.keys,
        of,
        set_aside,
        facts,
    }
}

/// How many of a mention's words are leading titles and sentence-opening clause words the name
/// index kept with the name (`Mr Bennet`, `But Jane`): the words set aside.
fn set_aside_len(names: &NameIndex, facts: &[Facts], m: &Mention) -> usize {
    // The last word is never set aside: a mention of one word (nearly all) has none.
    if m.parts().len() < 2 {
        return 0;
    }
    let parts = names.parts_of(m);
    let mut k = 0;
    while let (Some(part), true) = (parts.get(k), k + 1 < parts.len()) {
        let f = facts.get(part.spelling).copied().unwrap_or_default();
        if f.title || (part.initial && f.clause) {
            k += 1;
        } else {
            break;
        }
    }
    k
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

/// The gazetteer place or organisation a lone slip written so stands for (Lybia for Libya).
fn slip_of(names: &NameIndex, spelling: &Spelling) -> Option<EntryId> {
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

fn form_of(facts: &[Facts], parts: &[Part], form: MentionForm) -> MentionForm {
    if parts
        .iter()
        .any(|p| facts.get(p.spelling).is_some_and(|f| f.variant))
    {
        MentionForm::Variant
    } else {
        form
    }
}

/// The folded preferred spellings of a name's words, joined by spaces, written into `out`.
fn folded_name(out: &mut String, folds: &mut Folds, names: &NameIndex, parts: &[Part]) {
    out.clear();
    for part in parts {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(folds.preferred(names, part));
    }
}

/// The keys a surname is found by: folded, and without an al-/el- particle (al-Assad, Assad).
/// The first is the word folded (none for a spelling the index does not hold); the second, when
/// the word has a particle, the rest of it folded.
struct SurnameKeys<'f>(Option<&'f str>, Option<&'f str>);

impl<'f> SurnameKeys<'f> {
    fn iter(&self) -> impl Iterator<Item = &'f str> + use<'f> {
        self.0.into_iter().chain(self.1)
    }
}

/// The folded preferred spelling of each spelling of the name index and its surname keys,
/// computed on first use: a draft writes a few hundred spellings in thousands of mentions.
struct Folds {
    /// The surname keys of the spellings folded so far, one after the other: one buffer rather
    /// than a string for each.
    text: String,
    /// By spelling, once folded: where its first surname key starts, where it ends and the
    /// second starts, and where the second ends, in `text`; and whether it has a second.
    keys: Vec<Option<([u32; 3], bool)>>,
}

impl Folds {
    fn new(names: &NameIndex) -> Folds {
        Folds {
            text: String::new(),
            keys: vec![None; names.spellings.len()],
        }
    }

    /// The [`SurnameKeys`] of a word's preferred spelling.
    fn surname_keys(&mut self, names: &NameIndex, part: &Part) -> SurnameKeys<'_> {
        let Some(slot) = self.keys.get_mut(part.spelling) else {
            return SurnameKeys(None, None);
        };
        let text = &mut self.text;
        let (bounds, particle) = *slot.get_or_insert_with(|| {
            let word = preferred(names, part);
            let start = text.len();
            fold_onto(word, text);
            let middle = text.len();
            let particle = word.get(..3).is_some_and(|head| {
                head.eq_ignore_ascii_case("al-") || head.eq_ignore_ascii_case("el-")
            });
            let rest = word.get(3..).filter(|_| particle);
            if let Some(rest) = rest {
                fold_onto(rest, text);
            }
            ([start, middle, text.len()].map(narrow), rest.is_some())
        });
        let [start, middle, end] = bounds.map(|b| b as usize);
        SurnameKeys(
            self.text.get(start..middle),
            self.text.get(middle..end).filter(|_| particle),
        )
    }

    /// The folded preferred spelling of a word.
    fn preferred(&mut self, names: &NameIndex, part: &Part) -> &str {
        self.surname_keys(names, part).0.unwrap_or("")
    }
}

/// The name to show for an entity: the style sheet's, the gazetteer's for places and
/// organisations, else its first full mention in preferred spelling.
pub fn display_name(
    text: &str,
    key: &Key,
    names: &NameIndex,
    joined: &Joined,
    house: &House,
    members: &[u32],
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
    let mentions = || {
        members
            .iter()
            .map(|&i| i as usize)
            .filter_map(|i| names.mentions.get(i).map(|m| (m, joined.split(names, i))))
    };
    if let Some((full, (_, parts))) = mentions().find(|(_, (_, parts))| parts.len() > 1) {
        return written_preferred(text, names, full, parts);
    }
    if let Some(e) = entry {
        return e.name.to_string();
    }
    let Some((first, (set_aside, parts))) = mentions().next() else {
        return String::new();
    };
    let name = written_preferred(text, names, first, parts);
    match (key, address_of(text, first, set_aside)) {
        (Key::Name(k), Some(address)) if k.contains(' ') => format!("{address} {name}"),
        _ => name,
    }
}

/// A mention as written, each of its name words `parts` in its preferred spelling.
fn written_preferred(text: &str, names: &NameIndex, m: &Mention, parts: &[Part]) -> String {
    let mut at = name_span(m, parts).start;
    // Room for the name as written and a few bytes more, so a longer preferred spelling rarely
    // needs a second allocation.
    let mut out = String::with_capacity(m.span().end.saturating_sub(at) + 8);
    for part in parts {
        out.push_str(text.get(at..part.span().start).unwrap_or(" "));
        out.push_str(preferred(names, part));
        at = part.span().end;
    }
    out.push_str(text.get(at..m.span().end).unwrap_or(""));
    // Most names are written with single spaces between their words: kept as they are.
    collapse_owned(out)
}

/// Once the kind is known: a one-word mention of a person whose name has several words (from
/// the draft, the gazetteer or the style sheet) is a surname reference.
/// `words`: how many name words each mention has (none for a title reference), as
/// [`EntityMention::parts`] counts them.
pub fn settle_forms(entity: &Entity, mentions: &mut [EntityMention], words: &[u32], key: &Key) {
    if entity.kind != EntityKind::Person {
        return;
    }
    let known_by_fuller_name = match key {
        Key::Entry(_) | Key::House(_) => entity.name.contains(' '),
        Key::Name(_) => words.iter().any(|&n| n > 1),
    };
    if !known_by_fuller_name {
        return;
    }
    for (mention, &n) in mentions.iter_mut().zip(words) {
        if mention.form == MentionForm::Full && n == 1 {
            mention.form = MentionForm::Surname;
        }
    }
}
