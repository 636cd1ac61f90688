//! Settings sent by the editor (initializationOptions, workspace/didChangeConfiguration) read
//! into the core's [`Settings`].
//!
//! The shape is `{"checks": {"<code>": "off" | "error" | "warning" | "information" | "hint"},
//! "inlayHints": true | false}`, optionally nested under a `"copydesk"` key (how editors send a
//! section of their settings). `inlayHints` is the server's own: whether quotes get a hint
//! naming their speaker (on by default); `{"inlayHints": {"enabled": false}}`, the shape the
//! editor extensions send, says the same. `configFile` names the house style sheet when it is not
//! `copydesk.toml` at the root of the workspace folder: an absolute path, a path relative to the
//! folder's root, or `~/…` under the home directory; empty or absent means the default.

use std::path::{Path, PathBuf};

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

/// The `configFile` setting as written (`None` when absent, null or empty, so the default
/// applies), with a note when it is not a string (the default is kept).
pub fn config_file(value: &Value) -> (Option<String>, Option<String>) {
    let value = value.get("copydesk").unwrap_or(value);
    match value.get("configFile") {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(path)) => {
            let path = path.trim();
            ((!path.is_empty()).then(|| path.to_string()), None)
        }
        Some(other) => (
            None,
            Some(format!(
                "ignored \"configFile\": expected a path, got {other}"
            )),
        ),
    }
}

/// Where the `configFile` setting points for the workspace folder at `root`: `~/…` under `home`
/// (left as written when there is no home), a relative path under `root`.
pub fn resolve_config_file(setting: &str, root: &Path, home: Option<&Path>) -> PathBuf {
    let path = match (setting.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(setting),
    };
    if path.is_absolute() {
        path
    } else {
        root.join(path)
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

    #[test]
    fn config_file_is_a_non_empty_string_or_the_default() {
        assert_eq!(config_file(&json!(null)), (None, None));
        assert_eq!(config_file(&json!({"checks": {}})), (None, None));
        assert_eq!(config_file(&json!({"configFile": ""})), (None, None));
        assert_eq!(config_file(&json!({"configFile": "  "})), (None, None));
        assert_eq!(config_file(&json!({"configFile": null})), (None, None));
        assert_eq!(
            config_file(&json!({"configFile": "style/house.toml"})),
            (Some("style/house.toml".to_string()), None)
        );
        assert_eq!(
            config_file(&json!({"copydesk": {"configFile": "/desk/house.toml"}})),
            (Some("/desk/house.toml".to_string()), None)
        );
        let (path, note) = config_file(&json!({"configFile": 3}));
        assert_eq!(path, None);
        assert!(note.is_some_and(|n| n.contains("configFile")));
    }

    #[test]
    fn config_file_is_found_from_the_root_or_the_home_directory() {
        let root = Path::new("/desk/story");
        let home = Some(Path::new("/home/ed"));
        assert_eq!(
            resolve_config_file("style/house.toml", root, home),
            Path::new("/desk/story/style/house.toml")
        );
        assert_eq!(
            resolve_config_file("/shared/house.toml", root, home),
            Path::new("/shared/house.toml")
        );
        assert_eq!(
            resolve_config_file("~/styles/house.toml", root, home),
            Path::new("/home/ed/styles/house.toml")
        );
        // Without a home directory, `~` is an ordinary folder name under the root.
        assert_eq!(
            resolve_config_file("~/house.toml", root, None),
            Path::new("/desk/story/~/house.toml")
        );
    }
}
