//! The built-in gazetteer (`data/gazetteer.txt`): known spellings of countries, demonyms,
//! capitals, states, cities, people, organisations and common personal names, parsed once.

use super::key::{any_deletion, fold, key, letters, within_edits};
use super::words::is_word;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

static DATA: &str = include_str!("data/gazetteer.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    State,
    City,
    Person,
    Organisation,
    /// A common given name or surname, listed so that look-alike names are never merged.
    Name,
}

impl Kind {
    /// Whether the entry is a place.
    pub const fn is_place(self) -> bool {
        matches!(self, Kind::Country | Kind::State | Kind::City)
    }
}

/// Index of an entry in [`Gazetteer::entries`].
pub type EntryId = u32;

/// One known name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub name: &'static str,
    /// Adjectives and nouns for its people: Libyan, Danish and Dane.
    pub demonyms: Vec<&'static str>,
    /// For countries and states.
    pub capital: Option<&'static str>,
    /// For cities, states and people.
    pub country: Option<&'static str>,
    /// Other accepted spellings: Kiev for Kyiv, Shoygu for Shoigu.
    pub variants: Vec<&'static str>,
}

/// Which form of an entry a spelling is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// The entry's own name, or a person's surname.
    Name,
    Demonym,
    /// An accepted variant spelling.
    Variant,
    /// One word of a name of several words (Paulo of São Paulo).
    Part,
}

/// A spelling the gazetteer knows, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub entry: EntryId,
    pub spelling: &'static str,
    pub form: Form,
}

/// Every entry, with indexes by folded spelling and by transliteration key.
#[derive(Debug)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    spellings: Vec<Known>,
    by_fold: FxHashMap<String, Vec<u32>>,
    /// Keys, and folded spellings' one-deletion neighbours, for spellings of five letters or
    /// more.
    near: FxHashMap<String, Vec<u32>>,
    keys: Vec<String>,
    folds: Vec<String>,
}

/// The gazetteer, parsed on first use.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::parse(DATA))
}

fn list(field: Option<&'static str>) -> Vec<&'static str> {
    field
        .map(|f| {
            f.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn non_empty(field: Option<&'static str>) -> Option<&'static str> {
    field.map(str::trim).filter(|s| !s.is_empty())
}

impl Gazetteer {
    fn parse(data: &'static str) -> Gazetteer {
        let mut entries = Vec::new();
        for line in data.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('|');
            let kind = match fields.next().map(str::trim) {
                Some("country") => Kind::Country,
                Some("state") => Kind::State,
                Some("city") => Kind::City,
                Some("person") => Kind::Person,
                Some("organisation") => Kind::Organisation,
                Some("name") => Kind::Name,
                _ => continue,
            };
            let Some(name) = non_empty(fields.next()) else {
                continue;
            };
            let demonyms = list(fields.next());
            let capital = non_empty(fields.next());
            let country = non_empty(fields.next());
            let variants = list(fields.next());
            entries.push(Entry {
                kind,
                name,
                demonyms,
                capital,
                country,
                variants,
            });
        }
        // A capital is a city of its country, unless listed as a city of its own.
        let capitals: Vec<Entry> = entries
            .iter()
            .filter(|e| e.kind == Kind::Country)
            .filter_map(|e| {
                let capital = e.capital?;
                let listed = entries.iter().any(|o| o.name == capital);
                (!listed && capital != e.name).then(|| Entry {
                    kind: Kind::City,
                    name: capital,
                    demonyms: Vec::new(),
                    capital: None,
                    country: Some(e.name),
                    variants: Vec::new(),
                })
            })
            .collect();
        entries.extend(capitals);

        let mut gazetteer = Gazetteer {
            entries: Vec::new(),
            spellings: Vec::new(),
            by_fold: FxHashMap::default(),
            near: FxHashMap::default(),
            keys: Vec::new(),
            folds: Vec::new(),
        };
        for (id, entry) in entries.iter().enumerate() {
            let id = id as EntryId;
            gazetteer.add_name(id, entry.kind, entry.name, Form::Name);
            for &demonym in &entry.demonyms {
                gazetteer.add_name(id, entry.kind, demonym, Form::Demonym);
            }
            for &variant in &entry.variants {
                gazetteer.add_name(id, entry.kind, variant, Form::Variant);
            }
        }
        gazetteer.entries = entries;
        gazetteer
    }

    /// Indexes a name of one or more words: the whole name, its surname for people, and its
    /// words that are not ordinary English words for places and organisations.
    fn add_name(&mut self, entry: EntryId, kind: Kind, name: &'static str, form: Form) {
        self.add(entry, name, form);
        let words: Vec<&'static str> = name.split_whitespace().collect();
        if words.len() < 2 {
            return;
        }
        if kind == Kind::Person {
            if let Some(last) = words.last() {
                let surname_form = if form == Form::Name { Form::Name } else { form };
                self.add(entry, last, surname_form);
            }
            return;
        }
        for word in words {
            let folded = fold(word);
            if letters(&folded) >= 3 && !is_word(&folded) {
                self.add(entry, word, Form::Part);
            }
        }
    }

    fn add(&mut self, entry: EntryId, spelling: &'static str, form: Form) {
        let folded = fold(spelling);
        if folded.is_empty() {
            return;
        }
        let index = self.spellings.len() as u32;
        self.spellings.push(Known {
            entry,
            spelling,
            form,
        });
        let k = key(&folded);
        if letters(&folded) >= 5 {
            self.near.entry(k.clone()).or_default().push(index);
            let mut buf = String::with_capacity(folded.len());
            let near = &mut self.near;
            any_deletion(&folded, &mut buf, |d| {
                match near.get_mut(d) {
                    Some(list) => list.push(index),
                    None => {
                        near.insert(d.to_string(), vec![index]);
                    }
                }
                false
            });
        }
        self.keys.push(k);
        self.folds.push(folded.clone());
        self.by_fold.entry(folded).or_default().push(index);
    }

    /// The gazetteer spellings equal to this folded spelling.
    pub fn exact(&self, folded: &str) -> impl Iterator<Item = Known> + '_ {
        self.by_fold
            .get(folded)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.spellings.get(i as usize).copied())
    }

    /// Gazetteer spellings of five letters or more with the same transliteration key as this
    /// folded spelling, or within one edit of it.
    pub fn near(&self, folded: &str) -> Vec<Known> {
        let key_of = key(folded);
        let mut found: Vec<u32> = Vec::new();
        let mut probe = |k: &str| {
            if let Some(list) = self.near.get(k) {
                for &i in list {
                    if !found.contains(&i) {
                        found.push(i);
                    }
                }
            }
        };
        probe(&key_of);
        probe(folded);
        let mut buf = String::with_capacity(folded.len());
        any_deletion(folded, &mut buf, |d| {
            probe(d);
            false
        });
        found
            .into_iter()
            .filter(|&i| {
                let i = i as usize;
                self.keys.get(i).is_some_and(|k| *k == key_of)
                    || self
                        .folds
                        .get(i)
                        .is_some_and(|f| within_edits(f, folded, 1))
            })
            .filter_map(|i| self.spellings.get(i as usize).copied())
            .collect()
    }

    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entries.get(id as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_countries_with_demonyms_and_capitals() {
        let g = gazetteer();
        let libya: Vec<_> = g.exact("libya").collect();
        assert_eq!(libya.len(), 1);
        let entry = g.entry(libya[0].entry).expect("entry");
        assert_eq!(entry.kind, Kind::Country);
        assert_eq!(entry.demonyms, vec!["Libyan"]);
        assert_eq!(entry.capital, Some("Tripoli"));
        let tripoli: Vec<_> = g.exact("tripoli").collect();
        assert_eq!(
            g.entry(tripoli[0].entry).map(|e| (e.kind, e.country)),
            Some((Kind::City, Some("Libya")))
        );
        assert!(g.exact("libyan").any(|k| k.form == Form::Demonym));
        assert!(g.exact("tobruk").next().is_some());
    }

    #[test]
    fn people_are_known_by_surname() {
        let g = gazetteer();
        assert!(g.exact("haftar").any(|k| k.form == Form::Name));
        assert!(g.exact("shoygu").any(|k| k.form == Form::Variant));
        assert!(g.exact("obama").next().is_some());
        assert!(g.exact("osama").next().is_some());
    }

    #[test]
    fn near_needs_a_slip_not_a_digraph_and_a_slip() {
        let g = gazetteer();
        assert!(g.near(&fold("Brighton")).is_empty());
    }

    #[test]
    fn near_finds_slips_and_transliterations() {
        let g = gazetteer();
        let near = g.near(&fold("Lybia"));
        assert!(near.iter().any(|k| k.spelling == "Libya"));
        let near = g.near(&fold("Tobrukk"));
        assert!(near.iter().any(|k| k.spelling == "Tobruk"));
    }
}
