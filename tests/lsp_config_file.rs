//! The `configFile` setting over real stdio: a style sheet with another name, in a subfolder,
//! named by initializationOptions or by workspace/didChangeConfiguration, and a configured file
//! that does not exist.

mod common;

use common::{Lsp, file_uri as uri};
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("lsp_config_file", name)
}

/// `initialize` with the folder as root and workspace folder, and these
/// initializationOptions.
fn start(root: &Path, options: Value) -> Lsp {
    Lsp::start_in_folder(root, &[], options)
}

fn spelling(diagnostics: &[Value]) -> Vec<&Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "name-spelling")
        .collect()
}

/// The messages of the `name-spelling` diagnostics.
fn spelling_messages(diagnostics: &[Value]) -> Vec<&str> {
    spelling(diagnostics)
        .iter()
        .map(|d| d["message"].as_str().unwrap_or(""))
        .collect()
}

const SHOIGU: &str = "[spellings]\n\"Shoigu\" = \"Shoygu\"\n";
const KYIV: &str = "[spellings]\n\"Kyiv\" = \"Kiev\"\n";
const DRAFT: &str = "Sergei Shoygu spoke in Kiev. Shoygu left Kiev.\n";

#[test]
fn a_configured_style_sheet_in_a_subfolder_is_applied_watched_and_edited_by_quick_fixes() {
    let root = scratch("subfolder");
    let desk = root.join("desk");
    fs::create_dir_all(&desk).unwrap();
    let house = desk.join("house-style.toml");
    fs::write(&house, SHOIGU).unwrap();
    // The default file is not read when another is configured.
    fs::write(
        root.join("copydesk.toml"),
        "[checks]\nname-spelling = \"off\"\n",
    )
    .unwrap();
    let draft = root.join("draft.md");
    fs::write(&draft, DRAFT).unwrap();
    let mut lsp = start(
        &root,
        json!({"copydesk": {"configFile": "desk/house-style.toml"}}),
    );

    // A watcher for the configured file, whatever its name.
    let registration = lsp.take("the style sheet watcher", |m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["id"] == "copydesk-watch-style"
    });
    let watcher = &registration["params"]["registrations"][0]["registerOptions"]["watchers"][0];
    assert_eq!(watcher["globPattern"]["baseUri"], uri(&desk).as_str());
    assert_eq!(watcher["globPattern"]["pattern"], "house-style.toml");
    let house_uri = uri(&house);
    let problems = lsp.diagnostics_for(&house_uri, |_| true);
    assert!(problems.diagnostics.is_empty(), "{problems:?}");

    let draft_uri = uri(&draft);
    lsp.open(&draft_uri, "markdown", 1, DRAFT);
    let flagged = lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).len() == 2);
    assert_eq!(
        spelling_messages(&flagged.diagnostics)[0],
        "“Shoygu” is spelled “Shoigu” in the house style sheet"
    );

    // The quick fixes that edit the style sheet edit the configured file.
    let diagnostic = spelling(&flagged.diagnostics)[0].clone();
    let actions = lsp.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": draft_uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}}),
    );
    let keep = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Keep “Shoygu” as a separate name")
        .unwrap_or_else(|| panic!("no style sheet fix in {actions}"));
    let change = &keep["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["uri"], house_uri.as_str());

    // Changed on disk: the watcher's event re-reads it.
    fs::write(&house, KYIV).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": house_uri, "type": 2}]}),
    );
    let kyiv = lsp.diagnostics_for(&draft_uri, |p| {
        spelling_messages(&p.diagnostics)
            .iter()
            .all(|m| m.contains("“Kiev”"))
            && spelling(&p.diagnostics).len() == 2
    });
    assert_eq!(
        spelling_messages(&kyiv.diagnostics)[0],
        "“Kiev” is spelled “Kyiv” in the house style sheet"
    );

    // Opened and typed into: its problems as typed, though it is not named copydesk.toml.
    lsp.open(&house_uri, "toml", 1, KYIV);
    lsp.change(
        &house_uri,
        2,
        json!([{"text": "[spellings]\n\"Kyiv\" = 3\n"}]),
    );
    let typed = lsp.diagnostics_for(&house_uri, |p| p.version == Some(2));
    assert_eq!(typed.diagnostics.len(), 1, "{typed:?}");
    assert_eq!(typed.diagnostics[0]["code"], "copydesk-toml");

    // Saved: the saved text applies.
    lsp.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": house_uri}, "text": SHOIGU}),
    );
    lsp.diagnostics_for(&draft_uri, |p| {
        spelling_messages(&p.diagnostics)
            .iter()
            .all(|m| m.contains("“Shoygu”"))
            && spelling(&p.diagnostics).len() == 2
    });
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn changing_the_setting_applies_the_other_file_and_clears_the_old_ones_problems() {
    let root = scratch("switch");
    let first = root.join("first.toml");
    let second = root.join("second.toml");
    fs::write(&first, SHOIGU).unwrap();
    fs::write(&second, KYIV).unwrap();
    let draft = root.join("draft.md");
    fs::write(&draft, DRAFT).unwrap();
    let mut lsp = start(&root, json!({"configFile": first.display().to_string()}));
    let first_uri = uri(&first);
    lsp.diagnostics_for(&first_uri, |_| true);
    let draft_uri = uri(&draft);
    lsp.open(&draft_uri, "markdown", 1, DRAFT);
    let before = lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).len() == 2);
    assert!(spelling_messages(&before.diagnostics)[0].contains("“Shoygu”"));

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"configFile": "second.toml"}}}),
    );
    let cleared = lsp.diagnostics_for(&first_uri, |_| true);
    assert!(cleared.diagnostics.is_empty());
    lsp.diagnostics_for(&uri(&second), |p| p.diagnostics.is_empty());
    let after = lsp.diagnostics_for(&draft_uri, |p| {
        spelling(&p.diagnostics).len() == 2
            && spelling_messages(&p.diagnostics)
                .iter()
                .all(|m| m.contains("“Kiev”"))
    });
    assert_eq!(
        spelling_messages(&after.diagnostics)[0],
        "“Kiev” is spelled “Kyiv” in the house style sheet"
    );
    // The new file is watched in place of the old.
    lsp.take("the new style sheet watcher", |m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"]
                ["pattern"]
                == "second.toml"
    });

    // Back to the default: no copydesk.toml here, so no style sheet at all.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"configFile": ""}}}),
    );
    lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).is_empty());
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_configured_file_that_does_not_exist_is_named_in_a_warning_and_no_style_sheet_applies() {
    let root = scratch("missing");
    fs::write(root.join("copydesk.toml"), SHOIGU).unwrap();
    let draft = root.join("draft.md");
    let text = "Sergei Shoygu spoke. Shoygu left. “Unclosed\n";
    fs::write(&draft, text).unwrap();
    let mut lsp = start(&root, json!({"configFile": "styles/nowhere.toml"}));
    let shown = lsp.take("the showMessage", |m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 2);
    let message = shown["params"]["message"].as_str().unwrap();
    let missing = root.join("styles").join("nowhere.toml");
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );

    // The folder runs with the defaults: the draft is checked, its consistent name unflagged.
    let draft_uri = uri(&draft);
    lsp.open(&draft_uri, "markdown", 1, text);
    let published = lsp.diagnostics_for(&draft_uri, |p| p.version == Some(1));
    assert!(spelling(&published.diagnostics).is_empty(), "{published:?}");
    assert!(
        published
            .diagnostics
            .iter()
            .any(|d| d["code"] == "unclosed-quote"),
        "{published:?}"
    );

    // The same through didChangeConfiguration, from the default file to a missing one.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"configFile": ""}}),
    );
    lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).len() == 2);
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"configFile": "~/no-such-dir-for-copydesk/house.toml"}}),
    );
    let shown = lsp.take("the second showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("no-such-dir-for-copydesk/house.toml"),
        "{message}"
    );
    if let Some(home) = std::env::var_os("HOME").filter(|home| !home.is_empty()) {
        let expanded = Path::new(&home).join("no-such-dir-for-copydesk");
        assert!(
            message.contains(&expanded.display().to_string()),
            "the home directory is expanded: {message}"
        );
    }
    lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).is_empty());
    assert!(lsp.shutdown_and_exit().success());
}
