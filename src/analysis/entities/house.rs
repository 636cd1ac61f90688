//! The people and organisations of the house style sheet, found by any of their names.

use super::EntityKind;
use super::join::Key;
use crate::analysis::names::key::fold;
use crate::analysis::{KnownEntity, Settings};
use rustc_hash::FxHashMap;

/// The style sheet's entities, by folded name and alias.
pub struct House<'s> {
    entries: Vec<(&'s KnownEntity, EntityKind)>,
    by_fold: FxHashMap<String, usize>,
}

impl<'s> House<'s> {
    pub fn new(settings: &'s Settings) -> House<'s> {
        let entries: Vec<(&KnownEntity, EntityKind)> = settings
            .people
            .iter()
            .map(|p| (p, EntityKind::Person))
            .chain(
                settings
                    .organisations
                    .iter()
                    .map(|o| (o, EntityKind::Organisation)),
            )
            .collect();
        let mut by_fold = FxHashMap::default();
        for (id, (known, _)) in entries.iter().enumerate() {
            for name in std::iter::once(&known.name).chain(&known.aliases) {
                let folded = fold_name(name);
                if !folded.is_empty() {
                    by_fold.entry(folded).or_insert(id);
                }
            }
        }
        House { entries, by_fold }
    }

    /// Whether the style sheet lists no one: then no name needs looking up.
    pub fn is_empty(&self) -> bool {
        self.by_fold.is_empty()
    }

    /// The entry one of whose names is written so.
    pub fn find(&self, written: &str) -> Option<usize> {
        if self.by_fold.is_empty() {
            return None;
        }
        self.by_fold.get(&fold_name(written)).copied()
    }

    pub fn kind(&self, id: usize) -> Option<EntityKind> {
        self.entries.get(id).map(|(_, kind)| *kind)
    }

    /// The style sheet's entry behind a key.
    pub fn entry_of(&self, key: &Key) -> Option<&'s KnownEntity> {
        match key {
            Key::House(id) => self.entries.get(*id).map(|(known, _)| *known),
            _ => None,
        }
    }
}

/// A name folded word by word, the words joined by single spaces.
fn fold_name(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        let folded = fold(word);
        if folded.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
    }
    out
}
