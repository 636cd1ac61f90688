//! The checks: one file each, with a stable kebab-case code and the documentation that
//! `copydesk explain CODE` prints, taken from the `//!` comment at the top of the check's file.

use super::attribution::Attribution;
use super::entities::Entities;
use super::names::NameIndex;
use super::quotes::Quotes;
use super::{Draft, Finding, Severity};

pub mod first_reference;
pub mod name_spelling;
pub mod unattributed_quote;
pub mod unclosed_quote;
pub mod unknown_directive;

/// What every check sees: the shared tokenisation and the indexes built on it.
pub struct Context<'d, 'a> {
    pub draft: &'d Draft<'a>,
    pub quotes: &'d Quotes,
    /// Who is credited with each quote, in the order of `quotes.quotes`.
    pub attributions: &'d [Attribution],
    pub names: &'d NameIndex,
    /// The people, places and organisations named, with their mentions.
    pub entities: &'d Entities,
}

/// A check's entry in the registry.
pub struct Check {
    /// Stable kebab-case code, such as `unclosed-quote`.
    pub code: &'static str,
    pub default_severity: Severity,
    /// The check's source file; its leading `//!` lines are the documentation.
    source: &'static str,
    pub run: fn(&Context, &mut Vec<Finding>),
}

impl Check {
    /// The check's documentation in Markdown: the `//!` comment at the top of its file.
    pub fn doc(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }

    /// The first line of the documentation, without its heading marks.
    pub fn summary(&self) -> String {
        self.doc()
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("")
            .trim_start_matches('#')
            .trim()
            .to_string()
    }
}

/// Every check, in the order they run.
pub const ALL: &[Check] = &[
    Check {
        code: unclosed_quote::CODE,
        default_severity: Severity::Warning,
        source: include_str!("unclosed_quote.rs"),
        run: unclosed_quote::run,
    },
    Check {
        code: unattributed_quote::CODE,
        default_severity: Severity::Warning,
        source: include_str!("unattributed_quote.rs"),
        run: unattributed_quote::run,
    },
    Check {
        code: name_spelling::CODE,
        default_severity: Severity::Warning,
        source: include_str!("name_spelling.rs"),
        run: name_spelling::run,
    },
    Check {
        code: first_reference::CODE,
        default_severity: Severity::Information,
        source: include_str!("first_reference.rs"),
        run: first_reference::run,
    },
    Check {
        code: unknown_directive::CODE,
        default_severity: Severity::Warning,
        source: include_str!("unknown_directive.rs"),
        run: unknown_directive::run,
    },
];

/// The check with this code.
pub fn by_code(code: &str) -> Option<&'static Check> {
    ALL.iter().find(|check| check.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_has_a_kebab_case_code_and_documentation() {
        for check in ALL {
            assert!(
                check
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                check.code
            );
            let doc = check.doc();
            for heading in [
                "## What it finds",
                "## Why it matters",
                "## Examples",
                "## Known limits",
            ] {
                assert!(doc.contains(heading), "{} lacks {heading}", check.code);
            }
        }
    }
}
