//! Entities: the people, places and organisations a draft names, each with every mention, its
//! kind, the description the draft gives, its first full reference and the quotes credited to it.
//!
//! Built on the name index in a few linear passes: name mentions are joined into entities
//! ([`join`]), title-only references such as "the field marshal" are added where exactly one
//! person carries the title ([`titles`]), each entity gets a kind ([`kind`]) and a description
//! ([`describe`]), and each credited quote is linked through its speaker's name.

mod describe;
mod house;
mod join;
mod kind;
mod titles;

#[cfg(test)]
mod tests;

use super::attribution::Attribution;
use super::names::NameIndex;
use super::quotes::Quote;
use super::{Draft, Settings, Span};
use join::Key;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
    Other,
}

impl EntityKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organisation => "organisation",
            EntityKind::Other => "other",
        }
    }
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionForm {
    /// The full name: `Kirill Semenov`, `Khalifa Haftar`, `Libya`.
    Full,
    /// A surname alone: `Semenov`, `Haftar`.
    Surname,
    /// A title alone, `the field marshal`: joined only where exactly one person carries it.
    Title,
    /// A demonym of a place: `Libyan` for Libya.
    Demonym,
    /// A spelling that differs from the preferred one: `Lybia`, `Lybian`.
    Variant,
}

/// One place the draft refers to an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// The whole mention, titles and possessive excluded (for a title reference: the title).
    pub span: Span,
    /// The name words inside it (`Kirill`, `Semenov`), what a rename replaces; empty for a
    /// title reference. One word is kept inline: most mentions are a single word, and a long
    /// draft has tens of thousands of them.
    pub parts: SmallVec<[Span; 1]>,
    pub form: MentionForm,
    /// The mention in [`NameIndex::mentions`], `None` for a title reference.
    pub name_mention: Option<usize>,
}

/// A spelling of an entity's name as the draft writes it, and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingSeen {
    pub text: String,
    pub count: usize,
    /// Differs from the preferred spelling (`Lybia` for Libya).
    pub odd: bool,
}

/// What the gazetteer knows about a place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlaceFacts {
    pub country: Option<String>,
    pub capital: Option<String>,
    pub demonym: Option<String>,
}

/// A person, place, organisation or other named thing of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The preferred full name: `Kirill Semenov`, `Libya`.
    pub name: String,
    pub kind: EntityKind,
    /// How the draft describes it: `an independent Middle East expert`,
    /// `Russian Foreign Minister`.
    pub description: Option<String>,
    /// Where the draft gives that description.
    pub description_span: Option<Span>,
    /// Every mention, in text order; never empty.
    pub mentions: Vec<EntityMention>,
    /// Index into `mentions` of the first full reference (the definition target); the first
    /// mention when the draft never gives the full name (see `named_in_full`).
    pub first_full: usize,
    /// Whether any mention is the full name.
    pub named_in_full: bool,
    /// The spellings of its mentions (title references left out), most frequent first.
    pub spellings: Vec<SpellingSeen>,
    /// Indexes into `Analysis::quotes` and `Analysis::attributions` of the quotes credited to it.
    pub quotes: Vec<usize>,
    /// Gazetteer facts, for places the gazetteer knows.
    pub place: Option<PlaceFacts>,
    /// How the house style sheet describes it, when it lists the entity.
    pub house_description: Option<String>,
    /// The style sheet's note for editors about the entity.
    pub note: Option<String>,
}

impl Entity {
    /// The first full reference (or the first mention when there is none).
    pub fn first_full_mention(&self) -> Option<&EntityMention> {
        self.mentions.get(self.first_full)
    }
}

/// The entities of a draft, in order of their first mention, with a lookup by offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    pub entities: Vec<Entity>,
    /// Every mention as (start, end, entity, mention), sorted by start; `u32` because a long
    /// draft has tens of thousands.
    lookup: Vec<(u32, u32, u32, u32)>,
}

impl Entities {
    /// Builds the entity index of a draft from its name index and attributions.
    pub fn build(
        draft: &Draft,
        names: &NameIndex,
        quotes: &[Quote],
        attributions: &[Attribution],
        settings: &Settings,
    ) -> Entities {
        let text = draft.text;
        let house = house::House::new(settings);
        let joined = join::join(text, names, &house);

        // Group the name mentions by key, in order of first mention.
        let mut slot: Vec<Option<usize>> = vec![None; joined.keys.len()];
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut keys: Vec<&Key> = Vec::new();
        let mut entity_of: Vec<usize> = Vec::with_capacity(joined.of.len());
        for (i, &(key, _)) in joined.of.iter().enumerate() {
            let id = match slot.get(key).copied().flatten() {
                Some(id) => id,
                None => {
                    members.push(Vec::new());
                    keys.push(&joined.keys[key]);
                    if let Some(s) = slot.get_mut(key) {
                        *s = Some(members.len() - 1);
                    }
                    members.len() - 1
                }
            };
            members[id].push(i);
            entity_of.push(id);
        }

        let speakers = describe::speaker_mentions(names, attributions);
        let mut entities: Vec<Entity> = Vec::with_capacity(members.len());
        for (id, list) in members.iter().enumerate() {
            let key = keys[id];
            let kind = kind::kind_of(key, &house, names, || {
                kind::Evidence::gather(draft, names, &joined, list, &speakers)
            });
            let mut mentions: Vec<EntityMention> = Vec::with_capacity(list.len());
            for &i in list {
                let (Some(m), Some(&(_, form))) = (names.mentions.get(i), joined.of.get(i)) else {
                    continue;
                };
                let (_, parts) = joined.split(names, i);
                mentions.push(EntityMention {
                    span: join::name_span(m, parts),
                    parts: match parts {
                        [one] => smallvec::smallvec![one.span()],
                        _ => parts.iter().map(|p| p.span()).collect(),
                    },
                    form,
                    name_mention: Some(i),
                });
            }
            let mut entity = Entity {
                name: join::display_name(text, key, names, &joined, &house, list),
                kind,
                description: None,
                description_span: None,
                mentions,
                first_full: 0,
                named_in_full: false,
                spellings: Vec::new(),
                quotes: Vec::new(),
                place: None,
                house_description: None,
                note: None,
            };
            join::settle_forms(&mut entity, key);
            if let Some(known) = house.entry_of(key) {
                entity.house_description = known.description.clone();
                entity.note = known.note.clone();
            }
            entity.place = kind::place_facts(key, kind);
            if kind == EntityKind::Person
                && let Some((span, description)) = describe::describe(draft, names, list, &speakers)
            {
                entity.description = Some(description);
                entity.description_span = Some(span);
            }
            entities.push(entity);
        }

        titles::add_title_references(draft, names, &entity_of, &mut entities);

        for entity in &mut entities {
            // Only title references are out of order, and few entities have any.
            if !entity.mentions.is_sorted_by_key(|m| m.span.start) {
                entity.mentions.sort_by_key(|m| m.span.start);
            }
            entity.first_full = entity
                .mentions
                .iter()
                .position(|m| m.form == MentionForm::Full)
                .unwrap_or(0);
            entity.named_in_full = entity.mentions.iter().any(|m| m.form == MentionForm::Full);
            entity.spellings = spellings(text, &entity.mentions);
        }

        for (q, attribution) in attributions.iter().enumerate().take(quotes.len()) {
            if let Some(mention) = describe::speaker_mention(names, attribution)
                && let Some(&id) = entity_of.get(mention)
            {
                entities[id].quotes.push(q);
            }
        }

        // Mentions are name tokens, whose offsets and counts stay below `u32::MAX`.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        // The name mentions are already in text order and never overlap: only the few title
        // references need sorting, then the two lists are merged.
        let mut place: Vec<u32> = vec![0; names.mentions.len()];
        let mut titled: Vec<(u32, u32, u32, u32)> = Vec::new();
        for (e, entity) in entities.iter().enumerate() {
            for (m, mention) in entity.mentions.iter().enumerate() {
                match mention.name_mention.and_then(|i| place.get_mut(i)) {
                    Some(slot) => *slot = narrow(m),
                    None => titled.push((
                        narrow(mention.span.start),
                        narrow(mention.span.end),
                        narrow(e),
                        narrow(m),
                    )),
                }
            }
        }
        titled.sort_unstable();
        let named = entity_of
            .iter()
            .zip(&place)
            .enumerate()
            .filter_map(|(i, (&e, &m))| {
                let mention = entities.get(e)?.mentions.get(m as usize)?;
                (mention.name_mention == Some(i)).then(|| {
                    (
                        narrow(mention.span.start),
                        narrow(mention.span.end),
                        narrow(e),
                        m,
                    )
                })
            });
        let lookup = merge_sorted(named, titled);
        Entities { entities, lookup }
    }

    /// The entity and mention index under a byte offset (ends inclusive, so a cursor right
    /// after a name still finds it).
    pub fn at(&self, offset: usize) -> Option<(usize, usize)> {
        let after = self
            .lookup
            .partition_point(|&(start, ..)| start as usize <= offset);
        let &(_, end, entity, mention) = self.lookup.get(after.checked_sub(1)?)?;
        (offset <= end as usize).then_some((entity as usize, mention as usize))
    }

    /// The entity with this name, if any (exact match).
    pub fn by_name(&self, name: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.name == name)
    }

    /// The entities of one kind, in order of first mention.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }
}

/// Two sorted lists as one sorted list.
fn merge_sorted<T: Ord>(a: impl Iterator<Item = T>, b: Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(a.size_hint().0 + b.len());
    let mut b = b.into_iter().peekable();
    for x in a {
        while let Some(y) = b.next_if(|y| *y < x) {
            out.push(y);
        }
        out.push(x);
    }
    out.extend(b);
    out
}

/// The spellings of the mentions, most frequent first, ties by first use.
fn spellings(text: &str, mentions: &[EntityMention]) -> Vec<SpellingSeen> {
    let mut seen: Vec<SpellingSeen> = Vec::new();
    let mut slot: FxHashMap<&str, usize> = FxHashMap::default();
    // The spelling of the mention before: most mentions repeat it, and need no look-up.
    let mut last: Option<(&str, usize)> = None;
    for mention in mentions {
        if mention.form == MentionForm::Title {
            continue;
        }
        let written = mention.span.text(text);
        let at = match last {
            Some((before, at)) if before == written => at,
            _ => *slot.entry(written).or_insert_with(|| {
                seen.push(SpellingSeen {
                    text: written.to_string(),
                    count: 0,
                    odd: mention.form == MentionForm::Variant,
                });
                seen.len() - 1
            }),
        };
        last = Some((written, at));
        if let Some(s) = seen.get_mut(at) {
            s.count += 1;
        }
    }
    seen.sort_by_key(|s| std::cmp::Reverse(s.count));
    seen
}
