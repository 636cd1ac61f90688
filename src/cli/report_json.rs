//! The JSON report: exactly one object, `{"diagnostics": [...]}`, for scripts and other tools.
//!
//! Each diagnostic has `path`, `code`, `severity`, `message`, `line`, `column`, `end_line`,
//! `end_column` (1-based; columns count Unicode scalar values), `start_byte` and `end_byte`
//! (0-based offsets into the file, end exclusive), `text` (exactly the covered text),
//! `suggestions` (replacement texts, possibly empty) and `related` (other places that explain
//! the finding, each with the same position fields and a `message`).

use super::check::FileReport;
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    path: &'a str,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start_byte: usize,
    end_byte: usize,
    text: &'a str,
    suggestions: &'a [String],
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start_byte: usize,
    end_byte: usize,
    text: &'a str,
    message: &'a str,
}

/// The whole report, pretty-printed, ending in a newline.
pub fn render(reports: &[&FileReport]) -> String {
    let mut diagnostics = Vec::new();
    for report in reports {
        for finding in &report.findings {
            let at = report.locate(finding.span);
            let related = finding
                .related
                .iter()
                .map(|related| {
                    let r = report.locate(related.span);
                    Related {
                        path: &report.path,
                        line: r.line,
                        column: r.column,
                        end_line: r.end_line,
                        end_column: r.end_column,
                        start_byte: r.start_byte,
                        end_byte: r.end_byte,
                        text: related.span.text(&report.text),
                        message: &related.message,
                    }
                })
                .collect();
            diagnostics.push(Diagnostic {
                path: &report.path,
                code: finding.code,
                severity: finding.severity.as_str(),
                message: &finding.message,
                line: at.line,
                column: at.column,
                end_line: at.end_line,
                end_column: at.end_column,
                start_byte: at.start_byte,
                end_byte: at.end_byte,
                text: finding.span.text(&report.text),
                suggestions: &finding.suggestions,
                related,
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&Report { diagnostics })
        .expect("strings and numbers always serialise");
    out.push('\n');
    out
}
