//! The editor's settings and `copydesk.toml` combined into the core's [`Settings`]: where both
//! speak, the file wins, because it is shared by the whole desk and the editor's settings are
//! one person's.

use super::Config;
use crate::analysis::Settings;

/// The settings the core runs with: `editor` (from initializationOptions or
/// workspace/didChangeConfiguration) overlaid with `file`.
///
/// - A check set in both takes the file's level; a check set in one takes that one's.
/// - A preferred spelling, person or organisation named in both takes the file's entry; a
///   variant the file gives to one spelling is removed from any other spelling the editor gives.
/// - Attribution verbs and phrases, words that are never names and separate names are the union
///   of both.
pub fn merge(editor: &Settings, file: &Config) -> Settings {
    let file = &file.style;
    let mut overrides: Vec<_> = editor
        .overrides
        .iter()
        .filter(|(code, _)| !file.overrides.iter().any(|(c, _)| c == code))
        .cloned()
        .collect();
    overrides.extend(file.overrides.iter().cloned());

    let mut spellings = file.spellings.clone();
    for entry in &editor.spellings {
        if spellings.iter().any(|s| s.preferred == entry.preferred) {
            continue;
        }
        let variants: Vec<String> = entry
            .variants
            .iter()
            .filter(|v| {
                !file
                    .spellings
                    .iter()
                    .any(|s| &s.preferred == *v || s.variants.contains(v))
            })
            .cloned()
            .collect();
        if !variants.is_empty() {
            let mut entry = entry.clone();
            entry.variants = variants;
            spellings.push(entry);
        }
    }

    let entities = |from_file: &[crate::analysis::KnownEntity],
                    from_editor: &[crate::analysis::KnownEntity]| {
        let mut out = from_file.to_vec();
        out.extend(
            from_editor
                .iter()
                .filter(|e| !from_file.iter().any(|f| f.name == e.name))
                .cloned(),
        );
        out
    };

    Settings {
        overrides,
        spellings,
        people: entities(&file.people, &editor.people),
        organisations: entities(&file.organisations, &editor.organisations),
        attribution_verbs: union(&file.attribution_verbs, &editor.attribution_verbs),
        attribution_phrases: union(&file.attribution_phrases, &editor.attribution_phrases),
        not_names: union(&file.not_names, &editor.not_names),
        separate: union(&file.separate, &editor.separate),
    }
}

fn union(first: &[String], second: &[String]) -> Vec<String> {
    let mut out = first.to_vec();
    for item in second {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}
