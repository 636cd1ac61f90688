//! Ignore comments: a writer silencing a check on purpose, for one block or for a region.
//!
//! In Markdown the directives are HTML comments; in plain text they are lines of their own,
//! with or without the comment marks:
//!
//! ```text
//! <!-- copydesk-ignore name-spelling -->        the next block (or the block it sits in)
//! <!-- copydesk-ignore -->                      every check, for that block
//! <!-- copydesk-disable unclosed-quote -->      from here ...
//! <!-- copydesk-enable unclosed-quote -->       ... to here
//! copydesk-ignore name-spelling, unclosed-quote -- the source spells it so
//! ```
//!
//! Codes are separated by spaces or commas; `--` ends them and starts a reason, which is for
//! people. `copydesk-disable` with no code disables every check; `copydesk-enable` with no code
//! ends every open region; a region never enabled again runs to the end of the text. A finding is
//! silenced when its span starts inside a silenced range. A directive word or code that copydesk
//! does not know is reported by the `unknown-directive` check and silences nothing.

use super::{Draft, Span};

/// What a directive asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `copydesk-ignore`: the block the comment sits in, or else the next block.
    Ignore,
    /// `copydesk-disable`: from the comment on.
    Disable,
    /// `copydesk-enable`: ends what `copydesk-disable` started.
    Enable,
}

/// The prefix every directive word starts with.
pub const PREFIX: &str = "copydesk-";

/// The directive words, with their actions.
pub const WORDS: &[(&str, Action)] = &[
    ("copydesk-ignore", Action::Ignore),
    ("copydesk-disable", Action::Disable),
    ("copydesk-enable", Action::Enable),
];

/// A comment whose first word starts with `copydesk-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment.
    pub comment: Span,
    /// The directive word (`copydesk-ignore`).
    pub word: Span,
    /// `None` when the word is not one of [`WORDS`].
    pub action: Option<Action>,
    /// The codes named, in order; empty means every check.
    pub codes: Vec<Span>,
}

/// Every directive in the draft's comments, in text order.
pub fn parse(draft: &Draft) -> Vec<Directive> {
    let text = draft.text;
    let mut out = Vec::new();
    for comment in &draft.comments {
        let body = comment.body.text(text);
        let mut words = words(body, comment.body.start);
        let Some(word) = words.next() else {
            continue;
        };
        let word_text = word.text(text);
        if !word_text.starts_with(PREFIX) {
            continue;
        }
        let action = WORDS
            .iter()
            .find(|(name, _)| *name == word_text)
            .map(|&(_, action)| action);
        let codes = words.take_while(|code| code.text(text) != "--").collect();
        out.push(Directive {
            comment: comment.span,
            word,
            action,
            codes,
        });
    }
    out
}

/// The words of `body` (split at white space and commas) as spans, offset by `base`.
fn words(body: &str, base: usize) -> impl Iterator<Item = Span> + '_ {
    let is_separator = |c: char| c.is_whitespace() || c == ',';
    let mut rest = 0;
    std::iter::from_fn(move || {
        let tail = body.get(rest..)?;
        let start = rest + tail.find(|c: char| !is_separator(c))?;
        let len = body
            .get(start..)?
            .find(is_separator)
            .unwrap_or(body.len() - start);
        rest = start + len;
        Some(Span::new(base + start, base + start + len))
    })
}

/// The ranges of a draft where directives silence checks.
#[derive(Debug, Clone, Default)]
pub struct Silences<'a> {
    /// A range and the code it silences; `None` silences every check.
    ranges: Vec<(Span, Option<&'a str>)>,
}

impl<'a> Silences<'a> {
    /// Works out the silenced ranges of `draft` from its directives.
    pub fn new(draft: &Draft<'a>, directives: &[Directive]) -> Silences<'a> {
        let text = draft.text;
        let mut ranges = Vec::new();
        // Open `copydesk-disable` regions: the code (`None` for all) and where they start.
        let mut open: Vec<(Option<&'a str>, usize)> = Vec::new();
        for directive in directives {
            let codes: Vec<Option<&'a str>> = if directive.codes.is_empty() {
                vec![None]
            } else {
                directive.codes.iter().map(|c| Some(c.text(text))).collect()
            };
            match directive.action {
                None => {}
                Some(Action::Ignore) => {
                    if let Some(range) = ignored_block(draft, directive.comment) {
                        ranges.extend(codes.into_iter().map(|code| (range, code)));
                    }
                }
                Some(Action::Disable) => {
                    for code in codes {
                        if !open.iter().any(|&(c, _)| c == code) {
                            open.push((code, directive.comment.end));
                        }
                    }
                }
                Some(Action::Enable) => {
                    let end = directive.comment.start;
                    open.retain(|&(code, start)| {
                        let closes = directive.codes.is_empty() || codes.contains(&code);
                        if closes {
                            ranges.push((Span::new(start, end.max(start)), code));
                        }
                        !closes
                    });
                }
            }
        }
        ranges.extend(
            open.into_iter()
                .map(|(code, start)| (Span::new(start, text.len().max(start)), code)),
        );
        Silences { ranges }
    }

    /// Whether a finding of `code` whose span starts at `offset` is silenced.
    pub fn silences(&self, code: &str, offset: usize) -> bool {
        self.ranges
            .iter()
            .any(|&(range, c)| range.contains(offset) && c.is_none_or(|c| c == code))
    }
}

/// What `copydesk-ignore` at `comment` covers: the innermost block that holds the comment, or
/// else the first block after it, from the comment to the block's end.
fn ignored_block(draft: &Draft, comment: Span) -> Option<Span> {
    let inside = draft
        .blocks
        .iter()
        .filter(|block| block.span.start <= comment.start && comment.end <= block.span.end)
        .max_by_key(|block| block.span.start);
    if let Some(block) = inside {
        return Some(block.span);
    }
    let at = draft
        .blocks
        .partition_point(|block| block.span.start < comment.end);
    draft
        .blocks
        .get(at)
        .map(|block| Span::new(comment.start, block.span.end))
}

/// Text to insert so that `code` is silenced for the block around `offset`: a
/// `<!-- copydesk-ignore CODE -->` line in Markdown, a `copydesk-ignore CODE` line in plain text,
/// put at the start of the block's first line with that line's indentation. Returns the byte
/// offset to insert at and the text.
pub fn ignore_here(
    text: &str,
    format: super::Format,
    offset: usize,
    code: &str,
) -> (usize, String) {
    let draft = Draft::new(text, format);
    let block_start = draft
        .blocks
        .iter()
        .rev()
        .find(|b| b.span.start <= offset)
        .map_or(offset, |b| b.span.start)
        .min(text.len());
    let head = text.get(..block_start).unwrap_or("");
    let line_start = head.rfind(['\n', '\r']).map_or(0, |at| at + 1);
    let line = text.get(line_start..).unwrap_or("");
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let directive = match format {
        super::Format::Markdown => format!("<!-- copydesk-ignore {code} -->"),
        super::Format::PlainText => format!("copydesk-ignore {code}"),
    };
    (line_start, format!("{indent}{directive}{newline}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Format;

    fn directives(text: &str, format: Format) -> Vec<(Option<Action>, Vec<&str>)> {
        parse(&Draft::new(text, format))
            .iter()
            .map(|d| (d.action, d.codes.iter().map(|c| c.text(text)).collect()))
            .collect()
    }

    #[test]
    fn codes_are_split_at_spaces_and_commas_and_stop_at_a_reason() {
        assert_eq!(
            directives(
                "<!-- copydesk-ignore a-b, c d -- because, x -->\n\nText.",
                Format::Markdown
            ),
            vec![(Some(Action::Ignore), vec!["a-b", "c", "d"])]
        );
    }

    #[test]
    fn other_comments_are_not_directives_and_unknown_words_are_kept() {
        assert_eq!(
            directives(
                "<!-- a note -->\n\n<!-- copydesk-ingore x -->\n\nText.",
                Format::Markdown
            ),
            vec![(None, vec!["x"])]
        );
    }

    #[test]
    fn plain_text_directives_are_lines_of_their_own() {
        assert_eq!(
            directives(
                "Text.\n  copydesk-disable  \nMore.\n<!-- copydesk-enable -->\nThe copydesk-ignore here is prose.",
                Format::PlainText
            ),
            vec![
                (Some(Action::Disable), vec![]),
                (Some(Action::Enable), vec![])
            ]
        );
    }

    fn silenced(text: &str, format: Format, code: &str) -> Vec<usize> {
        let draft = Draft::new(text, format);
        let silences = Silences::new(&draft, &parse(&draft));
        (0..text.len())
            .filter(|&i| silences.silences(code, i))
            .collect()
    }

    #[test]
    fn ignore_covers_the_next_block_only() {
        let text = "<!-- copydesk-ignore x -->\nOne.\n\nTwo.";
        let hit = silenced(text, Format::Markdown, "x");
        assert!(hit.contains(&text.find("One").unwrap()));
        assert!(!hit.contains(&text.find("Two").unwrap()));
        assert!(silenced(text, Format::Markdown, "y").is_empty());
    }

    #[test]
    fn ignore_inside_a_block_covers_that_block() {
        let text = "One. <!-- copydesk-ignore --> More.\n\nTwo.";
        let hit = silenced(text, Format::Markdown, "anything");
        assert!(hit.contains(&0));
        assert!(!hit.contains(&text.find("Two").unwrap()));
    }

    #[test]
    fn disable_runs_to_its_enable_or_to_the_end() {
        let text = "A.\n\n<!-- copydesk-disable x, y -->\n\nB.\n\n<!-- copydesk-enable x -->\n\nC.";
        let b = text.find("B.").unwrap();
        let c = text.find("C.").unwrap();
        assert_eq!(
            [0, b, c].map(|i| silenced(text, Format::Markdown, "x").contains(&i)),
            [false, true, false]
        );
        assert_eq!(
            [0, b, c].map(|i| silenced(text, Format::Markdown, "y").contains(&i)),
            [false, true, true]
        );
    }

    #[test]
    fn enable_without_codes_ends_every_region() {
        let text = "<!-- copydesk-disable -->\n\n<!-- copydesk-disable x -->\n\nB.\n\n<!-- copydesk-enable -->\n\nC.";
        let c = text.find("C.").unwrap();
        assert!(silenced(text, Format::Markdown, "x").contains(&text.find("B.").unwrap()));
        assert!(!silenced(text, Format::Markdown, "x").contains(&c));
        assert!(!silenced(text, Format::Markdown, "z").contains(&c));
    }

    #[test]
    fn a_comment_split_over_lines_is_a_directive() {
        let text = "<!--\ncopydesk-ignore\nx\n-->\nOne.";
        assert!(silenced(text, Format::Markdown, "x").contains(&text.find("One").unwrap()));
    }

    #[test]
    fn ignore_here_silences_the_finding_it_is_offered_for() {
        use crate::analysis::{Format, Settings, analyze};
        for (text, format) in [
            (
                "Intro.\n\nHe said “open and\nnever closed.\n",
                Format::Markdown,
            ),
            (
                "Intro.\n\nHe said “open and\nnever closed.\n",
                Format::PlainText,
            ),
            ("# Title\n\n- item\n- He said “open\n", Format::Markdown),
        ] {
            let found = analyze(text, format, &Settings::default()).findings;
            let finding = found.iter().find(|f| f.code == "unclosed-quote").unwrap();
            let (at, insert) = ignore_here(text, format, finding.span.start, finding.code);
            let mut fixed = text.to_string();
            fixed.insert_str(at, &insert);
            let after = analyze(&fixed, format, &Settings::default()).findings;
            assert!(
                after.iter().all(|f| f.code != "unclosed-quote"),
                "{fixed:?}: {after:?}"
            );
            assert!(
                after.iter().all(|f| f.code != "unknown-directive"),
                "{after:?}"
            );
        }
    }
}
