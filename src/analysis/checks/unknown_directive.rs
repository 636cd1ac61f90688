//! # unknown-directive: an ignore comment with a word or a check code copydesk does not know
//!
//! ## What it finds
//! A comment that starts with `copydesk-` but is not `copydesk-ignore`, `copydesk-disable` or
//! `copydesk-enable`, and a code in one of them that names no check. When a known word or code
//! is close, it is suggested.
//!
//! ## Why it matters
//! A directive with a typo silences nothing, so the warning it was meant to silence stays and
//! the writer cannot tell why. This says why.
//!
//! ## Examples
//! Flagged:
//!
//! ```text
//! <!-- copydesk-ingore name-spelling -->
//! <!-- copydesk-ignore name-speling -->
//! ```
//!
//! Not flagged: `<!-- copydesk-ignore unclosed-quote -->`, `<!-- copydesk-disable -->`, and any
//! comment that does not start with `copydesk-`.
//!
//! ## Known limits
//! Only the first word of a comment is read as a directive word, so
//! `<!-- note: copydesk-ignore x -->` is an ordinary comment and is not reported.

use super::Context;
use crate::analysis::directives::{self, WORDS};
use crate::analysis::{Finding, Severity, Span};

pub const CODE: &str = "unknown-directive";

pub fn run(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.draft.text;
    for directive in directives::parse(cx.draft) {
        if directive.action.is_none() {
            let word = directive.word.text(text);
            out.push(finding(
                directive.word,
                format!("copydesk does not know the directive “{word}”: it silences nothing"),
                closest(word, WORDS.iter().map(|&(w, _)| w)),
            ));
            continue;
        }
        for code in directive.codes {
            let name = code.text(text);
            if super::by_code(name).is_none() {
                out.push(finding(
                    code,
                    format!("No check is called “{name}”: this directive silences nothing for it"),
                    closest(name, super::ALL.iter().map(|c| c.code)),
                ));
            }
        }
    }
}

fn finding(span: Span, message: String, suggestions: Vec<String>) -> Finding {
    Finding {
        code: CODE,
        severity: Severity::Warning,
        span,
        message,
        suggestions,
        related: Vec::new(),
    }
}

/// The known name nearest to `word`, when it is a likely typo of it (at most two edits away).
fn closest<'k>(word: &str, known: impl Iterator<Item = &'k str>) -> Vec<String> {
    known
        .map(|k| (strsim::levenshtein(word, k), k))
        .filter(|&(distance, _)| distance <= 2)
        .min()
        .map(|(_, k)| vec![k.to_string()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Format, Settings, analyze};

    fn flagged(text: &str, format: Format) -> Vec<(&str, Vec<String>)> {
        analyze(text, format, &Settings::default())
            .findings
            .into_iter()
            .filter(|f| f.code == super::CODE)
            .map(|f| (f.span.text(text), f.suggestions))
            .collect()
    }

    #[test]
    fn flags_an_unknown_word_and_suggests_the_near_one() {
        assert_eq!(
            flagged("<!-- copydesk-ingore -->\n\nText.", Format::Markdown),
            vec![("copydesk-ingore", vec!["copydesk-ignore".to_string()])]
        );
    }

    #[test]
    fn flags_an_unknown_code_and_suggests_the_near_one() {
        assert_eq!(
            flagged(
                "copydesk-ignore unclosed-quote, unclosed-qoute, bogus\nText.",
                Format::PlainText
            ),
            vec![
                ("unclosed-qoute", vec!["unclosed-quote".to_string()]),
                ("bogus", vec![])
            ]
        );
    }

    #[test]
    fn known_directives_and_other_comments_are_not_flagged() {
        let text = "<!-- copydesk-disable -->\n<!-- a note -->\n\n<!-- copydesk-enable unclosed-quote -- why -->\n\nText.";
        assert!(flagged(text, Format::Markdown).is_empty());
    }
}
