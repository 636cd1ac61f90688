//! Findings of the core turned into LSP diagnostics, and byte spans into LSP ranges.

use serde::Serialize;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

use crate::analysis::{Finding, Severity, Span};
use crate::line_index::{Encoding, LineIndex};

/// What every diagnostic copydesk publishes names as its source.
pub const SOURCE: &str = "copydesk";

/// The LSP range of a byte span of `text`.
pub fn range(text: &str, index: &LineIndex, span: Span, encoding: Encoding) -> Range {
    let position = |offset| {
        let at = index.line_col(text, offset, encoding);
        Position::new(at.line, at.col)
    };
    Range::new(position(span.start), position(span.end))
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The diagnostic for one finding in the document `uri`, whose text is `text`.
pub fn diagnostic(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    finding: &Finding,
    encoding: Encoding,
) -> Diagnostic {
    let related: Vec<_> = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(text, index, related.span, encoding)),
            message: related.message.clone(),
        })
        .collect();
    Diagnostic {
        range: range(text, index, finding.span, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// The parameters of `textDocument/publishDiagnostics`, borrowed: serialised as
/// [`PublishDiagnosticsParams`](tower_lsp_server::ls_types::PublishDiagnosticsParams) is,
/// without copying a document's diagnostics to publish them.
#[derive(Serialize)]
pub struct Publish<'a> {
    pub uri: &'a Uri,
    pub diagnostics: &'a [Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Related;

    #[test]
    fn carries_code_source_severity_and_related_places() {
        let text = "“Yes,” he said. “No";
        let index = LineIndex::new(text);
        let open = text.rfind('“').unwrap();
        let finding = Finding {
            code: "unclosed-quote",
            severity: Severity::Warning,
            span: Span::new(open, open + '“'.len_utf8()),
            message: "never closed".into(),
            suggestions: Vec::new(),
            related: vec![Related::here(
                Span::new(0, '“'.len_utf8()),
                "an earlier quote".into(),
            )],
        };
        let uri: Uri = "file:///draft.md".parse().unwrap();
        let d = diagnostic(&uri, text, &index, &finding, Encoding::Utf16);
        assert_eq!(
            d.range,
            Range::new(Position::new(0, 16), Position::new(0, 17))
        );
        assert_eq!(d.source.as_deref(), Some(SOURCE));
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(
            d.code,
            Some(NumberOrString::String("unclosed-quote".into()))
        );
        let related = d.related_information.unwrap();
        assert_eq!(related[0].location.uri, uri);
        assert_eq!(
            related[0].location.range,
            Range::new(Position::new(0, 0), Position::new(0, 1))
        );
        let d8 = diagnostic(&uri, text, &index, &finding, Encoding::Utf8);
        assert_eq!(d8.range.start, Position::new(0, open as u32));
    }

    #[test]
    fn borrowed_parameters_serialise_as_the_library_type() {
        use tower_lsp_server::ls_types::PublishDiagnosticsParams;
        let text = "“Yes,” he said. “No";
        let index = LineIndex::new(text);
        let finding = Finding {
            code: "unclosed-quote",
            severity: Severity::Warning,
            span: Span::new(0, '“'.len_utf8()),
            message: "never \"closed\"".into(),
            suggestions: Vec::new(),
            related: vec![Related::here(Span::new(3, 6), "here".into())],
        };
        let uri: Uri = "file:///a%20draft.md".parse().unwrap();
        let diagnostics = vec![diagnostic(&uri, text, &index, &finding, Encoding::Utf16)];
        for version in [Some(7), None] {
            let borrowed = Publish {
                uri: &uri,
                diagnostics: &diagnostics,
                version,
            };
            let owned = PublishDiagnosticsParams::new(uri.clone(), diagnostics.clone(), version);
            assert_eq!(
                serde_json::to_value(&borrowed).unwrap(),
                serde_json::to_value(&owned).unwrap()
            );
        }
    }
}
