//! Quick fixes that silence a finding on purpose: "Ignore CODE here" (an ignore comment before
//! the block), and, for `name-spelling`, "Make “X” the preferred spelling" and "Keep “X” as a
//! separate name", which edit `copydesk.toml` (creating it when it is missing).
//!
//! Every action carries its `WorkspaceEdit`; nothing is written by the server.

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::code_actions::{EditStyle, workspace_edit};
use super::diagnostics;
use super::documents::Analysed;
use crate::analysis::checks::name_spelling;
use crate::analysis::directives::ignore_here;
use crate::analysis::{Finding, Format, Span};
use crate::config::Config;
use crate::config::edit::{self, Insert};
use crate::line_index::{Encoding, LineIndex};

/// The style sheet as the quick fixes see it.
#[derive(Debug)]
pub struct StyleFile {
    pub uri: Uri,
    /// Its text, or `None` when there is no file yet.
    pub text: Option<String>,
    /// Its version, when the editor has it open.
    pub version: Option<i32>,
    /// The configuration in force.
    pub config: Config,
    /// Whether the client can create files through a workspace edit.
    pub can_create: bool,
}

/// The quick fixes for the findings of `analysed` that touch `range`.
pub fn actions(
    uri: &Uri,
    analysed: &Analysed,
    format: Format,
    range: Span,
    encoding: Encoding,
    style: EditStyle,
    file: Option<&StyleFile>,
) -> Vec<CodeActionOrCommand> {
    let text = &*analysed.text;
    let mut out = Vec::new();
    let mut ignored: Vec<(&str, usize)> = Vec::new();
    for finding in analysed
        .analysis
        .findings
        .iter()
        .filter(|f| f.span.start <= range.end && range.start <= f.span.end)
    {
        let diagnostic = diagnostics::diagnostic(uri, text, &analysed.index, finding, encoding);
        let (at, insert) = ignore_here(text, format, finding.span.start, finding.code);
        if !ignored.contains(&(finding.code, at)) {
            ignored.push((finding.code, at));
            let edit = TextEdit {
                range: diagnostics::range(text, &analysed.index, Span::new(at, at), encoding),
                new_text: insert,
            };
            out.push(action(
                format!("Ignore {} here", finding.code),
                &diagnostic,
                workspace_edit(uri, Some(analysed.version), vec![edit], style),
            ));
        }
        let Some(file) = file else { continue };
        for (title, insert) in style_inserts(finding, &file.config, file.text.as_deref()) {
            if let Some(edit) = style_edit(file, insert, encoding, style) {
                out.push(action(title, &diagnostic, edit));
            }
        }
    }
    out.into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

fn action(
    title: String,
    diagnostic: &tower_lsp_server::ls_types::Diagnostic,
    edit: WorkspaceEdit,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        ..CodeAction::default()
    }
}

/// The style-sheet fixes a `name-spelling` finding offers, as insertions into the file's text.
fn style_inserts(finding: &Finding, config: &Config, text: Option<&str>) -> Vec<(String, Insert)> {
    let Some((spelling, preferred)) = name_spelling::spellings_of(finding) else {
        return Vec::new();
    };
    let text = text.unwrap_or("");
    let mut out = Vec::new();
    // Turning an entry around is left to the writer: offered only when neither is listed.
    let listed = config.style.spellings.iter().any(|s| {
        [spelling, preferred]
            .iter()
            .any(|w| s.preferred == *w || s.variants.iter().any(|v| v == w))
    });
    if !listed && let Some(insert) = edit::add_spelling(text, spelling, preferred) {
        out.push((format!("Make “{spelling}” the preferred spelling"), insert));
    }
    if !config.style.separate.iter().any(|s| s == spelling)
        && let Some(insert) = edit::add_separate(text, spelling)
    {
        out.push((format!("Keep “{spelling}” as a separate name"), insert));
    }
    out
}

/// The edit that makes one insertion into the style sheet, creating it first when missing.
fn style_edit(
    file: &StyleFile,
    insert: Insert,
    encoding: Encoding,
    style: EditStyle,
) -> Option<WorkspaceEdit> {
    let text = file.text.as_deref().unwrap_or("");
    let index = LineIndex::new(text);
    let at = Span::new(insert.offset, insert.offset);
    let edit = TextEdit {
        range: diagnostics::range(text, &index, at, encoding),
        new_text: insert.text,
    };
    if file.text.is_some() {
        return Some(workspace_edit(&file.uri, file.version, vec![edit], style));
    }
    if style != EditStyle::Versioned || !file.can_create {
        return None;
    }
    let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
        uri: file.uri.clone(),
        options: Some(CreateFileOptions {
            overwrite: Some(false),
            ignore_if_exists: Some(true),
        }),
        annotation_id: None,
    }));
    let fill = DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: file.uri.clone(),
            version: None,
        },
        edits: vec![OneOf::Left(edit)],
    });
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![create, fill])),
        ..WorkspaceEdit::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{PreferredSpelling, Settings, analyze};

    fn finding(text: &str, settings: &Settings) -> Finding {
        analyze(text, Format::Markdown, settings).findings[0].clone()
    }

    #[test]
    fn style_fixes_are_offered_only_where_the_file_does_not_decide_already() {
        let text = "Sergei Shoigu spoke. Shoigu left. Later Shoygu came.";
        let plain = finding(text, &Settings::default());
        let titles = |config: &Config, file: Option<&str>| -> Vec<String> {
            style_inserts(&plain, config, file)
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        };
        assert_eq!(
            titles(&Config::default(), None),
            [
                "Make “Shoygu” the preferred spelling",
                "Keep “Shoygu” as a separate name"
            ]
        );
        let mut config = Config::default();
        config.style.spellings = vec![PreferredSpelling {
            preferred: "Shoigu".into(),
            variants: vec!["Shoygu".into()],
        }];
        assert_eq!(
            titles(&config, Some("")),
            ["Keep “Shoygu” as a separate name"]
        );
        assert!(titles(&Config::default(), Some("[broken")).is_empty());
    }
}
