//! Quick fixes built from the suggestions of findings, generic for every check.
//!
//! Each action carries its own `WorkspaceEdit`: no client-side command that only one editor
//! understands. For a finding under the cursor there is one "Change to “X”" per suggestion,
//! and, when several findings in the document share the check, the covered text and the first
//! suggestion, one "Change all N “A” to “X”" that fixes them together.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics;
use super::documents::Analysed;
use crate::analysis::{Finding, Span};
use crate::line_index::Encoding;

/// How edits are addressed to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditStyle {
    /// `documentChanges` with the document version, so a stale edit is refused by the editor.
    Versioned,
    /// The plain `changes` map, for clients that do not support `documentChanges`.
    Plain,
}

/// The quick fixes for the findings that touch `range` (a byte span of `analysed.text`).
pub fn actions(
    uri: &Uri,
    analysed: &Analysed,
    range: Span,
    encoding: Encoding,
    style: EditStyle,
) -> Vec<CodeActionOrCommand> {
    let text = &*analysed.text;
    let touching = |f: &&Finding| f.span.start <= range.end && range.start <= f.span.end;
    let mut groups: HashMap<(&str, &str, &str), Vec<&Finding>> = HashMap::new();
    for finding in &analysed.analysis.findings {
        if let Some(first) = finding.suggestions.first() {
            groups
                .entry((finding.code, finding.span.text(text), first.as_str()))
                .or_default()
                .push(finding);
        }
    }
    let edit = |findings: &[&Finding], replacement: &str| {
        let edits = findings
            .iter()
            .map(|f| TextEdit {
                range: diagnostics::range(text, &analysed.index, f.span, encoding),
                new_text: replacement.to_string(),
            })
            .collect();
        workspace_edit(uri, Some(analysed.version), edits, style)
    };
    let diagnostic = |f: &Finding| diagnostics::diagnostic(uri, text, &analysed.index, f, encoding);

    let mut actions = Vec::new();
    let mut offered_all = Vec::new();
    for finding in analysed.analysis.findings.iter().filter(touching) {
        let covered = finding.span.text(text);
        for (i, suggestion) in finding.suggestions.iter().enumerate() {
            actions.push(CodeAction {
                title: title(covered, suggestion, None),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(finding)]),
                edit: Some(edit(&[finding], suggestion)),
                is_preferred: Some(i == 0),
                ..CodeAction::default()
            });
        }
        let Some(first) = finding.suggestions.first() else {
            continue;
        };
        let key = (finding.code, covered, first.as_str());
        let Some(all) = groups.get(&key) else {
            continue;
        };
        if all.len() < 2 || offered_all.contains(&key) {
            continue;
        }
        offered_all.push(key);
        actions.push(CodeAction {
            title: title(covered, first, Some(all.len())),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(all.iter().map(|f| diagnostic(f)).collect()),
            edit: Some(edit(all, first)),
            ..CodeAction::default()
        });
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

fn title(covered: &str, replacement: &str, all: Option<usize>) -> String {
    match (all, replacement.is_empty()) {
        (None, false) => format!("Change to “{replacement}”"),
        (None, true) => format!("Remove “{covered}”"),
        (Some(n), false) => format!("Change all {n} “{covered}” to “{replacement}”"),
        (Some(n), true) => format!("Remove all {n} “{covered}”"),
    }
}

/// Edits to one document at `version` (`None`: a file the editor does not have open), addressed
/// in the client's style (also used by rename and the style-sheet fixes).
pub fn workspace_edit(
    uri: &Uri,
    version: Option<i32>,
    edits: Vec<TextEdit>,
    style: EditStyle,
) -> WorkspaceEdit {
    match style {
        EditStyle::Versioned => WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version,
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        },
        EditStyle::Plain => WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analysis, Severity};
    use crate::line_index::LineIndex;

    fn finding(text: &str, word: &str, nth: usize, fix: &str) -> Finding {
        let start = text.match_indices(word).nth(nth).unwrap().0;
        Finding {
            code: "name-spelling",
            severity: Severity::Warning,
            span: Span::new(start, start + word.len()),
            message: format!("{word}?"),
            suggestions: vec![fix.to_string(), "Other".to_string()],
            related: Vec::new(),
        }
    }

    fn titles(actions: &[CodeActionOrCommand]) -> Vec<String> {
        actions
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect()
    }

    #[test]
    fn offers_each_suggestion_and_a_change_all_for_repeated_findings() {
        let text = "Lybia and Libya.\nLybia again, and “Lybia”.";
        let analysed = Analysed {
            version: 7,
            revision: 0,
            generation: 0,
            text: text.into(),
            index: LineIndex::new(text),
            analysis: Analysis {
                findings: vec![
                    finding(text, "Lybia", 0, "Libya"),
                    finding(text, "Lybia", 1, "Libya"),
                    finding(text, "Lybia", 2, "Libya"),
                ],
                ..Analysis::default()
            },
            diagnostics: Vec::new(),
        };
        let uri: Uri = "file:///d.md".parse().unwrap();
        let at = text.rfind("Lybia").unwrap();
        let actions = actions(
            &uri,
            &analysed,
            Span::new(at + 1, at + 1),
            Encoding::Utf16,
            EditStyle::Plain,
        );
        assert_eq!(
            titles(&actions),
            [
                "Change to “Libya”",
                "Change to “Other”",
                "Change all 3 “Lybia” to “Libya”"
            ]
        );
        let CodeActionOrCommand::CodeAction(all) = &actions[2] else {
            panic!("not a code action");
        };
        let edits = &all.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
        assert_eq!(edits.len(), 3);
        // The third one sits after a curly quote: 18 UTF-16 units into line 1.
        assert_eq!(edits[2].range.start.line, 1);
        assert_eq!(edits[2].range.start.character, 18);
        assert_eq!(edits[2].new_text, "Libya");
    }

    #[test]
    fn versioned_edits_name_the_document_version_and_nothing_is_offered_away_from_findings() {
        let text = "Lybia.";
        let analysed = Analysed {
            version: 3,
            revision: 0,
            generation: 0,
            text: text.into(),
            index: LineIndex::new(text),
            analysis: Analysis {
                findings: vec![finding(text, "Lybia", 0, "Libya")],
                ..Analysis::default()
            },
            diagnostics: Vec::new(),
        };
        let uri: Uri = "file:///d.md".parse().unwrap();
        let found = actions(
            &uri,
            &analysed,
            Span::new(0, 0),
            Encoding::Utf8,
            EditStyle::Versioned,
        );
        let CodeActionOrCommand::CodeAction(first) = &found[0] else {
            panic!("not a code action");
        };
        let Some(DocumentChanges::Edits(edits)) = &first.edit.as_ref().unwrap().document_changes
        else {
            panic!("no document changes");
        };
        assert_eq!(edits[0].text_document.version, Some(3));
        assert!(
            actions(
                &uri,
                &analysed,
                Span::new(6, 6),
                Encoding::Utf8,
                EditStyle::Plain
            )
            .is_empty()
        );
    }
}
