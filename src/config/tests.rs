//! Tests of parsing, validating and merging `copydesk.toml`.

use super::*;
use proptest::prelude::*;

/// Each problem as (severity, the text it points at, the start of its message).
fn problems(text: &str) -> Vec<(Severity, &str, String)> {
    parse(text)
        .problems
        .into_iter()
        .map(|p| (p.severity, p.span.text(text), p.message))
        .collect()
}

fn config(text: &str) -> Config {
    let parsed = parse(text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    parsed.config.expect("a config when there are no problems")
}

#[test]
fn an_empty_file_is_the_default() {
    let parsed = parse("");
    assert!(parsed.problems.is_empty());
    assert_eq!(parsed.config.map(|c| c.style), Some(Settings::default()));
}

#[test]
fn reads_every_section() {
    let config = config(
        r#"
[checks]
unclosed-quote = "error"
unknown-directive = false

[spellings]
"Shoigu" = ["Shoygu", "Shoigou"]
"Libya" = "Lybia"

[[people]]
name = "Sergei Shoigu"
aliases = ["Shoigu"]
description = "Russia's defence minister, 2012 to 2024"
note = "Sergei, not Sergey"

[[organisations]]
name = "Libyan National Army"
aliases = "LNA"

[attribution]
verbs = ["quipped", "quips"]
phrases = ["in the words of"]

[names]
not-names = ["Breaking"]
separate = ["Shoygu-Petrov"]

[files]
skip = ["archive/**"]

[editor]
inlay-hints = false
"#,
    );
    assert_eq!(
        config.style.overrides,
        vec![
            ("unclosed-quote".to_string(), Some(Severity::Error)),
            ("unknown-directive".to_string(), None)
        ]
    );
    assert_eq!(
        config.style.spellings,
        vec![
            PreferredSpelling {
                preferred: "Shoigu".into(),
                variants: vec!["Shoygu".into(), "Shoigou".into()]
            },
            PreferredSpelling {
                preferred: "Libya".into(),
                variants: vec!["Lybia".into()]
            },
        ]
    );
    assert_eq!(
        config.style.people,
        vec![KnownEntity {
            name: "Sergei Shoigu".into(),
            aliases: vec!["Shoigu".into()],
            description: Some("Russia's defence minister, 2012 to 2024".into()),
            note: Some("Sergei, not Sergey".into()),
        }]
    );
    assert_eq!(
        config.style.organisations[0].aliases,
        vec!["LNA".to_string()]
    );
    assert_eq!(config.style.organisations[0].description, None);
    assert_eq!(config.style.attribution_verbs, vec!["quipped", "quips"]);
    assert_eq!(config.style.attribution_phrases, vec!["in the words of"]);
    assert_eq!(config.style.not_names, vec!["Breaking"]);
    assert_eq!(config.style.separate, vec!["Shoygu-Petrov"]);
    assert!(config.skips(Path::new("archive/2019/old.md")));
    assert!(!config.skips(Path::new("story.md")));
    assert!(!config.inlay_hints_or(true));
}

#[test]
fn on_is_the_check_default_severity() {
    let config = config("[checks]\nunclosed-quote = \"on\"\n");
    assert_eq!(
        config.style.overrides,
        vec![("unclosed-quote".to_string(), Some(Severity::Warning))]
    );
}

#[test]
fn invalid_toml_is_rejected_at_the_offending_place() {
    let text = "[checks\nunclosed-quote = \"off\"\n";
    let parsed = parse(text);
    assert!(parsed.config.is_none());
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    let problem = &parsed.problems[0];
    assert_eq!(problem.severity, Severity::Error);
    assert_eq!(problem.span, Span::new(7, 7));
    assert!(
        problem.message.contains("expected `]`"),
        "{}",
        problem.message
    );
}

#[test]
fn every_syntax_error_is_reported() {
    let text = "a = \nb = = 3\n";
    let parsed = parse(text);
    assert!(parsed.config.is_none());
    assert!(parsed.problems.len() >= 2, "{:?}", parsed.problems);
    assert!(
        parsed
            .problems
            .iter()
            .all(|p| p.severity == Severity::Error)
    );
}

#[test]
fn unknown_keys_are_errors_at_the_key() {
    let text = "[bogus]\n\n[[people]]\nnam = \"x\"\n\n[names]\nnot-name = [\"x\"]\n";
    let found = problems(text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, Severity::Error);
    assert_eq!(found[0].1, "bogus");
    assert!(found[0].2.starts_with("unknown section `bogus`"));
    assert_eq!(found[1].1, "nam");
    assert!(
        found[1].2.starts_with("unknown field `nam`"),
        "{}",
        found[1].2
    );
    assert_eq!(found[2].1, "not-name");
    assert!(parse(text).config.is_none());
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    let text = "[checks]\nunclosed-quote = 3\n\n[editor]\ninlay-hints = \"yes\"\n\n[attribution]\nverbs = [1]\n";
    let found = problems(text);
    let at: Vec<_> = found.iter().map(|(s, t, _)| (*s, *t)).collect();
    assert_eq!(
        at,
        vec![
            (Severity::Error, "3"),
            (Severity::Error, "\"yes\""),
            (Severity::Error, "1"),
        ]
    );
    assert!(
        found[0].2.contains("expected \"off\", \"on\""),
        "{}",
        found[0].2
    );
}

#[test]
fn an_unknown_level_is_an_error_that_lists_the_levels() {
    let found = problems("[checks]\nunclosed-quote = \"loud\"\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "\"loud\"");
    assert!(found[0].2.contains("`warning`"), "{}", found[0].2);
}

#[test]
fn a_missing_name_is_an_error_at_its_entry() {
    let found = problems("[[people]]\naliases = [\"x\"]\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "[[people]]");
    assert!(found[0].2.contains("missing field `name`"));
}

#[test]
fn a_single_people_table_says_to_double_the_brackets() {
    let found = problems("[people]\nname = \"x\"\n");
    assert_eq!(found[0].1, "[people]");
    assert!(found[0].2.contains("[[people]]"));
}

#[test]
fn an_unknown_check_is_a_warning_and_the_rest_applies() {
    let text = "[checks]\nno-such-check = \"off\"\nunclosed-quote = \"hint\"\n";
    let parsed = parse(text);
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].severity, Severity::Warning);
    assert_eq!(parsed.problems[0].span.text(text), "no-such-check");
    let settings = parsed.config.expect("still applies").style;
    assert_eq!(
        settings.severity_of("unclosed-quote", Severity::Warning),
        Some(Severity::Hint)
    );
    assert_eq!(settings.overrides.len(), 1);
}

#[test]
fn conflicting_spellings_are_warnings_and_the_first_claim_stands() {
    let text = r#"[spellings]
"Shoigu" = ["Shoygu", "Shoigu", ""]
"Libya" = ["Lybia", "Shoygu", "Shoigu"]
"#;
    let parsed = parse(text);
    let found: Vec<_> = parsed
        .problems
        .iter()
        .map(|p| (p.severity, p.span.text(text)))
        .collect();
    assert_eq!(
        found,
        vec![
            (Severity::Warning, "\"Shoigu\""),
            (Severity::Warning, "\"\""),
            (Severity::Warning, "\"Shoygu\""),
            (Severity::Warning, "\"Shoigu\""),
        ]
    );
    let config = parsed.config.expect("warnings keep the file");
    assert_eq!(config.style.spellings[0].variants, vec!["Shoygu"]);
    assert_eq!(config.style.spellings[1].variants, vec!["Lybia"]);
}

#[test]
fn a_bad_glob_is_a_warning_and_is_skipped() {
    let text = "[files]\nskip = [\"a/{b\", \"*.bak\"]\n";
    let parsed = parse(text);
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].severity, Severity::Warning);
    assert_eq!(parsed.problems[0].span.text(text), "\"a/{b\"");
    let config = parsed.config.expect("warnings keep the file");
    assert_eq!(config.skip, vec!["*.bak"]);
    assert!(config.skips(Path::new("notes.bak")));
    assert!(
        !config.skips(Path::new("drafts/notes.bak")),
        "* stops at a slash"
    );
}

#[test]
fn the_file_wins_where_both_speak() {
    let file = config(
        r#"
[checks]
unclosed-quote = "error"

[spellings]
"Shoigu" = ["Shoygu"]

[[people]]
name = "Sergei Shoigu"
description = "from the file"

[attribution]
verbs = ["quipped"]
"#,
    );
    let editor = Settings {
        overrides: vec![
            ("unclosed-quote".into(), None),
            ("unknown-directive".into(), Some(Severity::Hint)),
        ],
        spellings: vec![
            PreferredSpelling {
                preferred: "Shoygu".into(),
                variants: vec!["Shoigu".into()],
            },
            PreferredSpelling {
                preferred: "Kyiv".into(),
                variants: vec!["Kiev".into(), "Shoygu".into()],
            },
        ],
        people: vec![
            KnownEntity {
                name: "Sergei Shoigu".into(),
                description: Some("from the editor".into()),
                ..KnownEntity::default()
            },
            KnownEntity {
                name: "Khalifa Haftar".into(),
                ..KnownEntity::default()
            },
        ],
        attribution_verbs: vec!["mused".into(), "quipped".into()],
        ..Settings::default()
    };
    let merged = merge(&editor, &file);
    assert_eq!(
        merged.severity_of("unclosed-quote", Severity::Warning),
        Some(Severity::Error)
    );
    assert_eq!(
        merged.severity_of("unknown-directive", Severity::Warning),
        Some(Severity::Hint)
    );
    let spellings: Vec<_> = merged
        .spellings
        .iter()
        .map(|s| (s.preferred.as_str(), s.variants.clone()))
        .collect();
    assert_eq!(
        spellings,
        vec![
            ("Shoigu", vec!["Shoygu".to_string()]),
            ("Kyiv", vec!["Kiev".to_string()]),
        ],
        "the editor's Shoygu entry contradicts the file and is dropped"
    );
    let people: Vec<_> = merged
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.description.as_deref()))
        .collect();
    assert_eq!(
        people,
        vec![
            ("Sergei Shoigu", Some("from the file")),
            ("Khalifa Haftar", None)
        ]
    );
    assert_eq!(merged.attribution_verbs, vec!["quipped", "mused"]);
}

#[test]
fn without_a_file_the_editor_settings_stand() {
    let editor = Settings {
        overrides: vec![("unclosed-quote".into(), None)],
        not_names: vec!["Breaking".into()],
        ..Settings::default()
    };
    assert_eq!(merge(&editor, &Config::default()), editor);
    assert!(Config::default().inlay_hints_or(true));
}

/// Text that looks like TOML often enough to reach the section readers.
fn tomlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[checks]\n".to_string()),
        Just("[spellings]\n".to_string()),
        Just("[[people]]\n".to_string()),
        Just("[files]\n".to_string()),
        Just("name = ".to_string()),
        Just("skip = ".to_string()),
        Just("unclosed-quote = ".to_string()),
        Just("\"Shoigu\" = ".to_string()),
        Just("[\"a\", \"{\"]".to_string()),
        Just("\"off\"\n".to_string()),
        Just("true\n".to_string()),
        "[\\[\\]{}\"'=,.#\\\\ \n\r\ta-zé“”-]{0,12}",
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn parsing_any_text_never_panics_and_spans_stay_in_the_text(text in any::<String>()) {
        check_spans(&text);
    }

    #[test]
    fn parsing_toml_like_text_never_panics_and_spans_stay_in_the_text(text in tomlish()) {
        check_spans(&text);
    }
}

fn check_spans(text: &str) {
    let parsed = parse(text);
    for problem in &parsed.problems {
        assert!(problem.span.start <= problem.span.end, "{problem:?}");
        assert!(text.is_char_boundary(problem.span.start), "{problem:?}");
        assert!(text.is_char_boundary(problem.span.end), "{problem:?}");
    }
    let rejected = parsed
        .problems
        .iter()
        .any(|p| p.severity == Severity::Error);
    assert_eq!(parsed.config.is_none(), rejected);
}
