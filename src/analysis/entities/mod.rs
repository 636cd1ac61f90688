//! Entities: the people, places and organisations a draft names, each with every mention, its
//! kind, the description the draft gives, its first full reference and the quotes credited to it.
//!
//! Built on the name index in a few linear passes: name mentions are joined into entities
//! (`join`), title-only references such as "the field marshal" are added where exactly one
//! person carries the title (`titles`), each entity gets a kind (`kind`) and a description
//! (`describe`), and each credited quote is linked through its speaker's name.

mod describe;
mod house;
mod join;
mod kind;
mod titles;

#[cfg(test)]
mod tests;

use super::attribution::Attribution;
use super::names::{NameIndex, Part};
use super::quotes::Quote;
use super::{Draft, Settings, Span, slots};
use join::Key;

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

/// One place the draft refers to an entity. 16 bytes, offsets as `u32` like the name index's:
/// a long draft has tens of thousands of mentions, and the name index already keeps its
/// offsets and counts below `u32::MAX` (a draft is at most 64 MiB on the command line and 5 MiB
/// in the editor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityMention {
    start: u32,
    end: u32,
    /// The mention in [`NameIndex::mentions`], [`NO_NAME`] for a title reference.
    name_mention: u32,
    pub form: MentionForm,
}

/// The `name_mention` of a title reference.
const NO_NAME: u32 = u32::MAX;

impl EntityMention {
    /// The whole mention, titles and possessive excluded (for a title reference: the title).
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The mention in [`NameIndex::mentions`], `None` for a title reference.
    pub fn name_mention(&self) -> Option<usize> {
        (self.name_mention != NO_NAME).then_some(self.name_mention as usize)
    }

    /// The name words inside it (`Kirill`, `Semenov`), what a rename replaces; empty for a
    /// title reference. Read from the name index, not kept: the words of its name mention from
    /// the mention's start on (the words before it, titles and forms of address, are set
    /// aside).
    pub fn parts<'n>(&self, names: &'n NameIndex) -> &'n [Part] {
        let Some(m) = self.name_mention().and_then(|i| names.mentions.get(i)) else {
            return &[];
        };
        let parts = names.parts_of(m);
        let from = parts.partition_point(|p| p.span().start < self.start as usize);
        parts.get(from..).unwrap_or(&[])
    }
}

/// An offset or count as `u32`, saturating: drafts are far smaller (see [`EntityMention`]).
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    /// Its mentions, in text order, never empty: a range of the one list of mentions of the
    /// draft, read through [`Entities::mentions`].
    mentions: std::ops::Range<u32>,
    /// Index among its mentions of the first full reference (the definition target); the first
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

/// The entities of a draft, in order of their first mention, their mentions in one list, and a
/// lookup by offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    pub entities: Vec<Entity>,
    /// Every mention, entity after entity, each entity's in text order: one list rather than
    /// one per entity, as a long draft has tens of thousands.
    mentions: Vec<EntityMention>,
    /// Indexes into `mentions`, sorted by start.
    by_start: Vec<u32>,
}

/// No entity yet for a key.
const NO_ENTITY: u32 = u32::MAX;

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

        let groups = Groups::of(&joined);
        let keys = &groups.keys;
        let speakers = describe::speaker_mentions(names, attributions);
        let mut entities: Vec<Entity> = Vec::with_capacity(keys.len());
        for (id, &key) in keys.iter().enumerate() {
            let list = groups.members_of(id);
            let kind = kind::kind_of(key, &house, names, || {
                kind::Evidence::gather(draft, names, &joined, list, &speakers)
            });
            let mut entity = Entity {
                name: join::display_name(text, key, names, &joined, &house, list),
                kind,
                description: None,
                description_span: None,
                mentions: 0..0,
                first_full: 0,
                named_in_full: false,
                spellings: Vec::new(),
                quotes: Vec::new(),
                place: None,
                house_description: None,
                note: None,
            };
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

        let mut titles = titles::title_references(draft, names, &groups.entity_of, &entities);
        // Entity by entity, each's in text order (the sort is stable).
        titles.sort_by_key(|&(e, _)| e);

        for (q, attribution) in attributions.iter().enumerate().take(quotes.len()) {
            if let Some(mention) = describe::speaker_mention(names, attribution)
                && let Some(entity) = groups
                    .entity_of
                    .get(mention)
                    .and_then(|&e| entities.get_mut(e as usize))
            {
                entity.quotes.push(q);
            }
        }

        // The mentions, entity after entity: each's name mentions with its title references
        // merged in by start (a name mention first on a tie). `place`: for each name mention, its
        // place in the list (reusing the entity numbers, no longer needed).
        let Groups {
            keys,
            entity_of: mut place,
            first,
            members,
        } = groups;
        let members_of = |id: usize| Groups::range(&first, &members, id);
        let mut mentions: Vec<EntityMention> = Vec::with_capacity(members.len() + titles.len());
        let mut titled: Vec<u32> = Vec::with_capacity(titles.len());
        // How many name words each mention of the entity being filled has.
        let mut words: Vec<u32> = Vec::new();
        let mut titles = titles.into_iter().peekable();
        let mut shapes = Vec::new();
        for (id, entity) in entities.iter_mut().enumerate() {
            let from = mentions.len();
            words.clear();
            let mut title_before = |before: usize,
                                    mentions: &mut Vec<EntityMention>,
                                    words: &mut Vec<u32>| {
                while let Some((_, span)) = titles.next_if(|&(e, t)| e == id && t.start < before) {
                    titled.push(narrow(mentions.len()));
                    words.push(0);
                    mentions.push(EntityMention {
                        start: narrow(span.start),
                        end: narrow(span.end),
                        name_mention: NO_NAME,
                        form: MentionForm::Title,
                    });
                }
            };
            for &i in members_of(id) {
                let i = i as usize;
                let (Some(m), Some(&(_, form))) = (names.mentions.get(i), joined.of.get(i)) else {
                    continue;
                };
                let (_, parts) = joined.split(names, i);
                let span = join::name_span(m, parts);
                title_before(span.start, &mut mentions, &mut words);
                if let Some(slot) = place.get_mut(i) {
                    *slot = narrow(mentions.len());
                }
                words.push(narrow(parts.len()));
                mentions.push(EntityMention {
                    start: narrow(span.start),
                    end: narrow(span.end),
                    name_mention: narrow(i),
                    form,
                });
            }
            title_before(usize::MAX, &mut mentions, &mut words);
            let own = mentions.get_mut(from..).unwrap_or(&mut []);
            if let Some(key) = keys.get(id) {
                join::settle_forms(entity, own, &words, key);
            }
            entity.first_full = own
                .iter()
                .position(|m| m.form == MentionForm::Full)
                .unwrap_or(0);
            entity.named_in_full = own.iter().any(|m| m.form == MentionForm::Full);
            entity.spellings = spellings(text, own, &mut shapes);
            entity.mentions = narrow(from)..narrow(mentions.len());
        }
        drop(keys);
        drop((joined, members, first));

        let by_start = by_start(&mentions, place, titled);
        Entities {
            entities,
            mentions,
            by_start,
        }
    }

    /// The mentions of an entity of this index, in text order.
    pub fn mentions(&self, entity: &Entity) -> &[EntityMention] {
        let range = entity.mentions.start as usize..entity.mentions.end as usize;
        self.mentions.get(range).unwrap_or(&[])
    }

    /// The first full reference of an entity of this index (or its first mention when there is
    /// none).
    pub fn first_full_mention(&self, entity: &Entity) -> Option<&EntityMention> {
        self.mentions(entity).get(entity.first_full)
    }

    /// The entity and mention index (among the entity's mentions) under a byte offset (ends
    /// inclusive, so a cursor right after a name still finds it).
    pub fn at(&self, offset: usize) -> Option<(usize, usize)> {
        let after = self.by_start.partition_point(|&k| {
            self.mentions
                .get(k as usize)
                .is_some_and(|m| m.start as usize <= offset)
        });
        let k = *self.by_start.get(after.checked_sub(1)?)? as usize;
        if offset > self.mentions.get(k)?.end as usize {
            return None;
        }
        let e = self
            .entities
            .partition_point(|e| e.mentions.start as usize <= k)
            .checked_sub(1)?;
        Some((e, k - self.entities.get(e)?.mentions.start as usize))
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

/// Indexes into `mentions` sorted by start, from `place` (each name mention's place, in text
/// order) and `titled` (the places of the title references). The name mentions are already in
/// text order and never overlap: only the few title references need sorting, then the two lists
/// are merged.
fn by_start(mentions: &[EntityMention], place: Vec<u32>, mut titled: Vec<u32>) -> Vec<u32> {
    let key = |k: u32| {
        mentions
            .get(k as usize)
            .map_or((u32::MAX, u32::MAX, k), |m| (m.start, m.end, k))
    };
    titled.sort_unstable_by_key(|&k| key(k));
    let mut by_start: Vec<u32> = Vec::with_capacity(place.len() + titled.len());
    let mut titled = titled.into_iter().peekable();
    for (i, k) in place.into_iter().enumerate() {
        if mentions
            .get(k as usize)
            .is_none_or(|m| m.name_mention() != Some(i))
        {
            continue;
        }
        while let Some(t) = titled.next_if(|&t| key(t) < key(k)) {
            by_start.push(t);
        }
        by_start.push(k);
    }
    by_start.extend(titled);
    by_start
}

/// The name mentions grouped by entity: each key of the join is an entity, numbered in order
/// of first mention. Numbers and indexes are `u32`, as the name index counts its mentions.
struct Groups<'j> {
    /// Each entity's key.
    keys: Vec<&'j Key>,
    /// Each name mention's entity.
    entity_of: Vec<u32>,
    /// Where each entity's name mentions start in `members`, and one more for the end.
    first: Vec<u32>,
    /// The name mentions, entity after entity, each entity's in text order.
    members: Vec<u32>,
}

impl<'j> Groups<'j> {
    fn of(joined: &'j join::Joined) -> Groups<'j> {
        let mut entity_of_key: Vec<u32> = vec![NO_ENTITY; joined.keys.len()];
        let mut keys: Vec<&Key> = Vec::new();
        let mut entity_of: Vec<u32> = Vec::with_capacity(joined.of.len());
        // How many name mentions each entity has, then where its own start.
        let mut first: Vec<u32> = Vec::new();
        for &(key, _) in &joined.of {
            let key = key as usize;
            let id = match entity_of_key.get(key) {
                Some(&id) if id != NO_ENTITY => id,
                _ => {
                    let id = narrow(keys.len());
                    keys.push(&joined.keys[key]);
                    first.push(0);
                    if let Some(slot) = entity_of_key.get_mut(key) {
                        *slot = id;
                    }
                    id
                }
            };
            if let Some(count) = first.get_mut(id as usize) {
                *count += 1;
            }
            entity_of.push(id);
        }
        let mut at = 0;
        for slot in &mut first {
            let count = *slot;
            *slot = at;
            at += count;
        }
        first.push(at);
        let mut members: Vec<u32> = vec![0; entity_of.len()];
        let mut next = first.clone();
        for (i, &id) in entity_of.iter().enumerate() {
            if let Some(n) = next.get_mut(id as usize) {
                if let Some(slot) = members.get_mut(*n as usize) {
                    *slot = narrow(i);
                }
                *n += 1;
            }
        }
        Groups {
            keys,
            entity_of,
            first,
            members,
        }
    }

    /// The name mentions of entity `id`.
    fn members_of(&self, id: usize) -> &[u32] {
        Groups::range(&self.first, &self.members, id)
    }

    /// The name mentions of entity `id`, from the two lists.
    fn range<'a>(first: &[u32], members: &'a [u32], id: usize) -> &'a [u32] {
        let (Some(&from), Some(&to)) = (first.get(id), first.get(id + 1)) else {
            return &[];
        };
        members.get(from as usize..to as usize).unwrap_or(&[])
    }
}

/// The spellings of the mentions, most frequent first, ties by first use. `shapes` is scratch
/// room, kept between entities.
fn spellings(
    text: &str,
    mentions: &[EntityMention],
    shapes: &mut Vec<(u128, usize)>,
) -> Vec<SpellingSeen> {
    let mut seen: Vec<SpellingSeen> = Vec::new();
    // By spelling seen: its first 16 bytes and its length, so that a spelling that short (nearly
    // all) is compared as two numbers, not as strings. A longer one never matches a short one
    // (its length tells them apart) and is compared as a string.
    shapes.clear();
    // The spelling of the mention before and its place: most mentions repeat it, and need no
    // look-up. An entity is written a handful of ways: the others are found by reading the few
    // seen, with no branch on which one it is.
    let mut last: Option<((u128, usize), usize)> = None;
    for mention in mentions {
        if mention.form == MentionForm::Title {
            continue;
        }
        let span = mention.span();
        let written = span.text(text);
        let shape = (packed(text.as_bytes(), span), written.len());
        let at = match last {
            Some((before, at)) if written.len() <= 16 && before == shape => Some(at),
            _ if written.len() <= 16 => {
                // One more than the place of the spelling among those seen; 0 when it is new.
                let mut found = 0;
                for (k, &s) in shapes.iter().enumerate() {
                    found |= usize::from((s.0 == shape.0) & (s.1 == shape.1)) * (k + 1);
                }
                found.checked_sub(1)
            }
            _ => seen.iter().position(|s| s.text == written),
        };
        let at = at.unwrap_or_else(|| {
            seen.push(SpellingSeen {
                text: written.to_string(),
                count: 0,
                odd: mention.form == MentionForm::Variant,
            });
            shapes.push(shape);
            seen.len() - 1
        });
        last = Some((shape, at));
        if let Some(s) = seen.get_mut(at) {
            s.count += 1;
        }
    }
    seen.sort_by_key(|s| std::cmp::Reverse(s.count));
    seen
}

/// The first 16 bytes of a span of `bytes`, fewer when it is shorter, as a little-endian
/// number (the bytes past the span count as zero).
fn packed(bytes: &[u8], span: Span) -> u128 {
    let len = span.end.saturating_sub(span.start).min(16);
    let keep = u128::MAX.checked_shr(8 * (16 - len) as u32).unwrap_or(0);
    let sixteen = slots::bytes_at::<16>(bytes, span.start);
    u128::from_le_bytes(sixteen) & keep
}
