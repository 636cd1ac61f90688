//! The style sheet (`copydesk.toml`, or the file the `configFile` setting names) in the server:
//! its problems as diagnostics in the file itself, and the message shown when an error keeps the
//! last good configuration in force.

use tower_lsp_server::ls_types::{Diagnostic, NumberOrString};

use super::diagnostics;
use crate::analysis::Severity;
use crate::config::{self, Config};
use crate::line_index::{Encoding, LineIndex};

/// The code of every diagnostic published in `copydesk.toml`.
pub const CODE: &str = "copydesk-toml";

/// What reading the style sheet gave.
#[derive(Debug)]
pub struct Read {
    /// The configuration, or `None` when an error rejected the file.
    pub config: Option<Config>,
    /// Its problems, ready to publish in `copydesk.toml`.
    pub diagnostics: Vec<Diagnostic>,
    /// How many of them are errors.
    pub errors: usize,
}

/// Parses the text of `copydesk.toml` (`None`: there is no file, so the defaults apply).
pub fn read(text: Option<&str>, encoding: Encoding) -> Read {
    let Some(text) = text else {
        return Read {
            config: Some(Config::default()),
            diagnostics: Vec::new(),
            errors: 0,
        };
    };
    let parsed = config::parse(text);
    let index = LineIndex::new(text);
    let diagnostics = parsed
        .problems
        .iter()
        .map(|problem| Diagnostic {
            range: diagnostics::range(text, &index, problem.span, encoding),
            severity: Some(diagnostics::severity(problem.severity)),
            code: Some(NumberOrString::String(CODE.to_string())),
            source: Some(diagnostics::SOURCE.to_string()),
            message: problem.message.clone(),
            ..Diagnostic::default()
        })
        .collect();
    let errors = parsed
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    Read {
        config: parsed.config,
        diagnostics,
        errors,
    }
}

/// The message shown when the style sheet `file` (its name) was rejected.
pub fn rejected_message(file: &str, errors: usize) -> String {
    let what = if errors == 1 {
        "an error".to_string()
    } else {
        format!("{errors} errors")
    };
    format!("{file} has {what} (see its diagnostics); the last good configuration stays in force")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_a_diagnostic_at_its_line_and_rejects_the_file() {
        let read = read(Some("[names]\nnot-names = 3\n"), Encoding::Utf16);
        assert!(read.config.is_none());
        assert_eq!(read.errors, 1);
        assert_eq!(read.diagnostics[0].range.start.line, 1);
        let fine = super::read(
            Some("[names]\nnot-names = [\"Breaking\"]\n"),
            Encoding::Utf16,
        );
        assert!(fine.config.is_some() && fine.diagnostics.is_empty());
        assert!(super::read(None, Encoding::Utf16).config.is_some());
        assert!(rejected_message("copydesk.toml", 2).starts_with("copydesk.toml has 2 errors"));
    }
}
