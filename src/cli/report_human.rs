//! The report for people: `path:line:col: severity[code] message`, the source line with the
//! span underlined (like rustc or ruff), suggestions and related places, and a summary.
//!
//! Lines and columns come from [`crate::line_index`]; this module only measures how wide text
//! is on a terminal (tabs, wide and zero-width characters) to place the underline.

use super::check::FileReport;
use crate::analysis::{Finding, Severity, Span};
use crate::line_index::Encoding;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthChar;

/// Columns a tab takes in the snippet.
const TAB_WIDTH: usize = 4;
/// Lines longer than this (a whole paragraph on one line) are cut around the span.
const MAX_SNIPPET_WIDTH: usize = 100;
/// How much of the line to keep before the span when a line is cut.
const CONTEXT_BEFORE: usize = 30;
/// Bytes either side of a span's start that are measured for the snippet: enough for
/// `MAX_SNIPPET_WIDTH` columns of four-byte characters.
const REACH: usize = 4 * MAX_SNIPPET_WIDTH;
/// A span over more lines than this shows its first two lines, `...` and its last line.
const MAX_SNIPPET_LINES: usize = 4;

/// Appends every finding of one file, each followed by a blank line.
pub fn render_file(report: &FileReport, out: &mut String) {
    for finding in &report.findings {
        render_finding(report, finding, out);
        out.push('\n');
    }
}

fn render_finding(report: &FileReport, finding: &Finding, out: &mut String) {
    let at = report.locate(finding.span);
    let _ = writeln!(
        out,
        "{}:{}:{}: {}[{}] {}",
        report.path,
        at.line,
        at.column,
        finding.severity.as_str(),
        finding.code,
        finding.message
    );
    let lines = snippet_lines(report, finding.span);
    let gutter = lines
        .iter()
        .filter_map(|line| line.number)
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad} |");
    for line in &lines {
        match line.number {
            Some(number) => {
                let _ = writeln!(out, "{number:>gutter$} | {}", line.text.trim_end());
                if !line.carets.is_empty() {
                    let _ = writeln!(out, "{pad} | {}", line.carets);
                }
            }
            None => {
                let _ = writeln!(out, "{:>gutter$}", "...");
            }
        }
    }
    if !finding.suggestions.is_empty() {
        let _ = writeln!(
            out,
            "{pad} = help: {}",
            describe_suggestions(&finding.suggestions)
        );
    }
    for related in &finding.related {
        let place = report.place(related);
        let r = place.location;
        let _ = writeln!(
            out,
            "{pad} = note: {}:{}:{}: {}",
            place.path, r.line, r.column, related.message
        );
    }
}

fn describe_suggestions(suggestions: &[String]) -> String {
    let quoted: Vec<String> = suggestions
        .iter()
        .map(|s| {
            if s.is_empty() {
                "nothing (delete it)".to_string()
            } else {
                format!("`{s}`")
            }
        })
        .collect();
    match quoted.as_slice() {
        [one] => format!("replace with {one}"),
        _ => format!("replace with one of {}", quoted.join(", ")),
    }
}

/// A line of the snippet: its 1-based number (`None` for the `...` that stands for skipped
/// lines), its text as displayed, and the underline below it.
#[derive(Debug, PartialEq, Eq)]
struct SnippetLine {
    number: Option<usize>,
    text: String,
    carets: String,
}

fn snippet_lines(report: &FileReport, span: Span) -> Vec<SnippetLine> {
    let text = &report.text;
    let start = report.index().line_col(text, span.start, Encoding::Utf8);
    let end = report.index().line_col(text, span.end, Encoding::Utf8);
    let first = start.line as usize;
    let mut last = (end.line as usize).max(first);
    // A span that ends where a line begins (after a line break) covers nothing of that line.
    if last > first && end.col == 0 {
        last -= 1;
    }
    let mut shown: Vec<Option<usize>> = (first..=last).map(Some).collect();
    if shown.len() > MAX_SNIPPET_LINES {
        shown = vec![Some(first), Some(first + 1), None, Some(last)];
    }
    shown
        .into_iter()
        .map(|line| match line {
            Some(line) => {
                let (line_start, line_end) = report.index().line_span(text, line).unwrap_or((0, 0));
                let covered = Span::new(
                    span.start.clamp(line_start, line_end),
                    span.end.clamp(line_start, line_end),
                );
                let (shown_text, carets) = underline(
                    text.get(line_start..line_end).unwrap_or(""),
                    Span::new(covered.start - line_start, covered.end - line_start),
                    line == first,
                );
                SnippetLine {
                    number: Some(line + 1),
                    text: shown_text,
                    carets,
                }
            }
            None => SnippetLine {
                number: None,
                text: String::new(),
                carets: String::new(),
            },
        })
        .collect()
}

/// One character as displayed: its text, its width on a terminal and its byte offset.
struct Cell {
    shown: String,
    width: usize,
    offset: usize,
}

/// The line as displayed and the carets under `covered` (byte offsets into `line`). On the
/// span's first line there is always at least one caret, so an empty span still shows where
/// it is. A line too long for the terminal is cut around the span, with `…` at each cut.
fn underline(line: &str, covered: Span, first_line: bool) -> (String, String) {
    // Only the bytes that can reach the window are measured, so that a long line with many
    // findings costs each of them the same small amount, not the length of the line.
    let from_byte = line.floor_char_boundary(covered.start.saturating_sub(REACH));
    let to_byte = line.ceil_char_boundary(covered.start.saturating_add(REACH));
    let cut_front = from_byte > 0;
    let cut_back = to_byte < line.len();
    let line = &line[from_byte..to_byte];
    let covered = Span::new(
        covered.start - from_byte,
        covered.end.min(to_byte).max(covered.start) - from_byte,
    );
    let cells: Vec<Cell> = line
        .char_indices()
        .map(|(offset, c)| {
            let (shown, width) = match c {
                '\t' => (" ".repeat(TAB_WIDTH), TAB_WIDTH),
                c if c.is_control() => ('\u{fffd}'.to_string(), 1),
                c => (c.to_string(), c.width().unwrap_or(0)),
            };
            Cell {
                shown,
                width,
                offset,
            }
        })
        .collect();
    let total: usize = cells.iter().map(|c| c.width).sum();
    let before: usize = cells
        .iter()
        .take_while(|c| c.offset < covered.start)
        .map(|c| c.width)
        .sum();
    // Keep whole cells whose display columns fall in the window.
    let (from, to) = if total <= MAX_SNIPPET_WIDTH {
        (0, total)
    } else {
        let from = before.saturating_sub(CONTEXT_BEFORE);
        (from, (from + MAX_SNIPPET_WIDTH).min(total))
    };
    let mut shown = String::new();
    let mut carets = String::new();
    if from > 0 || cut_front {
        shown.push('…');
        carets.push(' ');
    }
    let mut column = 0;
    let mut marked = false;
    for cell in &cells {
        let cell_start = column;
        column += cell.width;
        if cell_start < from || column > to {
            continue;
        }
        shown.push_str(&cell.shown);
        let inside = covered.start <= cell.offset && cell.offset < covered.end;
        let mark = if inside { '^' } else { ' ' };
        // A zero-width character inside the span still gets a caret once something is marked.
        carets.extend(std::iter::repeat_n(mark, cell.width));
        marked |= inside && cell.width > 0;
    }
    if to < total || cut_back {
        shown.push('…');
    }
    if first_line && !marked {
        let at = before.saturating_sub(from) + usize::from(from > 0 || cut_front);
        carets = format!("{}^", " ".repeat(at));
    }
    (shown, carets.trim_end().to_string())
}

/// What the closing line counts, gathered as files are checked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub files_with_findings: usize,
    /// Findings by severity: error, warning, information, hint.
    pub findings: [usize; 4],
    /// Paths that could not be checked.
    pub failed: usize,
}

const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::Warning,
    Severity::Information,
    Severity::Hint,
];

impl Tally {
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        if !report.findings.is_empty() {
            self.files_with_findings += 1;
        }
        for finding in &report.findings {
            if let Some(i) = SEVERITIES.iter().position(|&s| s == finding.severity) {
                self.findings[i] += 1;
            }
        }
    }

    /// Whether anything at warning or above was found.
    pub fn found_warnings(&self) -> bool {
        self.findings[0] + self.findings[1] > 0
    }

    /// The closing line: how many findings of each severity in how many files, and how many
    /// paths could not be checked.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = SEVERITIES
            .iter()
            .zip(self.findings)
            .filter(|(_, n)| *n > 0)
            .map(|(severity, n)| plural(n, severity.as_str()))
            .collect();
        let mut line = if counts.is_empty() {
            format!("No problems found in {}.", plural(self.files, "file"))
        } else {
            let place = if self.files_with_findings == self.files {
                plural(self.files, "file")
            } else {
                format!(
                    "{} of {}",
                    self.files_with_findings,
                    plural(self.files, "file")
                )
            };
            format!("Found {} in {place}.", counts.join(", "))
        };
        if self.failed > 0 {
            let _ = write!(
                line,
                " {} could not be checked.",
                plural(self.failed, "path")
            );
        }
        line.push('\n');
        line
    }
}

fn plural(n: usize, word: &str) -> String {
    let suffix = match (n, word) {
        (1, _) => "",
        (_, "information") => "",
        _ => "s",
    };
    format!("{n} {word}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Format, Related, Settings};
    use crate::cli::check::check_text;

    fn finding(span: Span, suggestions: &[&str]) -> Finding {
        Finding {
            code: "test-check",
            severity: Severity::Warning,
            span,
            message: "Something to look at".to_string(),
            suggestions: suggestions.iter().map(|s| s.to_string()).collect(),
            related: Vec::new(),
        }
    }

    /// Renders findings placed by hand, so that any span shape can be tried.
    fn render_with(text: &str, findings: Vec<Finding>) -> String {
        let mut report = check_text(
            "story.md".into(),
            text,
            Format::PlainText,
            &Settings {
                overrides: vec![("unclosed-quote".into(), None)],
                ..Settings::default()
            },
        );
        report.findings = findings;
        let mut out = String::new();
        render_file(&report, &mut out);
        out
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    /// Drops the newline after the opening `r"` of an expected block.
    fn block(expected: &str) -> String {
        expected.strip_prefix('\n').unwrap_or(expected).to_string()
    }

    #[test]
    fn underlines_the_span_with_help_and_notes() {
        let text = "First line.\nThe envoy went to Lybia on Monday.\nLibya said so.\n";
        let mut f = finding(span_of(text, "Lybia"), &["Libya"]);
        f.related.push(Related::here(
            span_of(text, "Libya"),
            "spelled `Libya` here".into(),
        ));
        assert_eq!(
            render_with(text, vec![f]),
            block(
                r"
story.md:2:19: warning[test-check] Something to look at
  |
2 | The envoy went to Lybia on Monday.
  |                   ^^^^^
  = help: replace with `Libya`
  = note: story.md:3:1: spelled `Libya` here

"
            )
        );
    }

    #[test]
    fn tabs_and_wide_characters_keep_the_underline_aligned() {
        let text = "\t“東京 😀” Lybia\r\n";
        let out = render_with(
            text,
            vec![finding(span_of(text, "Lybia"), &["Libya", "Libia"])],
        );
        assert_eq!(
            out,
            block(
                r"
story.md:1:9: warning[test-check] Something to look at
  |
1 |     “東京 😀” Lybia
  |               ^^^^^
  = help: replace with one of `Libya`, `Libia`

"
            )
        );
    }

    #[test]
    fn a_span_over_two_lines_underlines_both_parts() {
        let text = "He said “we will\nnot go” and left.\n";
        let start = text.find('“').unwrap();
        let end = text.find('”').unwrap() + '”'.len_utf8();
        let out = render_with(text, vec![finding(Span::new(start, end), &[])]);
        assert_eq!(
            out,
            block(
                r"
story.md:1:9: warning[test-check] Something to look at
  |
1 | He said “we will
  |         ^^^^^^^^
2 | not go” and left.
  | ^^^^^^^

"
            )
        );
    }

    #[test]
    fn a_long_span_shows_its_first_and_last_lines() {
        let text = "“a\nb\nc\nd\ne\nf”\n";
        let out = render_with(text, vec![finding(Span::new(0, text.len() - 1), &[])]);
        assert_eq!(
            out,
            block(
                r"
story.md:1:1: warning[test-check] Something to look at
  |
1 | “a
  | ^^
2 | b
  | ^
...
6 | f”
  | ^^

"
            )
        );
    }

    #[test]
    fn an_empty_span_gets_one_caret_and_a_deletion_is_named() {
        let text = "End of story .\n";
        let at = text.find(" .").unwrap();
        let out = render_with(
            text,
            vec![
                finding(Span::new(at, at + 1), &[""]),
                finding(Span::new(at, at), &[]),
            ],
        );
        assert!(out.contains("1 | End of story .\n  |             ^\n  = help: replace with nothing (delete it)\n"), "{out}");
        assert!(
            out.contains("1 | End of story .\n  |             ^\n\n"),
            "{out}"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        // Longer than the snippet, and far longer than the bytes measured around the span.
        for repeat in [40, 2_000] {
            let text = format!(
                "{}Lybia {}\n",
                "wörd ".repeat(repeat),
                "more ".repeat(repeat)
            );
            let out = render_with(&text, vec![finding(span_of(&text, "Lybia"), &[])]);
            let lines: Vec<&str> = out.lines().collect();
            assert!(lines[2].starts_with("1 | …"), "{out}");
            assert!(lines[2].ends_with('…'), "{out}");
            assert!(lines[2].chars().count() <= MAX_SNIPPET_WIDTH + 6, "{out}");
            // Both lines start with the gutter and `…` or a space: one character per column.
            let caret = lines[3].chars().position(|c| c == '^').unwrap();
            let shown: String = lines[2].chars().skip(caret).take(5).collect();
            assert_eq!(shown, "Lybia", "{out}");
        }
    }

    #[test]
    fn the_summary_counts_findings_files_and_failures() {
        let clean = check_text(
            "a.txt".into(),
            "Fine.\n",
            Format::PlainText,
            &Settings::default(),
        );
        let flagged = check_text(
            "b.txt".into(),
            "“Open\n",
            Format::PlainText,
            &Settings::default(),
        );
        let mut tally = Tally::default();
        tally.add(&clean);
        assert_eq!(tally.summary(), "No problems found in 1 file.\n");
        tally.add(&flagged);
        assert_eq!(tally.summary(), "Found 1 warning in 1 of 2 files.\n");
        assert!(tally.found_warnings());
        let failed = Tally {
            failed: 2,
            ..Tally::default()
        };
        assert_eq!(
            failed.summary(),
            "No problems found in 0 files. 2 paths could not be checked.\n"
        );
    }
}
