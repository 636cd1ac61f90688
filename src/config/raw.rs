//! The shape of `copydesk.toml` as serde reads it, section by section, before validation.
//!
//! Every struct denies unknown fields, so a misspelt key is an error at that key. Strings that a
//! later step may complain about keep their span.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// `[checks]`: a level for each check code.
pub type Checks = BTreeMap<Spanned<String>, Spanned<Level>>;

/// `[spellings]`: each preferred spelling with the variants it replaces.
pub type Spellings = BTreeMap<Spanned<String>, List>;

/// A list of strings, each with its span. A single string is read as a list of one, because
/// `"Libya" = "Lybia"` is what people write.
#[derive(Debug, Default)]
pub struct List(pub Vec<Spanned<String>>);

/// A string or a list of strings, before the single string gets its span.
enum OneOrMany {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OneOrMany, D::Error> {
        struct OneOrManyVisitor;

        impl<'de> Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings, such as [\"Shoygu\", \"Shoigou\"]")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(text.to_string()))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany::Many(items))
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<List, D::Error> {
        let list = Spanned::<OneOrMany>::deserialize(deserializer)?;
        let span = list.span();
        Ok(List(match list.into_inner() {
            OneOrMany::One(text) => vec![Spanned::new(span, text)],
            OneOrMany::Many(items) => items,
        }))
    }
}

/// What a check is set to: off, on at its default severity, or on at a given severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On,
    Error,
    Warning,
    Information,
    Hint,
}

const LEVELS: &[&str] = &["off", "on", "error", "warning", "information", "hint"];

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Level, D::Error> {
        struct LevelVisitor;

        impl Visitor<'_> for LevelVisitor {
            type Value = Level;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "\"off\", \"on\", \"error\", \"warning\", \"information\", \"hint\", \
                     true or false",
                )
            }

            fn visit_bool<E: de::Error>(self, on: bool) -> Result<Level, E> {
                Ok(if on { Level::On } else { Level::Off })
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Level, E> {
                match name {
                    "off" => Ok(Level::Off),
                    "on" => Ok(Level::On),
                    "error" => Ok(Level::Error),
                    "warning" => Ok(Level::Warning),
                    "information" | "info" => Ok(Level::Information),
                    "hint" => Ok(Level::Hint),
                    other => Err(E::unknown_variant(other, LEVELS)),
                }
            }
        }

        deserializer.deserialize_any(LevelVisitor)
    }
}

/// One `[[people]]` or `[[organisations]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: List,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `[attribution]`: cues to add to the built-in ones.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    #[serde(default)]
    pub verbs: List,
    #[serde(default)]
    pub phrases: List,
}

/// `[names]`: words the name finder must leave alone.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Names {
    #[serde(default)]
    pub not_names: List,
    #[serde(default)]
    pub separate: List,
}

/// `[files]`: which files a folder check leaves out.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    #[serde(default)]
    pub skip: List,
}

/// `[editor]`: what only the language server uses.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Editor {
    #[serde(default)]
    pub inlay_hints: Option<bool>,
}

/// The whole file, each section read on its own so that one bad section does not hide the
/// errors of the next.
#[derive(Debug, Default)]
pub struct File {
    pub checks: Checks,
    pub spellings: Spellings,
    pub people: Vec<Entity>,
    pub organisations: Vec<Entity>,
    pub attribution: Attribution,
    pub names: Names,
    pub files: Files,
    pub editor: Editor,
}

/// The top-level sections, in the order the documentation presents them.
pub const SECTIONS: &[&str] = &[
    "checks",
    "spellings",
    "people",
    "organisations",
    "attribution",
    "names",
    "files",
    "editor",
];
