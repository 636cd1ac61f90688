//! What the house style sheet tells the name index: preferred spellings and their variants, the
//! people and organisations the desk knows, words that are never names, and names to keep apart.
//!
//! Built from [`Settings`] once per analysis; the lists are a style sheet's worth of entries, so
//! building the lookups costs far less than reading the draft.

use super::key::fold;
use crate::analysis::Settings;
use rustc_hash::{FxHashMap, FxHashSet};

/// Which style-sheet entry a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum House {
    /// `Settings::people[n]`.
    Person(usize),
    /// `Settings::organisations[n]`.
    Organisation(usize),
}

/// The style sheet's rules for names, ready for lookups.
#[derive(Debug, Default)]
pub struct Rules<'s> {
    /// Folded words that are never names.
    not_names: FxHashSet<String>,
    /// Spellings never grouped with another.
    separate: FxHashSet<&'s str>,
    /// Each listed variant with its preferred spelling.
    variants: FxHashMap<&'s str, &'s str>,
    /// Spellings the style sheet uses: preferred spellings, and the words of the names and
    /// aliases of people and organisations. Never flagged.
    words: FxHashSet<&'s str>,
    /// Names and aliases of people and organisations, folded, with their entry.
    entities: FxHashMap<String, House>,
}

impl<'s> Rules<'s> {
    pub fn new(settings: &'s Settings) -> Rules<'s> {
        let mut rules = Rules {
            not_names: settings.not_names.iter().map(|w| fold(w)).collect(),
            separate: settings.separate.iter().map(String::as_str).collect(),
            ..Rules::default()
        };
        for entry in &settings.spellings {
            rules.words.insert(entry.preferred.as_str());
            for variant in &entry.variants {
                rules
                    .variants
                    .entry(variant.as_str())
                    .or_insert(entry.preferred.as_str());
            }
        }
        let entities = settings
            .people
            .iter()
            .enumerate()
            .map(|(n, e)| (House::Person(n), e))
            .chain(
                settings
                    .organisations
                    .iter()
                    .enumerate()
                    .map(|(n, e)| (House::Organisation(n), e)),
            );
        for (house, entity) in entities {
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                rules.words.extend(name.split_whitespace());
                rules.entities.entry(fold(name)).or_insert(house);
            }
        }
        // A listed variant is never also a house word.
        for variant in rules.variants.keys() {
            rules.words.remove(variant);
        }
        rules
    }

    /// Whether a word (folded) is never a name.
    pub fn is_not_name(&self, folded: &str) -> bool {
        self.not_names.contains(folded)
    }

    /// Whether a spelling is kept apart from every other.
    pub fn is_separate(&self, spelling: &str) -> bool {
        self.separate.contains(spelling)
    }

    /// The preferred spelling a listed variant is replaced by.
    pub fn preferred_for(&self, spelling: &str) -> Option<&'s str> {
        self.variants.get(spelling).copied()
    }

    /// Whether the style sheet uses this spelling.
    pub fn is_house_word(&self, spelling: &str) -> bool {
        self.words.contains(spelling)
    }

    /// The person or organisation a whole name (folded) stands for.
    pub fn entity(&self, folded_name: &str) -> Option<House> {
        self.entities.get(folded_name).copied()
    }
}
