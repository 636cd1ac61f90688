//! Entities and quotes in the language server over real stdio, on a real article: hover cards,
//! definition, references, rename, the outline and speaker hints.

mod common;

use common::{Lsp, range};
use serde_json::{Value, json};
use std::time::Duration;

const URI: &str = "file:///putin-libya.txt";

fn article() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/putin-libya.txt"
    );
    std::fs::read_to_string(path).expect("the sample article is next to the repository")
}

/// Columns count in this encoding.
#[derive(Clone, Copy, PartialEq)]
enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }

    fn width(self, s: &str) -> u32 {
        match self {
            Enc::Utf8 => s.len() as u32,
            Enc::Utf16 => s.encode_utf16().count() as u32,
        }
    }
}

/// The position of the `nth` occurrence of `word` on zero-based `line`, `into` units into it.
fn at(text: &str, line: usize, word: &str, nth: usize, into: usize, enc: Enc) -> Value {
    let content = text.lines().nth(line).expect("line exists");
    let (byte, _) = content
        .match_indices(word)
        .nth(nth)
        .unwrap_or_else(|| panic!("{word:?} #{nth} on line {line}"));
    let col = enc.width(&content[..byte + into]);
    json!({"line": line, "character": col})
}

/// The text a JSON range covers.
fn covered(text: &str, range: &Value, enc: Enc) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let mut units = p["character"].as_u64().unwrap() as u32;
        let content = text.lines().nth(line).unwrap();
        let start = text.lines().take(line).map(|l| l.len() + 1).sum::<usize>();
        for (i, c) in content.char_indices() {
            if units == 0 {
                return start + i;
            }
            units -= enc.width(c.encode_utf8(&mut [0; 4]));
        }
        start + content.len()
    };
    text[offset(&range["start"])..offset(&range["end"])].to_string()
}

fn start(enc: Enc, options: Value) -> (Lsp, String) {
    let text = article();
    let mut lsp = Lsp::start();
    lsp.initialize_with(&[enc.name()], options);
    lsp.open(URI, "plaintext", 1, &text);
    lsp.diagnostics_for(URI, |p| p.version == Some(1));
    (lsp, text)
}

fn position_params(position: Value) -> Value {
    json!({"textDocument": {"uri": URI}, "position": position})
}

fn hover_text(lsp: &mut Lsp, position: Value) -> String {
    let hover = lsp.call("textDocument/hover", position_params(position));
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("a Markdown hover: {hover}"))
        .to_string()
}

fn hints(lsp: &mut Lsp) -> Vec<String> {
    let result = lsp.call(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": URI}, "range": range((0, 0), (20, 0))}),
    );
    result
        .as_array()
        .map(|hints| {
            hints
                .iter()
                .map(|h| h["label"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn hover_on_a_surname_shows_the_person_the_description_and_the_quotes() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    let card = hover_text(&mut lsp, at(&text, 12, "Semenov", 0, 2, Enc::Utf16));
    assert!(card.contains("**Kirill Semenov**"), "{card}");
    assert!(card.contains("person"), "{card}");
    assert!(card.contains("Middle East"), "{card}");
    assert!(card.contains("line 9"), "{card}");
    assert!(card.contains("It’s not the first"), "{card}");
    assert!(card.contains("Haftar would like to"), "{card}");
}

#[test]
fn hover_on_a_misspelt_place_flags_the_odd_spelling_and_gives_gazetteer_facts() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    let card = hover_text(&mut lsp, at(&text, 12, "Lybia", 0, 1, Enc::Utf16));
    assert!(card.contains("**Libya**"), "{card}");
    assert!(card.contains("Lybia ×2 ⚠"), "{card}");
    assert!(card.contains("Capital: Tripoli"), "{card}");
}

#[test]
fn hover_on_a_quote_names_its_speaker_the_cue_and_the_introduction() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    let card = hover_text(&mut lsp, at(&text, 12, "count on", 0, 0, Enc::Utf16));
    assert!(card.contains("Said by **Kirill Semenov**"), "{card}");
    assert!(card.contains("believes"), "{card}");
    assert!(card.contains("Introduced on line 9"), "{card}");
}

#[test]
fn hover_on_an_uncredited_quote_says_no_one_is_credited() {
    let text = "The army lost ground.\n\n“We will not negotiate with anyone at all.”\n";
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open(URI, "plaintext", 1, text);
    let card = hover_text(&mut lsp, json!({"line": 2, "character": 5}));
    assert!(card.contains("No one is credited"), "{card}");
    assert_eq!(hints(&mut lsp), ["— ?"]);
}

#[test]
fn definition_from_a_surname_lands_on_the_first_full_name_in_both_encodings() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        let (mut lsp, text) = start(enc, json!(null));
        let found = lsp.call(
            "textDocument/definition",
            position_params(at(&text, 12, "Haftar", 0, 3, enc)),
        );
        assert_eq!(found["uri"], URI);
        assert_eq!(found["range"]["start"]["line"], 4, "{found}");
        assert_eq!(covered(&text, &found["range"], enc), "Khalifa Haftar");
        // Line 5 has curly quotes, an ellipsis and a dash before the name: the columns differ.
        let line = text.lines().nth(4).unwrap();
        let byte = line.find("Khalifa Haftar").unwrap();
        assert_eq!(
            found["range"]["start"]["character"],
            enc.width(&line[..byte])
        );
    }
}

#[test]
fn references_of_a_place_include_its_misspellings_and_respect_include_declaration() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    let position = at(&text, 0, "Libya", 0, 0, Enc::Utf16);
    let refs = |lsp: &mut Lsp, declaration: bool| -> Vec<(u64, String)> {
        let found = lsp.call(
            "textDocument/references",
            json!({"textDocument": {"uri": URI}, "position": position,
                "context": {"includeDeclaration": declaration}}),
        );
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["range"]["start"]["line"].as_u64().unwrap(),
                    covered(&text, &l["range"], Enc::Utf16),
                )
            })
            .collect()
    };
    let all = refs(&mut lsp, true);
    assert!(all.contains(&(0, "Libya".to_string())), "{all:?}");
    assert!(all.contains(&(12, "Lybia".to_string())), "{all:?}");
    assert!(all.contains(&(14, "Lybia".to_string())), "{all:?}");
    let without = refs(&mut lsp, false);
    assert_eq!(without.len() + 1, all.len(), "{without:?}");
}

#[test]
fn rename_changes_every_mention_of_the_person_and_nothing_else() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    let position = at(&text, 12, "Semenov", 0, 0, Enc::Utf16);
    let prepared = lsp.call(
        "textDocument/prepareRename",
        position_params(position.clone()),
    );
    assert_eq!(prepared["placeholder"], "Semenov", "{prepared}");
    let edit = lsp.call(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": position, "newName": "Semyonov"}),
    );
    let changes = &edit["documentChanges"][0];
    assert_eq!(changes["textDocument"]["version"], 1);
    let edits = changes["edits"].as_array().unwrap();
    let mut lines: Vec<u64> = Vec::new();
    for e in edits {
        assert_eq!(covered(&text, &e["range"], Enc::Utf16), "Semenov", "{e}");
        assert_eq!(e["newText"], "Semyonov");
        lines.push(e["range"]["start"]["line"].as_u64().unwrap());
    }
    let expected: Vec<u64> = text
        .lines()
        .enumerate()
        .flat_map(|(n, l)| l.matches("Semenov").map(move |_| n as u64))
        .collect();
    assert_eq!(lines, expected);
}

#[test]
fn prepare_rename_refuses_a_word_that_is_not_a_name() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    let response = lsp.request(
        "textDocument/prepareRename",
        position_params(at(&text, 2, " the ", 0, 2, Enc::Utf16)),
    );
    let message = response["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("“the” is not a name"), "{response}");
}

#[test]
fn the_outline_lists_people_and_places_and_quotes_by_speaker() {
    let (mut lsp, _) = start(Enc::Utf16, json!(null));
    let symbols = lsp.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let group = |name: &str| -> Vec<String> {
        symbols
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap_or_else(|| panic!("no group {name}: {symbols}"))["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    let people = group("People");
    for person in [
        "Vladimir Putin",
        "Khalifa Haftar",
        "Ahmed Al-Mismari",
        "Nikolai Patrushev",
        "Sergey Lavrov",
        "Sergey Shoygu",
        "Kirill Semenov",
        "Bashar al-Assad",
    ] {
        assert!(people.iter().any(|p| p == person), "{person}: {people:?}");
    }
    let places = group("Places");
    for place in ["Libya", "Russia", "Moscow", "Tripoli", "Tobruk", "Syria"] {
        assert!(places.iter().any(|p| p == place), "{place}: {places:?}");
    }
    assert_eq!(group("Quotes"), ["Ahmed Al-Mismari", "Kirill Semenov"]);
}

#[test]
fn workspace_symbols_filter_the_open_drafts_by_name() {
    let (mut lsp, _) = start(Enc::Utf16, json!(null));
    let found = lsp.call("workspace/symbol", json!({"query": "serg"}));
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sergey Lavrov", "Sergey Shoygu"]);
}

#[test]
fn inlay_hints_name_the_speakers_after_the_closing_marks() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        let (mut lsp, text) = start(enc, json!(null));
        assert_eq!(hints(&mut lsp), ["— Al-Mismari", "— Semenov", "— Semenov"]);
        // Only the requested range: line 13 holds the last quote.
        let result = lsp.call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": URI}, "range": range((12, 0), (13, 0))}),
        );
        let hints = result.as_array().unwrap();
        assert_eq!(hints.len(), 1, "{result}");
        let line = text.lines().nth(12).unwrap();
        let close = line.find('”').unwrap() + '”'.len_utf8();
        assert_eq!(
            hints[0]["position"],
            json!({"line": 12, "character": enc.width(&line[..close])})
        );
    }
}

#[test]
fn inlay_hints_can_be_switched_off_and_on_again() {
    let (mut lsp, _) = start(Enc::Utf16, json!({"inlayHints": false}));
    assert!(hints(&mut lsp).is_empty());

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"inlayHints": true}}}),
    );
    // Notifications and requests are handled concurrently: wait for the setting to apply.
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    while hints(&mut lsp).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "hints never came back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The shape the editor extensions send.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"inlayHints": {"enabled": false}}}}),
    );
    let deadline = std::time::Instant::now() + common::TIMEOUT;
    while !hints(&mut lsp).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "hints never went away"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn changed_settings_ask_an_editor_that_supports_it_to_refresh_the_hints() {
    let mut lsp = Lsp::start();
    lsp.call(
        "initialize",
        json!({"processId": null, "rootUri": null,
            "capabilities": {"workspace": {"inlayHint": {"refreshSupport": true}}}}),
    );
    lsp.notify("initialized", json!({}));
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"inlayHints": false}}),
    );
    let refresh = lsp.take("an inlay hint refresh", |m| {
        m["method"] == "workspace/inlayHint/refresh"
    });
    assert!(refresh.get("id").is_some(), "a request: {refresh}");
}

#[test]
fn document_highlight_marks_every_mention_of_the_entity() {
    let (mut lsp, text) = start(Enc::Utf8, json!(null));
    let found = lsp.call(
        "textDocument/documentHighlight",
        position_params(at(&text, 12, "Semenov", 0, 7, Enc::Utf8)),
    );
    let marked: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|h| covered(&text, &h["range"], Enc::Utf8))
        .collect();
    assert_eq!(marked, ["Kirill Semenov", "Semenov"]);
}

#[test]
fn a_request_right_after_a_change_is_answered_from_the_new_text() {
    let (mut lsp, text) = start(Enc::Utf16, json!(null));
    lsp.change(
        URI,
        2,
        json!([{"range": range((0, 0), (0, 0)), "text": "Update: corrected.\n\n"}]),
    );
    // No waiting for the diagnostics of version 2: the request must not use version 1.
    let found = lsp.call(
        "textDocument/definition",
        position_params(at(&text, 12, "Haftar", 0, 1, Enc::Utf16)),
    );
    assert!(
        found.is_null(),
        "line 13 of the old text is now line 15: {found}"
    );
    let shifted = at(&text, 12, "Haftar", 0, 1, Enc::Utf16);
    let found = lsp.call(
        "textDocument/definition",
        position_params(json!({"line": 14, "character": shifted["character"]})),
    );
    assert_eq!(found["range"]["start"]["line"], 6, "{found}");
}
