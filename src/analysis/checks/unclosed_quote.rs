//! # unclosed-quote: a quotation mark that opens a quote never closed, or closes one never opened
//!
//! ## What it finds
//! An opening quotation mark (“ " « „ and ‘ inside a double quote) with no matching closing
//! mark before its paragraph ends, and a closing mark (” » or a straight " that can only close)
//! with no opening mark before it.
//!
//! ## Why it matters
//! A missing mark leaves the reader unsure where someone's words end and the reporter's begin:
//! the difference between a quote and a paraphrase is a matter of accuracy, not style.
//!
//! ## Examples
//! Flagged:
//!
//! ```text
//! “We will not negotiate, said the minister.
//! The army is ready” to move.
//! ```
//!
//! Not flagged: apostrophes (It’s, Haftar’s, rock ’n’ roll, the ’90s), measurements (6’2”),
//! and AP's running quotation, where a quote that runs over several paragraphs leaves each
//! paragraph open and reopens the next one with a quotation mark:
//!
//! ```text
//! “The first paragraph of a long statement.
//!
//! “And its end,” she said.
//! ```
//!
//! ## Known limits
//! Single quotes count as quotation marks only inside double quotes, so a quote set entirely in
//! single quotes (British style) is not checked. A closing ’ after a plural (the Joneses’) is
//! read as an apostrophe.

use super::Context;
use crate::analysis::{Finding, Severity};

pub const CODE: &str = "unclosed-quote";

pub fn run(cx: &Context, out: &mut Vec<Finding>) {
    let text = cx.draft.text;
    for quote in &cx.quotes.quotes {
        if quote.close.is_some() {
            continue;
        }
        let mark = quote.open.text(text);
        out.push(Finding {
            code: CODE,
            severity: Severity::Warning,
            span: quote.open,
            message: format!("This {mark} opens a quote that is never closed"),
            suggestions: Vec::new(),
            related: Vec::new(),
        });
    }
    for &closer in &cx.quotes.stray_closers {
        let mark = closer.text(text);
        out.push(Finding {
            code: CODE,
            severity: Severity::Warning,
            span: closer,
            message: format!("This {mark} closes a quote that was never opened"),
            suggestions: Vec::new(),
            related: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Format, Settings, analyze};

    fn flagged(text: &str) -> Vec<&str> {
        analyze(text, Format::PlainText, &Settings::default())
            .findings
            .iter()
            .filter(|f| f.code == super::CODE)
            .map(|f| f.span.text(text))
            .collect()
    }

    #[test]
    fn flags_an_opening_mark_never_closed() {
        assert_eq!(
            flagged("“We will not negotiate, said the minister."),
            vec!["“"]
        );
    }

    #[test]
    fn flags_a_closing_mark_that_closes_nothing() {
        assert_eq!(flagged("The army is ready” to move."), vec!["”"]);
    }

    #[test]
    fn running_quotation_is_not_an_error() {
        assert!(flagged("“The first paragraph.\n\n“And its end,” she said.").is_empty());
    }

    #[test]
    fn apostrophes_and_measurements_are_not_flagged() {
        assert!(flagged("It’s Haftar’s. He is 6’2” tall, a ’90s star.").is_empty());
    }
}
