//! The house style sheet, `copydesk.toml`: parsed from text into a typed [`Config`], with every
//! problem reported at its byte range in the file, and merged with the editor's settings.
//!
//! Pure, like the core: this module reads no file and never panics. Finding `copydesk.toml`
//! (the CLI walks up from each checked file, the server looks at the workspace folder) and
//! reading it is the front ends' job; they hand the text to [`parse`]. The keys are documented
//! in `docs/configuration.md`, whose example is `examples/copydesk.toml`.
//!
//! Problems come in two kinds. An [`Severity::Error`] (invalid TOML, an unknown key, a wrong
//! type) rejects the whole file: [`Parsed::config`] is `None` and the front end keeps the last
//! good configuration. A [`Severity::Warning`] (an unknown check, a bad glob, a variant claimed
//! by two spellings) drops that one entry and the rest of the file applies, so that a style
//! sheet shared across copydesk versions survives a check it does not know yet.

pub mod edit;
mod merge;
mod raw;

pub use merge::merge;

use crate::analysis::checks;
use crate::analysis::{KnownEntity, PreferredSpelling, Settings, Severity, Span};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use raw::Level;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// The name of the style sheet at the root of a workspace or story folder.
pub const FILE_NAME: &str = "copydesk.toml";

/// A validated style sheet. `Config::default()` stands for a folder without `copydesk.toml`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// What the file tells the core: `[checks]` as `overrides`, `[spellings]`, `[[people]]` and
    /// `[[organisations]]` in file order, `[attribution] verbs` and `phrases`, `[names]
    /// not-names` and `separate`.
    pub style: Settings,
    /// `[files] skip`: glob patterns, relative to the folder that holds `copydesk.toml`.
    pub skip: Vec<String>,
    skip_set: GlobSet,
    /// `[editor] inlay-hints`, when the file sets it.
    pub inlay_hints: Option<bool>,
}

impl Config {
    /// Whether `[files] skip` leaves out `path`, given relative to the folder that holds
    /// `copydesk.toml` (`archive/2019/old.md`).
    pub fn skips(&self, path: &Path) -> bool {
        self.skip_set.is_match(path)
    }

    /// Whether the server shows inlay hints: the file's choice when it makes one, else the
    /// editor's.
    pub fn inlay_hints_or(&self, editor: bool) -> bool {
        self.inlay_hints.unwrap_or(editor)
    }
}

/// A problem in `copydesk.toml`, at a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending key or value; an empty range at the place a missing thing was expected.
    pub span: Span,
    pub message: String,
    /// `Error`: the file was rejected. `Warning`: this entry was skipped, the rest applies.
    pub severity: Severity,
}

/// What [`parse`] made of a file.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The configuration, or `None` when an error rejected the file.
    pub config: Option<Config>,
    /// Every problem found, in file order.
    pub problems: Vec<ConfigError>,
}

/// Parses and validates the text of a `copydesk.toml`. Never fails and never panics: problems
/// come back in [`Parsed::problems`].
pub fn parse(text: &str) -> Parsed {
    let mut problems = Problems {
        text,
        list: Vec::new(),
    };
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for error in &syntax {
            problems.toml(error, Span::default());
        }
        return problems.finish(None);
    }
    let file = read_sections(root.into_inner(), &mut problems);
    if problems.has_errors() {
        return problems.finish(None);
    }
    let config = validate(file, &mut problems);
    problems.finish(Some(config))
}

/// The problems found so far, with the text they point into.
struct Problems<'t> {
    text: &'t str,
    list: Vec<ConfigError>,
}

impl Problems<'_> {
    fn push(&mut self, span: Span, severity: Severity, message: String) {
        let span = Span::new(
            self.text.floor_char_boundary(span.start),
            self.text.floor_char_boundary(span.end.max(span.start)),
        );
        self.list.push(ConfigError {
            span,
            message,
            severity,
        });
    }

    fn error(&mut self, span: Span, message: String) {
        self.push(span, Severity::Error, message);
    }

    fn warn<T>(&mut self, value: &Spanned<T>, message: String) {
        self.push(span_of(value), Severity::Warning, message);
    }

    /// An error from the toml crate, at its own span or at `fallback`.
    fn toml(&mut self, error: &toml::de::Error, fallback: Span) {
        let span = error
            .span()
            .map_or(fallback, |range| Span::new(range.start, range.end));
        let message = error.message().trim().to_string();
        self.error(span, message);
    }

    fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity == Severity::Error)
    }

    fn finish(mut self, config: Option<Config>) -> Parsed {
        self.list.sort_by_key(|p| (p.span.start, p.span.end));
        Parsed {
            config,
            problems: self.list,
        }
    }
}

fn span_of<T>(value: &Spanned<T>) -> Span {
    let range = value.span();
    Span::new(range.start, range.end)
}

/// Reads each top-level section on its own, so that every section's first error is reported.
fn read_sections(root: DeTable<'_>, problems: &mut Problems) -> raw::File {
    let mut file = raw::File::default();
    for (key, value) in root {
        let key_span = span_of(&key);
        match key.get_ref().as_ref() {
            "checks" => read(value, problems, &mut file.checks),
            "spellings" => read(value, problems, &mut file.spellings),
            "people" => read_entities(value, "people", problems, &mut file.people),
            "organisations" => {
                read_entities(value, "organisations", problems, &mut file.organisations);
            }
            "attribution" => read(value, problems, &mut file.attribution),
            "names" => read(value, problems, &mut file.names),
            "files" => read(value, problems, &mut file.files),
            "editor" => read(value, problems, &mut file.editor),
            other => {
                let hint = if other == "organizations" {
                    " (the key is spelt `organisations`)".to_string()
                } else {
                    String::new()
                };
                problems.error(
                    key_span,
                    format!(
                        "unknown section `{other}`{hint}, expected one of {}",
                        raw::SECTIONS
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
    file
}

fn read<T: DeserializeOwned>(value: Spanned<DeValue<'_>>, problems: &mut Problems, out: &mut T) {
    let fallback = span_of(&value);
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(section) => *out = section,
        Err(error) => problems.toml(&error, fallback),
    }
}

/// `[[people]]` and `[[organisations]]` are arrays of tables; a single `[people]` table is the
/// likely slip, and gets a message saying so.
fn read_entities(
    value: Spanned<DeValue<'_>>,
    section: &str,
    problems: &mut Problems,
    out: &mut Vec<raw::Entity>,
) {
    if value.get_ref().is_table() {
        problems.error(
            span_of(&value),
            format!("write `[[{section}]]` with double brackets: one table per entry"),
        );
        return;
    }
    read(value, problems, out);
}

/// Turns the raw sections into a [`Config`], warning about and dropping the entries that cannot
/// apply.
fn validate(file: raw::File, problems: &mut Problems) -> Config {
    let mut config = Config {
        style: Settings {
            overrides: validate_checks(file.checks, problems),
            spellings: validate_spellings(file.spellings, problems),
            people: validate_entities(file.people, problems),
            organisations: validate_entities(file.organisations, problems),
            attribution_verbs: words(file.attribution.verbs, "verb", problems),
            attribution_phrases: words(file.attribution.phrases, "phrase", problems),
            not_names: words(file.names.not_names, "word", problems),
            separate: words(file.names.separate, "name", problems),
        },
        inlay_hints: file.editor.inlay_hints,
        ..Config::default()
    };
    let mut builder = GlobSetBuilder::new();
    for pattern in file.files.skip.0 {
        match GlobBuilder::new(pattern.get_ref())
            .literal_separator(true)
            .build()
        {
            Ok(glob) => {
                builder.add(glob);
                config.skip.push(pattern.get_ref().clone());
            }
            Err(error) => problems.warn(
                &pattern,
                format!("this pattern is skipped: {}", error.kind()),
            ),
        }
    }
    // Each glob compiled on its own above, so building the set cannot fail; an empty set is the
    // safe answer if it ever does.
    config.skip_set = builder.build().unwrap_or_default();
    config
}

fn validate_checks(
    checks: raw::Checks,
    problems: &mut Problems,
) -> Vec<(String, Option<Severity>)> {
    let mut entries: Vec<_> = checks.into_iter().collect();
    entries.sort_by_key(|(code, _)| code.span().start);
    let mut out = Vec::new();
    for (code, level) in entries {
        let Some(check) = checks::by_code(code.get_ref()) else {
            let known: Vec<_> = checks::ALL
                .iter()
                .map(|c| format!("`{}`", c.code))
                .collect();
            problems.warn(
                &code,
                format!(
                    "no check is called `{}`; this line is ignored (known checks: {})",
                    code.get_ref(),
                    known.join(", ")
                ),
            );
            continue;
        };
        let severity = match level.get_ref() {
            Level::Off => None,
            Level::On => Some(check.default_severity),
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Information => Some(Severity::Information),
            Level::Hint => Some(Severity::Hint),
        };
        out.push((check.code.to_string(), severity));
    }
    out
}

fn validate_spellings(
    spellings: raw::Spellings,
    problems: &mut Problems,
) -> Vec<PreferredSpelling> {
    let mut entries: Vec<_> = spellings.into_iter().collect();
    entries.sort_by_key(|(preferred, _)| preferred.span().start);
    let preferred_names: Vec<String> = entries
        .iter()
        .map(|(preferred, _)| preferred.get_ref().trim().to_string())
        .collect();
    // Which preferred spelling each variant was first given to.
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (preferred, variants) in entries {
        let name = preferred.get_ref().trim();
        if name.is_empty() {
            problems.warn(
                &preferred,
                "an empty preferred spelling is ignored".to_string(),
            );
            continue;
        }
        let mut kept = Vec::new();
        for variant in variants.0 {
            let spelling = variant.get_ref().trim();
            let problem = if spelling.is_empty() {
                Some("an empty variant is ignored".to_string())
            } else if spelling == name {
                Some(format!("“{spelling}” is the preferred spelling itself"))
            } else if preferred_names.iter().any(|p| p == spelling) {
                Some(format!(
                    "“{spelling}” is a preferred spelling, so it cannot also be replaced by “{name}”"
                ))
            } else {
                claimed.get(spelling).map(|first| {
                    if first == name {
                        format!("“{spelling}” is listed twice")
                    } else {
                        format!(
                            "“{spelling}” is already a variant of “{first}”; this one is ignored"
                        )
                    }
                })
            };
            match problem {
                Some(message) => problems.warn(&variant, message),
                None => {
                    claimed.insert(spelling.to_string(), name.to_string());
                    kept.push(spelling.to_string());
                }
            }
        }
        if !kept.is_empty() {
            out.push(PreferredSpelling {
                preferred: name.to_string(),
                variants: kept,
            });
        }
    }
    out
}

fn validate_entities(entities: Vec<raw::Entity>, problems: &mut Problems) -> Vec<KnownEntity> {
    let mut out = Vec::new();
    for entity in entities {
        let name = entity.name.get_ref().trim();
        if name.is_empty() {
            problems.warn(
                &entity.name,
                "an entry without a name is ignored".to_string(),
            );
            continue;
        }
        let mut aliases: Vec<String> = Vec::new();
        for alias in entity.aliases.0 {
            let text = alias.get_ref().trim();
            if text.is_empty() {
                problems.warn(&alias, "an empty alias is ignored".to_string());
            } else if text != name && !aliases.iter().any(|a| a == text) {
                aliases.push(text.to_string());
            }
        }
        let optional =
            |text: Option<String>| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        out.push(KnownEntity {
            name: name.to_string(),
            aliases,
            description: optional(entity.description),
            note: optional(entity.note),
        });
    }
    out
}

/// A list of words or phrases, trimmed, without empty entries or repeats.
fn words(list: raw::List, what: &str, problems: &mut Problems) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in list.0 {
        let text = item.get_ref().trim();
        if text.is_empty() {
            problems.warn(&item, format!("an empty {what} is ignored"));
        } else if !out.iter().any(|w| w == text) {
            out.push(text.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests;
