//! Navigation over an entity's mentions: go to definition (the first full reference), find
//! references, document highlight, and rename.
//!
//! Rename works on one name word: the word under the cursor (`Semenov` in `Kirill Semenov`) is
//! replaced in every mention of the entity that has that word, full and surname forms alike.
//! Spellings that differ (a slip such as `Lybia`, a demonym such as `Libyan`) are left alone:
//! name-spelling's quick fix corrects slips.

use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightKind, Location, PrepareRenameResponse, TextEdit, Uri,
    WorkspaceEdit,
};

use super::code_actions::{EditStyle, workspace_edit};
use super::documents::Analysed;
use crate::analysis::Span;
use crate::analysis::entities::{Entity, EntityMention};
use crate::line_index::Encoding;

/// The LSP error code for a request that was understood but cannot be carried out.
const REQUEST_FAILED: i64 = -32803;

/// The entity under `offset`, its mentions, and the index of the mention there.
fn entity_at(analysed: &Analysed, offset: usize) -> Option<(&Entity, &[EntityMention], usize)> {
    let entities = &analysed.analysis.entities;
    let (e, m) = entities.at(offset)?;
    let entity = entities.entities.get(e)?;
    Some((entity, entities.mentions(entity), m))
}

/// The first full reference of the entity under `offset`.
pub fn definition(
    uri: &Uri,
    analysed: &Analysed,
    offset: usize,
    encoding: Encoding,
) -> Option<Location> {
    let (entity, mentions, _) = entity_at(analysed, offset)?;
    let first = mentions.get(entity.first_full)?;
    Some(Location::new(
        uri.clone(),
        analysed.range(first.span(), encoding),
    ))
}

/// Every mention of the entity under `offset`, variants included; the first full reference
/// only when `include_declaration`.
pub fn references(
    uri: &Uri,
    analysed: &Analysed,
    offset: usize,
    include_declaration: bool,
    encoding: Encoding,
) -> Option<Vec<Location>> {
    let (entity, mentions, _) = entity_at(analysed, offset)?;
    let locations = mentions
        .iter()
        .enumerate()
        .filter(|(m, _)| include_declaration || *m != entity.first_full)
        .map(|(_, mention)| Location::new(uri.clone(), analysed.range(mention.span(), encoding)))
        .collect();
    Some(locations)
}

/// Every mention of the entity under `offset`, to be marked in the editor.
pub fn highlights(
    analysed: &Analysed,
    offset: usize,
    encoding: Encoding,
) -> Option<Vec<DocumentHighlight>> {
    let (_, mentions, _) = entity_at(analysed, offset)?;
    let highlights = mentions
        .iter()
        .map(|mention| DocumentHighlight {
            range: analysed.range(mention.span(), encoding),
            kind: Some(DocumentHighlightKind::TEXT),
        })
        .collect();
    Some(highlights)
}

/// An error reply with `message` shown to the user.
fn refusal(message: String) -> Error {
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into(),
        data: None,
    }
}

/// The name word under `offset` (ends included), its entity and the entity's mentions, or why
/// there is none.
fn word_at(analysed: &Analysed, offset: usize) -> Result<(&Entity, &[EntityMention], Span), Error> {
    let text = &*analysed.text;
    let names = &analysed.analysis.names;
    let Some((entity, mentions, m)) = entity_at(analysed, offset) else {
        let word = word_around(text, offset);
        let message = if word.is_empty() {
            "Only a name can be renamed: there is no name here".to_string()
        } else {
            format!("Only a name can be renamed: “{word}” is not a name in this draft")
        };
        return Err(refusal(message));
    };
    let part = mentions.get(m).and_then(|mention| {
        mention
            .parts(names)
            .iter()
            .map(|p| p.span())
            .find(|p| p.start <= offset && offset <= p.end)
    });
    match part {
        Some(part) if !part.text(text).is_empty() => Ok((entity, mentions, part)),
        _ => Err(refusal(format!(
            "Put the cursor on a word of the name “{}” to rename it",
            entity.name
        ))),
    }
}

/// The word of letters, digits, hyphens and apostrophes around `offset`, for messages.
fn word_around(text: &str, offset: usize) -> &str {
    let in_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’');
    let offset = offset.min(text.len());
    let Some((before, after)) = text.get(..offset).zip(text.get(offset..)) else {
        return "";
    };
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + after
            .char_indices()
            .find(|&(_, c)| !in_word(c))
            .map_or(after.len(), |(i, _)| i);
    text.get(start..end).unwrap_or("")
}

/// The range of the name word `rename` would change, or an error saying why there is none.
pub fn prepare_rename(
    analysed: &Analysed,
    offset: usize,
    encoding: Encoding,
) -> Result<PrepareRenameResponse, Error> {
    let (_, _, part) = word_at(analysed, offset)?;
    Ok(PrepareRenameResponse::RangeWithPlaceholder {
        range: analysed.range(part, encoding),
        placeholder: part.text(&analysed.text).to_string(),
    })
}

/// The edit replacing the name word under `offset` with `new_name` in every mention of its
/// entity that has it.
pub fn rename(
    uri: &Uri,
    analysed: &Analysed,
    offset: usize,
    new_name: &str,
    encoding: Encoding,
    style: EditStyle,
) -> Result<WorkspaceEdit, Error> {
    let new_name = new_name.trim();
    if new_name.is_empty() || new_name.contains(['\n', '\r']) {
        return Err(Error::invalid_params(
            "The new name must be one line of text",
        ));
    }
    let text = &*analysed.text;
    let (_, mentions, part) = word_at(analysed, offset)?;
    let word = part.text(text);
    let names = &analysed.analysis.names;
    let edits = mentions
        .iter()
        .flat_map(|mention| mention.parts(names))
        .map(|p| p.span())
        .filter(|p| p.text(text) == word)
        .map(|p| TextEdit {
            range: analysed.range(p, encoding),
            new_text: new_name.to_string(),
        })
        .collect();
    Ok(workspace_edit(uri, Some(analysed.version), edits, style))
}

#[cfg(test)]
mod tests {
    use super::word_around;

    #[test]
    fn finds_the_word_around_an_offset_for_messages() {
        let text = "Then the field’s end.";
        assert_eq!(word_around(text, 6), "the");
        assert_eq!(word_around(text, 5), "the");
        assert_eq!(word_around(text, 12), "field’s");
        assert_eq!(word_around(text, 4), "Then");
        assert_eq!(word_around(text, 100), "");
    }
}
