//! Story folders: the names of several drafts read as one body.
//!
//! A front end summarises each draft once ([`NameSummary::of`], the spellings and where they
//! are), keeps the summaries, and assembles them into a [`Story`] when one changes. Analysing a
//! draft then takes the story ([`Within`]): only the spellings of other drafts that look like one
//! of the draft's own are attached to its index, so a keystroke costs a few hash probes, never a
//! pass over the folder. Drafts are numbered by the front end ([`DocId`]); related information
//! that points into another draft carries that number, and the front end resolves it to a file.

use super::gazetteer::gazetteer;
use super::groups::bucket_keys;
use super::house::Rules;
use super::{NameIndex, Spelling, words};
use crate::analysis::{DocId, Span};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// At most this many places are kept per spelling: enough for related information.
const MAX_PLACES: usize = 20;

/// The names of one draft, as the rest of its story sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameSummary {
    pub spellings: Vec<Summarised>,
}

/// One spelling of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summarised {
    pub text: String,
    pub folded: String,
    pub key: String,
    /// How often the draft writes it.
    pub count: usize,
    /// The first places it is written, byte spans of that draft.
    pub places: Vec<Span>,
    /// The other name words written with it (folded), as in `Sergei` for `Shoigu`.
    pub companions: Vec<String>,
    /// How often it is written as part of a name of several words.
    pub in_full_names: usize,
}

impl NameSummary {
    /// Summarises the names of a draft from its index.
    pub fn of(index: &NameIndex) -> NameSummary {
        let mut companions: Vec<Vec<String>> = vec![Vec::new(); index.spellings.len()];
        let mut in_full_names = vec![0; index.spellings.len()];
        for mention in &index.mentions {
            let parts = index.parts_of(mention);
            if parts.len() < 2 {
                continue;
            }
            for a in parts {
                in_full_names[a.spelling] += 1;
                for b in parts.iter().filter(|b| b.spelling != a.spelling) {
                    let folded = &index.spellings[b.spelling].folded;
                    if !companions[a.spelling].contains(folded) {
                        companions[a.spelling].push(folded.clone());
                    }
                }
            }
        }
        let spellings = index
            .spellings
            .iter()
            .zip(companions)
            .zip(in_full_names)
            .filter(|((s, _), _)| !s.parts.is_empty())
            .map(|((s, companions), in_full_names)| Summarised {
                text: s.text.clone(),
                folded: s.folded.clone(),
                key: s.key.clone(),
                count: s.parts.len(),
                places: s
                    .parts
                    .iter()
                    .take(MAX_PLACES)
                    .filter_map(|&p| index.parts.get(p))
                    .map(|p| p.span())
                    .collect(),
                companions,
                in_full_names,
            })
            .collect();
        NameSummary { spellings }
    }

    /// Whether two summaries say the same about names, wherever they are written: when they
    /// do, the story need not be assembled again.
    pub fn same_names(&self, other: &NameSummary) -> bool {
        self.spellings.len() == other.spellings.len()
            && self.spellings.iter().zip(&other.spellings).all(|(a, b)| {
                a.text == b.text
                    && a.count == b.count
                    && a.companions == b.companions
                    && a.in_full_names == b.in_full_names
            })
    }
}

/// The drafts of a story folder, with their spellings hashed for look-alike lookups.
#[derive(Debug, Default)]
pub struct Story {
    drafts: Vec<(DocId, Arc<NameSummary>)>,
    /// Bucket key (as in grouping) to (draft, spelling) positions.
    buckets: FxHashMap<String, Vec<(usize, usize)>>,
}

impl Story {
    /// Assembles a story from the summaries of its drafts.
    pub fn new(drafts: Vec<(DocId, Arc<NameSummary>)>) -> Story {
        let mut buckets: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        for (d, (_, summary)) in drafts.iter().enumerate() {
            for (s, spelling) in summary.spellings.iter().enumerate() {
                for bucket in bucket_keys(&spelling.folded, &spelling.key) {
                    buckets.entry(bucket).or_default().push((d, s));
                }
            }
        }
        Story { drafts, buckets }
    }

    /// The drafts and their summaries, in the order given.
    pub fn drafts(&self) -> impl Iterator<Item = (DocId, &NameSummary)> {
        self.drafts.iter().map(|(id, s)| (*id, &**s))
    }

    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }
}

/// A story, and which of its drafts is being analysed (its own summary is left out).
#[derive(Debug, Clone, Copy)]
pub struct Within<'s> {
    pub story: &'s Story,
    pub this: Option<DocId>,
}

/// The spelling of another draft, attached to the index of the draft being analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub doc: DocId,
    pub count: usize,
    pub places: Vec<Span>,
    /// Its companions in that draft, folded.
    pub companions: Vec<String>,
    pub in_full_names: usize,
}

/// Attaches to `index` the spellings of the story's other drafts that look like its own: equal
/// folded, equal transliteration key, or one deletion apart (the same buckets grouping uses).
pub(super) fn attach(index: &mut NameIndex, within: Within, rules: &Rules) {
    let story = within.story;
    let mut ids: FxHashMap<String, usize> = index
        .spellings
        .iter()
        .enumerate()
        .map(|(i, s)| (s.text.clone(), i))
        .collect();
    let mut seen: FxHashSet<(usize, usize)> = FxHashSet::default();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for spelling in &index.spellings {
        if spelling.folded.is_empty() {
            continue;
        }
        for bucket in bucket_keys(&spelling.folded, &spelling.key) {
            for &(d, s) in story.buckets.get(&bucket).map_or(&[][..], Vec::as_slice) {
                if Some(story.drafts[d].0) != within.this && seen.insert((d, s)) {
                    found.push((d, s));
                }
            }
        }
    }
    found.sort_unstable();
    let gazetteer = gazetteer();
    for (d, s) in found {
        let (doc, summary) = &story.drafts[d];
        let Some(other) = summary.spellings.get(s) else {
            continue;
        };
        let id = *ids.entry(other.text.clone()).or_insert_with(|| {
            index.spellings.push(Spelling {
                text: other.text.clone(),
                folded: other.folded.clone(),
                key: other.key.clone(),
                parts: Vec::new(),
                known: gazetteer.exact(&other.folded).collect(),
                ordinary_word: words::is_word(&other.folded),
                group: None,
                house: rules.is_house_word(&other.text),
                elsewhere: Vec::new(),
            });
            index.spellings.len() - 1
        });
        index.spellings[id].elsewhere.push(Elsewhere {
            doc: *doc,
            count: other.count,
            places: other.places.clone(),
            companions: other.companions.clone(),
            in_full_names: other.in_full_names,
        });
    }
}
