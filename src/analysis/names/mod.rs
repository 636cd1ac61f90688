//! Names in a draft: every mention of a person, place or organisation, the spellings each name
//! is written in, and the groups of spellings that are one name written differently.
//!
//! Built once per draft in one pass over the shared tokens ([`mentions`]), then per distinct
//! spelling (never per token): folding and keys ([`key`]), the embedded word list ([`words`]),
//! the built-in gazetteer ([`mod@gazetteer`]) and grouping ([`groups`]).

pub mod gazetteer;
pub mod groups;
pub mod house;
pub mod key;
pub mod mentions;
pub mod story;
pub mod words;

use super::{Draft, Settings, Span};
use gazetteer::{EntryId, Form, Known, gazetteer};
use hashbrown::HashTable;
use mentions::RawPart;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;

pub use gazetteer::{Entry, Kind};
pub use groups::{Group, Preference};
pub use house::{House, Rules};
pub use story::{Elsewhere, NameSummary, Story, Within};

/// An offset, token or part index of a draft as `u32`: tokens end before 4 GiB (see
/// [`crate::analysis::Token`]), so every value stored in a mention or part fits.
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One mention of a name: `Field Marshal Khalifa Haftar’s` has the name `Khalifa Haftar`, the
/// title `Field Marshal` and the possessive `’s`.
///
/// Offsets are kept as `u32` and read through methods: a long draft has tens of thousands of
/// mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    start: u32,
    end: u32,
    first_token: u32,
    end_token: u32,
    first_part: u32,
    end_part: u32,
    /// Where the possessive ends; `end` when there is none.
    possessive_end: u32,
    /// The titles before the name; empty when there are none.
    title_start: u32,
    title_end: u32,
    /// At the start of a sentence, quotation or clause, or in a heading.
    pub sentence_initial: bool,
    /// The gazetteer entry whose demonym this is (Libyan: Libya).
    pub demonym_of: Option<EntryId>,
    /// The gazetteer entry of the name, its surname, or its demonym.
    pub entry: Option<EntryId>,
    /// The person or organisation of the style sheet it names (by name or alias).
    pub house: Option<House>,
}

impl Mention {
    /// The name, particles included, without title or possessive.
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The tokens of the name (a possessive is inside the last one).
    pub const fn tokens(&self) -> Range<usize> {
        self.first_token as usize..self.end_token as usize
    }

    /// The possessive after the name (`’s`).
    pub const fn possessive(&self) -> Option<Span> {
        if self.possessive_end > self.end {
            Some(Span::new(self.end as usize, self.possessive_end as usize))
        } else {
            None
        }
    }

    /// Titles written before the name (President, Field Marshal, Mr.).
    pub const fn title(&self) -> Option<Span> {
        if self.title_end > self.title_start {
            Some(Span::new(
                self.title_start as usize,
                self.title_end as usize,
            ))
        } else {
            None
        }
    }

    /// Its words, as a range into [`NameIndex::parts`].
    pub const fn parts(&self) -> Range<usize> {
        self.first_part as usize..self.end_part as usize
    }
}

/// One word of a name as written (`Al-Mismari`, `Haftar` with `’s` set apart), with its place
/// in the index. Read the word itself (span, tokens, possessive, whether it opens a sentence)
/// through [`RawPart`], which it derefs to.
///
/// 40 bytes: the 24-byte word and two indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub word: RawPart,
    /// Its spelling, as an index into [`NameIndex::spellings`].
    pub spelling: usize,
    /// Its mention, as an index into [`NameIndex::mentions`].
    pub mention: usize,
}

impl std::ops::Deref for Part {
    type Target = RawPart;

    fn deref(&self) -> &RawPart {
        &self.word
    }
}

/// A distinct way a name word is written in the draft, with every place it is written so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub text: String,
    /// Lower case, without diacritics, apostrophes or hyphens.
    pub folded: String,
    /// The transliteration key.
    pub key: String,
    /// Its occurrences, as indexes into [`NameIndex::parts`], in text order.
    pub parts: Vec<usize>,
    /// What the gazetteer knows it as.
    pub known: Vec<Known>,
    /// Whether its lower-case form is an ordinary English word.
    pub ordinary_word: bool,
    /// The group of spellings it belongs to, if it has look-alikes or a gazetteer correction.
    pub group: Option<usize>,
    /// Whether the style sheet uses it (a preferred spelling, a word of a known name or alias).
    pub house: bool,
    /// Where the story's other drafts write it (only when the draft is analysed in a story).
    pub elsewhere: Vec<Elsewhere>,
}

impl Spelling {
    /// How often the draft, and the other drafts of its story, write it.
    pub fn count(&self) -> usize {
        self.parts.len() + self.elsewhere_count()
    }

    /// How often the story's other drafts write it.
    pub fn elsewhere_count(&self) -> usize {
        self.elsewhere.iter().map(|e| e.count).sum()
    }
}

/// Every name in a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameIndex {
    pub mentions: Vec<Mention>,
    pub parts: Vec<Part>,
    pub spellings: Vec<Spelling>,
    pub groups: Vec<Group>,
}

impl NameIndex {
    /// Finds the names of a draft and groups their spellings, without a style sheet or story.
    pub fn build(draft: &Draft) -> NameIndex {
        NameIndex::build_with(draft, &Rules::default(), None)
    }

    /// Finds the names of a draft and groups their spellings, following the style sheet's
    /// `rules` and, when given, with the look-alike spellings of the other drafts of its story.
    pub fn build_with(draft: &Draft, rules: &Rules, within: Option<Within>) -> NameIndex {
        NameIndex::build_from(draft, Cow::Owned(mentions::scan(draft)), rules, within)
    }

    /// Like [`NameIndex::build_with`], from the draft's mentions as [`mentions::scan`] finds
    /// them (or as the incremental analysis keeps them). Mentions given owned are freed before
    /// the spellings are grouped.
    pub fn build_from(
        draft: &Draft,
        raw: Cow<'_, mentions::RawMentions>,
        rules: &Rules,
        within: Option<Within>,
    ) -> NameIndex {
        let text = draft.text;
        let gazetteer = gazetteer();

        // Each word of `raw` numbered by its distinct spelling, in order, with what is known
        // about each distinct spelling worked out the first time it is written.
        // A name is written several times on average: room for one spelling in eight words.
        let mut distinct = Distinct::with_capacity(raw.parts.len() / 8);
        let mut part_info: Vec<u32> = Vec::with_capacity(raw.parts.len());
        for mention in &raw.mentions {
            for part in raw.parts_of(mention) {
                let id = distinct.id_of(text, part.span(), rules);
                if let Some((_, i)) = distinct.seen.get_mut(id as usize) {
                    i.mid_sentence |= !part.initial;
                    i.uses += 1;
                }
                part_info.push(id);
            }
        }
        let Distinct {
            seen: mut info,
            folds,
            ..
        } = distinct;
        let folded_of = |i: &Info| folds.get(i.folded.clone()).unwrap_or("");
        // Whether a word only written at the start of sentences is a slip of a known name: the
        // only words for which it matters.
        for (_, i) in &mut info {
            if !i.mid_sentence && !i.known && !i.word {
                let folded = folded_of(i);
                i.near_known = key::letters(folded) >= 5 && !gazetteer.near(folded).is_empty();
            }
        }

        // A slip at the start of a sentence: a look-alike of a name written mid-sentence.
        let unsure: Vec<usize> = (0..info.len())
            .filter(|&id| {
                let i = &info[id].1;
                !i.mid_sentence && !i.known && !i.word && !i.near_known
            })
            .collect();
        if !unsure.is_empty() {
            let mid: Vec<usize> = (0..info.len())
                .filter(|&id| info[id].1.mid_sentence)
                .collect();
            let folded = |id: usize| info.get(id).map_or("", |(_, i)| folded_of(i));
            for id in look_alikes_of(&unsure, &mid, folded) {
                info[id].1.mid_sentence = true;
            }
        }

        let mut index = NameIndex::default();
        index.mentions.reserve(raw.mentions.len());
        index.parts.reserve(part_info.len());
        // The spelling of each distinct written word, once one of its places is kept.
        let mut spelling_of: Vec<Option<usize>> = vec![None; info.len()];
        // What a name of several words is known as, by its text and number of words: computed once
        // per distinct name.
        let mut whole_names: FxHashMap<(&str, usize), WholeName> = FxHashMap::default();
        // What each spelling is known as when it is a one-word name, shared by its mentions.
        let mut one_word: Vec<Option<WholeName>> = Vec::new();
        let mut folded = String::new();
        let mut next_part = 0;
        for mention in &raw.mentions {
            let mention_parts = raw.parts_of(mention);
            let several = mention_parts.len() > 1;
            let first_info = next_part;
            next_part += mention_parts.len();
            let infos = part_info.get(first_info..next_part).unwrap_or(&[]);
            // Whether the mention keeps its `n`th word, asked once a word but for the first
            // dropped after a run.
            let keeps = |n: usize| {
                let (Some(part), Some((_, i))) = (
                    mention_parts.get(n),
                    infos.get(n).and_then(|&id| info.get(id as usize)),
                ) else {
                    return false;
                };
                // Bits and no short cuts: whether a word opens its sentence, and what is known
                // about it, follow no pattern a predictor could learn.
                let before_name = several & (n + 1 < mention_parts.len());
                !i.not_name
                    & (!part.initial
                        | i.mid_sentence
                        | i.known
                        | (!i.word & (several | i.near_known))
                        | (before_name & !i.clause_word))
            };
            // Consecutive kept words form a mention; a dropped word splits it.
            let mut n = 0;
            while n < mention_parts.len() {
                if !keeps(n) {
                    n += 1;
                    continue;
                }
                let run_start = n;
                n += 1;
                while n < mention_parts.len() && keeps(n) {
                    n += 1;
                }
                let parts = &mention_parts[run_start..n];
                let whole = run_start == 0 && n == mention_parts.len();
                let (span, tokens) = if whole {
                    (mention.span(), mention.tokens())
                } else {
                    let first = &parts[0];
                    let last = &parts[parts.len() - 1];
                    (
                        Span::new(first.span().start, last.span().end),
                        first.tokens().start..last.tokens().end,
                    )
                };
                let mention_id = index.mentions.len();
                let first_part = index.parts.len();
                for (part, &id) in parts.iter().zip(infos.get(run_start..n).unwrap_or(&[])) {
                    let id = id as usize;
                    let Some((surface, i)) = info.get(id) else {
                        continue;
                    };
                    let spelling = match spelling_of[id] {
                        Some(spelling) => spelling,
                        None => {
                            let folded = folded_of(i).to_string();
                            let known: Vec<Known> = gazetteer.exact(&folded).collect();
                            index.spellings.push(Spelling {
                                text: surface.to_string(),
                                key: key::key(&folded),
                                ordinary_word: i.word,
                                folded,
                                // Its uses, of which nearly all are kept.
                                parts: Vec::with_capacity(i.uses),
                                known,
                                group: None,
                                house: rules.is_house_word(surface),
                                elsewhere: Vec::new(),
                            });
                            spelling_of[id] = Some(index.spellings.len() - 1);
                            one_word.push(None);
                            index.spellings.len() - 1
                        }
                    };
                    index.spellings[spelling].parts.push(index.parts.len());
                    index.parts.push(Part {
                        word: *part,
                        spelling,
                        mention: mention_id,
                    });
                }
                let possessive = parts.last().and_then(RawPart::possessive);
                let first_spelling_id = index.parts[first_part].spelling;
                let first_spelling = &index.spellings[first_spelling_id];
                let name = if parts.len() == 1 && parts[0].span() == span {
                    // One word and nothing else: the name is its spelling.
                    let of_spelling = || {
                        WholeName::of_known(
                            &first_spelling.known,
                            rules.entity(&first_spelling.folded),
                        )
                    };
                    match one_word.get_mut(first_spelling_id) {
                        Some(name) => *name.get_or_insert_with(of_spelling),
                        None => of_spelling(),
                    }
                } else {
                    let surface = span.text(text);
                    match whole_names.get(&(surface, parts.len())) {
                        Some(&name) => name,
                        None => {
                            key::fold_into(surface, &mut folded);
                            let mut known = gazetteer.exact(&folded).collect::<Vec<_>>();
                            if known.is_empty() && parts.len() == 1 {
                                known.clone_from(&first_spelling.known);
                            }
                            let name = WholeName::of_known(&known, rules.entity(&folded));
                            whole_names.insert((surface, parts.len()), name);
                            name
                        }
                    }
                };
                let title = if run_start == 0 {
                    mention.title().unwrap_or_default()
                } else {
                    Span::default()
                };
                index.mentions.push(Mention {
                    start: narrow(span.start),
                    end: narrow(span.end),
                    first_token: narrow(tokens.start),
                    end_token: narrow(tokens.end),
                    first_part: narrow(first_part),
                    end_part: narrow(index.parts.len()),
                    possessive_end: narrow(possessive.map_or(span.end, |p| p.end)),
                    title_start: narrow(title.start),
                    title_end: narrow(title.end),
                    sentence_initial: parts[0].initial,
                    demonym_of: name.demonym_of,
                    entry: name.entry,
                    house: name.house,
                });
            }
        }
        // The working lists go before grouping, which needs memory of its own.
        drop((
            raw,
            info,
            part_info,
            spelling_of,
            whole_names,
            one_word,
            folds,
        ));
        if let Some(within) = within {
            story::attach(&mut index, within, rules);
        }
        groups::group(&mut index, rules, text);
        index
    }

    /// The gazetteer entry with this id.
    pub fn entry(&self, id: EntryId) -> Option<&'static Entry> {
        gazetteer().entry(id)
    }

    /// The mention that covers a byte offset.
    pub fn mention_at(&self, offset: usize) -> Option<&Mention> {
        let at = self.mentions.partition_point(|m| m.span().end <= offset);
        self.mentions.get(at).filter(|m| m.span().contains(offset))
    }

    /// The words of a mention.
    pub fn parts_of(&self, mention: &Mention) -> &[Part] {
        self.parts.get(mention.parts().clone()).unwrap_or(&[])
    }
}

/// What the whole name of a mention is known as.
#[derive(Clone, Copy)]
struct WholeName {
    demonym_of: Option<EntryId>,
    entry: Option<EntryId>,
    house: Option<House>,
}

impl WholeName {
    fn of_known(known: &[Known], house: Option<House>) -> WholeName {
        WholeName {
            demonym_of: known
                .iter()
                .find(|k| k.form == Form::Demonym)
                .map(|k| k.entry),
            entry: known.first().map(|k| k.entry),
            house,
        }
    }
}

/// The distinct spellings of the words of a draft's names, each folded and looked up once.
///
/// A word of a mention costs a hash of its [`Shape`] and a comparison of shapes, which for a
/// word of sixteen bytes or fewer (nearly all) is a comparison of its bytes; what is known about
/// a spelling ([`Info`]) is worked out the first time it is written, and its folded form is kept
/// for the rest of the build, so no word is folded twice.
struct Distinct<'t> {
    /// The shape and number of each distinct spelling (an index into `seen`), filed by the hash
    /// of its shape.
    table: HashTable<Filed>,
    /// Each distinct spelling as written, in order of first use, with what is known about it.
    seen: Vec<(&'t str, Info)>,
    /// The folded forms of the distinct spellings, one after the other (see [`Info::folded`]).
    folds: String,
}

impl<'t> Distinct<'t> {
    fn with_capacity(n: usize) -> Distinct<'t> {
        Distinct {
            table: HashTable::with_capacity(n),
            seen: Vec::with_capacity(n),
            folds: String::with_capacity(n * 8),
        }
    }

    /// The number of the spelling written at `span` of `text` (a name word, which starts and
    /// ends at character boundaries), filed with what is known about it when it is new.
    fn id_of(&mut self, text: &'t str, span: Span, rules: &Rules) -> u32 {
        // Taken as text, which costs a check of its two ends rather than of every byte.
        let surface = text.get(span.start..span.end).unwrap_or("");
        let written = surface.as_bytes();
        let shape = Shape::at(text.as_bytes(), span.start, written.len());
        let hash = shape.hash();
        let seen = &self.seen;
        let found = self.table.find(hash, |filed| {
            filed.shape() == shape
                && (shape.whole()
                    || seen
                        .get(filed.id as usize)
                        .is_some_and(|(s, _)| s.as_bytes() == written))
        });
        if let Some(filed) = found {
            return filed.id;
        }
        let id = narrow(self.seen.len());
        self.seen
            .push((surface, Info::of(surface, rules, &mut self.folds)));
        let filed = Filed {
            head: shape.head,
            tail: shape.tail,
            len: shape.len,
            id,
        };
        self.table
            .insert_unique(hash, filed, |filed| filed.shape().hash());
        id
    }
}

/// A name word's length and its first and last eight bytes (for a shorter word, its bytes in
/// both, the rest zero): read in two loads, and for a word of sixteen bytes or fewer every byte
/// of it, so that two such words are equal when their shapes are.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Shape {
    head: u64,
    tail: u64,
    /// The length, as `u32` like every offset of a mention (see [`narrow`]).
    len: u32,
}

/// A distinct spelling in [`Distinct::table`]: its shape and its number, in 24 bytes (a
/// [`Shape`] and a number side by side would take 32).
struct Filed {
    head: u64,
    tail: u64,
    len: u32,
    id: u32,
}

impl Filed {
    const fn shape(&self) -> Shape {
        Shape {
            head: self.head,
            tail: self.tail,
            len: self.len,
        }
    }
}

/// The low `n` bytes of a `u64` set, by `n` from 0 to 8.
const LOW_BYTES: [u64; 9] = {
    let mut masks = [0; 9];
    let mut n = 1;
    while n < 9 {
        masks[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    masks
};

impl Shape {
    /// The shape of the `len` bytes of `text` from `start`. Nearly every word has eight bytes
    /// of text on either side of its start and end: the two loads are made whatever the
    /// word's length, and the bytes outside the word masked off by a table look-up, so that
    /// no branch depends on the length.
    fn at(text: &[u8], start: usize, len: usize) -> Shape {
        let end = start + len;
        let eight = |at: usize| {
            text.get(at..)
                .and_then(<[u8]>::first_chunk)
                .map(|b| u64::from_le_bytes(*b))
        };
        // `len.min(8)` without a select, which the compiler would make a branch.
        let short = len - usize::from(len > 8) * len.wrapping_sub(8);
        let mask = LOW_BYTES[short];
        let (head, tail) = match (eight(start), end.checked_sub(8).and_then(eight)) {
            // The last eight bytes before `end`, shifted down so that those of the word come
            // first.
            (Some(head), Some(tail)) => {
                (head & mask, (tail >> (8 * (8 - short) as u32 % 64)) & mask)
            }
            _ => {
                let written = text.get(start..end).unwrap_or(&[]);
                let mut head = 0;
                for (i, &b) in written.iter().take(8).enumerate() {
                    head |= u64::from(b) << (8 * i);
                }
                let mut tail = 0;
                for (i, &b) in written.iter().skip(len - short).enumerate() {
                    tail |= u64::from(b) << (8 * i);
                }
                (head, tail)
            }
        };
        Shape {
            head,
            tail,
            len: narrow(len),
        }
    }

    /// Whether the shape holds every byte of its word.
    const fn whole(self) -> bool {
        self.len <= 16
    }

    fn hash(self) -> u64 {
        FxBuildHasher.hash_one((self.head, self.tail, self.len))
    }
}

/// The spellings of `unsure` that look like one of `mid` (see [`key::LookAlikes`]), given the
/// folded form of each spelling by number.
///
/// Looking alike is symmetric and needs four letters or more on both sides. When one of the
/// two lists is short (in a long draft, the words only written at the start of sentences are a
/// few), every pair is tried, on letter counts and keys first; otherwise the fewer of the two
/// kinds are filed by hash and the others look them up.
fn look_alikes_of<'a>(
    unsure: &[usize],
    mid: &[usize],
    folded: impl Fn(usize) -> &'a str,
) -> Vec<usize> {
    if unsure.len().saturating_mul(mid.len()) <= PAIRWISE * (unsure.len() + mid.len()) {
        // Each spelling of four letters or more, with its letters and where its key is in
        // `keys`, where the keys are written one after the other.
        let mut keys = String::new();
        let mut forms = |ids: &[usize]| -> Vec<(usize, &'a str, usize, Range<usize>)> {
            ids.iter()
                .filter_map(|&id| {
                    let f = folded(id);
                    let letters = key::letters(f);
                    (letters >= 4).then(|| {
                        let start = keys.len();
                        key::key_into(f, &mut keys);
                        (id, f, letters, start..keys.len())
                    })
                })
                .collect()
        };
        let unsure = forms(unsure);
        let mid = forms(mid);
        let with_key = |forms: Vec<(usize, &'a str, usize, Range<usize>)>| {
            forms
                .into_iter()
                .map(|(id, f, letters, k)| (id, f, letters, keys.get(k).unwrap_or("")))
                .collect::<Vec<_>>()
        };
        let (unsure, mid) = (with_key(unsure), with_key(mid));
        // Letter counts and key lengths first: they rule out nearly every pair.
        return unsure
            .iter()
            .filter(|&&(_, uf, ul, uk)| {
                mid.iter().any(|&(_, mf, ml, mk)| {
                    (uk.len() == mk.len() && uk == mk)
                        || (ul.abs_diff(ml) <= 1 && ul.max(ml) >= 5 && key::within_edits(uf, mf, 1))
                })
            })
            .map(|&(id, ..)| id)
            .collect();
    }
    // The fewer of the two kinds are stored, the others look them up.
    let probe_unsure = unsure.len() > mid.len();
    let (stored, probes) = if probe_unsure {
        (mid, unsure)
    } else {
        (unsure, mid)
    };
    let mut alikes = key::LookAlikes::default();
    // The stored number of each spelling that is stored, as an index into `stored`.
    let mut kept = Vec::with_capacity(stored.len());
    for (n, &id) in stored.iter().enumerate() {
        if alikes.insert(folded(id)) {
            kept.push(n);
        }
    }
    let mut found = Vec::new();
    for &probe in probes {
        alikes.look_alikes(folded(probe), |n| {
            if probe_unsure {
                found.push(probe);
            } else if let Some(&id) = kept.get(n).and_then(|&k| stored.get(k)) {
                found.push(id);
            }
            // An unsure spelling that looks like one stored is done with.
            probe_unsure
        });
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Up to how many pairs per spelling [`look_alikes_of`] tries every pair instead of hashing: a
/// pair costs a few comparisons, a hashed spelling a dozen hashes and lookups.
const PAIRWISE: usize = 64;

/// What decides whether a capitalised word at the start of a sentence is a name.
struct Info {
    /// Its folded form, as a range of [`Distinct::folds`].
    folded: Range<usize>,
    /// How often it is written.
    uses: usize,
    /// Written capitalised somewhere that is not the start of a sentence.
    mid_sentence: bool,
    known: bool,
    /// Within one edit of a gazetteer spelling (a slip of a known name); worked out only for a
    /// word never written mid-sentence that is neither known nor an ordinary word, the only
    /// words for which it matters.
    near_known: bool,
    word: bool,
    /// A word that opens clauses (The, After, When).
    clause_word: bool,
    /// A word the style sheet says is never a name.
    not_name: bool,
}

impl Info {
    /// What is known about a spelling, its folded form appended to `folds`.
    fn of(spelling: &str, rules: &Rules, folds: &mut String) -> Info {
        let start = folds.len();
        key::with_folded(spelling, |folded| folds.push_str(folded));
        let folded = folds.get(start..).unwrap_or("");
        let gazetteer = gazetteer();
        Info {
            folded: start..folds.len(),
            uses: 0,
            clause_word: mentions::is_clause_word(folded),
            mid_sentence: false,
            known: gazetteer.exact(folded).next().is_some(),
            near_known: false,
            word: words::is_word(folded),
            not_name: rules.is_not_name(folded),
        }
    }
}

/// The name index of a draft under a style sheet's settings, and optionally within a story.
pub fn index_with(draft: &Draft, settings: &Settings, within: Option<Within>) -> NameIndex {
    NameIndex::build_with(draft, &Rules::new(settings), within)
}

/// Like [`index_with`], from the draft's mentions already found.
pub fn index_from(
    draft: &Draft,
    raw: Cow<'_, mentions::RawMentions>,
    settings: &Settings,
    within: Option<Within>,
) -> NameIndex {
    NameIndex::build_from(draft, raw, &Rules::new(settings), within)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Format;

    fn index(text: &str) -> NameIndex {
        NameIndex::build(&Draft::new(text, Format::PlainText))
    }

    fn mention_texts(text: &str) -> Vec<&str> {
        index(text)
            .mentions
            .iter()
            .map(|m| m.span().text(text))
            .collect()
    }

    #[test]
    fn sentence_initial_words_need_support() {
        assert_eq!(
            mention_texts("The army left. Although Haftar came, Moscow waited."),
            vec!["Haftar", "Moscow"]
        );
        // Known from the gazetteer, or written capitalised mid-sentence elsewhere.
        assert_eq!(
            mention_texts("Semenov spoke. Russia agreed. We asked Semenov."),
            vec!["Semenov", "Russia", "Semenov"]
        );
        assert_eq!(mention_texts("Semenov spoke."), Vec::<&str>::new());
    }

    #[test]
    fn demonyms_point_to_their_country() {
        let text = "the Libyan army";
        let idx = index(text);
        let libya = idx.mentions[0].demonym_of.and_then(|e| idx.entry(e));
        assert_eq!(libya.map(|e| e.name), Some("Libya"));
    }

    /// The shape of a word, read inside a longer text and alone.
    fn shape(word: &str) -> Shape {
        let padded = format!("12345678{word}12345678");
        let inside = Shape::at(padded.as_bytes(), 8, word.len());
        let alone = Shape::at(word.as_bytes(), 0, word.len());
        assert!(inside == alone, "{word}");
        inside
    }

    #[test]
    fn short_words_are_equal_when_their_shapes_are() {
        let words = [
            "",
            "I",
            "O",
            "Io",
            "Oi",
            "Ada",
            "Aad",
            "Jane",
            "Jade",
            "Darcy",
            "Darcys",
            "Bennet",
            "Bennets",
            "Lucas",
            "Lucases",
            "Fitzwilliam",
            "Fitzwilliams",
            "Lady-Catherines",
            "Lady-Catherine-s",
        ];
        for a in words {
            for b in words {
                let (sa, sb) = (shape(a), shape(b));
                assert!(sa.whole());
                assert_eq!(sa == sb, a == b, "{a} {b}");
            }
        }
    }

    #[test]
    fn mentions_are_found_by_offset() {
        let text = "We met Khalifa Haftar today.";
        let idx = index(text);
        assert_eq!(
            idx.mention_at(10).map(|m| m.span().text(text)),
            Some("Khalifa Haftar")
        );
        assert!(idx.mention_at(2).is_none());
    }
}
