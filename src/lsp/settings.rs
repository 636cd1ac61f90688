//! Settings sent by the editor (initializationOptions, workspace/didChangeConfiguration) read
//! into the core's [`Settings`].
//!
//! The shape is `{"checks": {"<code>": "off" | "error" | "warning" | "information" | "hint"},
//! "inlayHints": true | false}`, optionally nested under a `"copydesk"` key (how editors send a
//! section of their settings). `inlayHints` is the server's own: whether quotes get a hint
//! naming their speaker (on by default); `{"inlayHints": {"enabled": false}}`, the shape the
//! editor extensions send, says the same.

use serde_json::Value;

use crate::analysis::checks;
use crate::analysis::{Settings, Severity};

/// Reads settings from the editor's JSON. Anything not understood is skipped and described in
/// the returned notes, which the server logs.
pub fn parse(value: &Value) -> (Settings, Vec<String>) {
    let mut settings = Settings::default();
    let mut notes = Vec::new();
    let value = value.get("copydesk").unwrap_or(value);
    let checks = match value.get("checks") {
        None | Some(Value::Null) => return (settings, notes),
        Some(Value::Object(checks)) => checks,
        Some(other) => {
            notes.push(format!(
                "ignored \"checks\": expected an object, got {other}"
            ));
            return (settings, notes);
        }
    };
    for (code, level) in checks {
        if checks::by_code(code).is_none() {
            notes.push(format!("ignored unknown check \"{code}\""));
            continue;
        }
        let level_name = level.as_str().unwrap_or("");
        let severity = match level_name {
            "off" => None,
            name => match Severity::parse(name) {
                Some(severity) => Some(severity),
                None => {
                    notes.push(format!(
                        "ignored level {level} for \"{code}\": expected \"off\", \"error\", \
                         \"warning\", \"information\" or \"hint\""
                    ));
                    continue;
                }
            },
        };
        settings.overrides.push((code.clone(), severity));
    }
    (settings, notes)
}

/// Whether the editor wants inlay hints (`"inlayHints"` or `"inlayHints": {"enabled"}`, on
/// when absent), with a note when the value is neither (the default is kept).
pub fn inlay_hints(value: &Value) -> (bool, Option<String>) {
    let value = value.get("copydesk").unwrap_or(value);
    let setting = value.get("inlayHints");
    let setting = match setting {
        Some(Value::Object(fields)) => fields.get("enabled"),
        other => other,
    };
    match setting {
        None | Some(Value::Null) => (true, None),
        Some(Value::Bool(on)) => (*on, None),
        Some(other) => (
            true,
            Some(format!(
                "ignored \"inlayHints\": expected true or false, got {other}"
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_levels_and_off() {
        let (settings, notes) = parse(&json!({"checks": {"unclosed-quote": "off"}}));
        assert!(notes.is_empty());
        assert_eq!(
            settings.severity_of("unclosed-quote", Severity::Warning),
            None
        );
        let (settings, _) = parse(&json!({"copydesk": {"checks": {"unclosed-quote": "hint"}}}));
        assert_eq!(
            settings.severity_of("unclosed-quote", Severity::Warning),
            Some(Severity::Hint)
        );
    }

    #[test]
    fn skips_and_notes_what_it_does_not_understand() {
        let (settings, notes) = parse(&json!({"checks": {"no-such-check": "off",
            "unclosed-quote": "loud"}}));
        assert_eq!(settings, Settings::default());
        assert_eq!(notes.len(), 2, "{notes:?}");
        let (settings, notes) = parse(&json!(null));
        assert_eq!(settings, Settings::default());
        assert!(notes.is_empty());
    }

    #[test]
    fn inlay_hints_are_on_unless_switched_off() {
        assert_eq!(inlay_hints(&json!(null)), (true, None));
        assert_eq!(inlay_hints(&json!({"checks": {}})), (true, None));
        assert_eq!(inlay_hints(&json!({"inlayHints": false})), (false, None));
        assert_eq!(
            inlay_hints(&json!({"copydesk": {"inlayHints": false}})),
            (false, None)
        );
        assert_eq!(
            inlay_hints(&json!({"copydesk": {"inlayHints": {"enabled": false}}})),
            (false, None)
        );
        assert_eq!(inlay_hints(&json!({"inlayHints": {}})), (true, None));
        let (on, note) = inlay_hints(&json!({"inlayHints": "no"}));
        assert!(on);
        assert!(note.is_some_and(|n| n.contains("inlayHints")));
    }
}
