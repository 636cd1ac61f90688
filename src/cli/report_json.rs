//! The JSON report: exactly one object, `{"diagnostics": [...]}`, for scripts and other tools.
//!
//! Each diagnostic has `path`, `code`, `severity`, `message`, `line`, `column`, `end_line`,
//! `end_column` (1-based; columns count Unicode scalar values), `start_byte` and `end_byte`
//! (0-based offsets into the file, end exclusive), `text` (exactly the covered text),
//! `suggestions` (replacement texts, possibly empty) and `related` (other places that explain
//! the finding, each with the same position fields and a `message`).

use super::check::FileReport;
use serde::Serialize;

/// The report being built: each file's findings are added as it is checked, so that the
/// file's text can be dropped right after.
#[derive(Serialize, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct Diagnostic {
    path: String,
    code: String,
    severity: String,
    message: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start_byte: usize,
    end_byte: usize,
    text: String,
    suggestions: Vec<String>,
    related: Vec<Related>,
}

#[derive(Serialize)]
struct Related {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start_byte: usize,
    end_byte: usize,
    text: String,
    message: String,
}

impl Report {
    /// Adds every finding of one checked file.
    pub fn add(&mut self, report: &FileReport) {
        for finding in &report.findings {
            let at = report.locate(finding.span);
            let related = finding
                .related
                .iter()
                .map(|related| {
                    let place = report.place(related);
                    let r = place.location;
                    Related {
                        path: place.path.to_string(),
                        line: r.line,
                        column: r.column,
                        end_line: r.end_line,
                        end_column: r.end_column,
                        start_byte: r.start_byte,
                        end_byte: r.end_byte,
                        text: place.text.to_string(),
                        message: related.message.clone(),
                    }
                })
                .collect();
            self.diagnostics.push(Diagnostic {
                path: report.path.clone(),
                code: finding.code.to_string(),
                severity: finding.severity.as_str().to_string(),
                message: finding.message.clone(),
                line: at.line,
                column: at.column,
                end_line: at.end_line,
                end_column: at.end_column,
                start_byte: at.start_byte,
                end_byte: at.end_byte,
                text: finding.span.text(&report.text).to_string(),
                suggestions: finding.suggestions.clone(),
                related,
            });
        }
    }

    /// The whole report, pretty-printed, ending in a newline.
    pub fn render(&self) -> String {
        let mut out =
            serde_json::to_string_pretty(self).expect("strings and numbers always serialise");
        out.push('\n');
        out
    }
}
