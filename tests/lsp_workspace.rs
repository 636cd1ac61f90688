//! The workspace folder over real stdio: a two-draft story folder, and a `copydesk.toml` that is
//! broken and then fixed while the server runs.

mod common;

use common::Lsp;
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("lsp_workspace")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// `initialize` with the folder as root and workspace folder, watchers and progress supported.
fn start(root: &Path) -> Lsp {
    let mut lsp = Lsp::start();
    lsp.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "workspaceFolders": [{"uri": uri(root), "name": "story"}],
            "capabilities": {
                "workspace": {
                    "workspaceEdit": {"documentChanges": true,
                        "resourceOperations": ["create"]},
                    "didChangeWatchedFiles": {"dynamicRegistration": true},
                },
                "window": {"workDoneProgress": true},
                "textDocument": {"publishDiagnostics": {"versionSupport": true}},
            },
        }),
    );
    lsp.notify("initialized", json!({}));
    lsp
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect()
}

fn spelling(diagnostics: &[Value]) -> Vec<&Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "name-spelling")
        .collect()
}

#[test]
fn a_slip_in_one_draft_is_flagged_against_another_with_related_places_there() {
    let root = scratch("story");
    let story = root.join("story.md");
    let sidebar = root.join("sidebar.md");
    fs::write(
        &story,
        "Sergei Shoigu spoke. Shoigu left. Shoigu came. Shoigu won. Shoigu lost.\n",
    )
    .unwrap();
    let sidebar_text = "The minister, Shoygu, was absent.\n";
    fs::write(&sidebar, sidebar_text).unwrap();
    let mut lsp = start(&root);
    let registration = lsp.take("the watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    let watchers = &registration["params"]["registrations"][0];
    assert_eq!(watchers["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = watchers["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, ["**/copydesk.toml", "**/*.{md,markdown,txt}"]);
    let begin = lsp.take("the indexing progress", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    assert_eq!(begin["params"]["value"]["title"], "Indexing 2 drafts");

    let sidebar_uri = uri(&sidebar);
    lsp.open(&sidebar_uri, "markdown", 1, sidebar_text);
    let published = lsp.diagnostics_for(&sidebar_uri, |p| {
        p.version == Some(1) && !spelling(&p.diagnostics).is_empty()
    });
    let found = spelling(&published.diagnostics);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["message"],
        "“Shoygu” is spelled “Shoigu” 5 times elsewhere in this story"
    );
    let related = found[0]["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 5);
    assert_eq!(related[0]["location"]["uri"], uri(&story).as_str());
    assert_eq!(
        related[0]["location"]["range"],
        common::range((0, 7), (0, 13))
    );

    // The main story, opened, is clean; fixing the sidebar clears its warning.
    let story_text = fs::read_to_string(&story).unwrap();
    lsp.open(&uri(&story), "markdown", 1, &story_text);
    let clean = lsp.diagnostics_for(&uri(&story), |p| p.version == Some(1));
    assert!(spelling(&clean.diagnostics).is_empty(), "{clean:?}");
    lsp.change(
        &sidebar_uri,
        2,
        json!([{"text": "The minister, Shoigu, was absent.\n"}]),
    );
    let fixed = lsp.diagnostics_for(&sidebar_uri, |p| p.version == Some(2));
    assert!(spelling(&fixed.diagnostics).is_empty(), "{fixed:?}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_broken_style_sheet_is_reported_in_place_and_fixing_it_takes_effect() {
    let root = scratch("style-sheet");
    let toml = root.join("copydesk.toml");
    fs::write(&toml, "[spellings]\n\"Shoigu\" = 3\n").unwrap();
    let draft = root.join("draft.md");
    let text = "Sergei Shoygu spoke. Shoygu left.\n";
    fs::write(&draft, text).unwrap();
    let mut lsp = start(&root);
    let toml_uri = uri(&toml);
    let problems = lsp.diagnostics_for(&toml_uri, |_| true);
    assert_eq!(problems.diagnostics.len(), 1, "{problems:?}");
    assert_eq!(problems.diagnostics[0]["range"]["start"]["line"], 1);
    assert_eq!(problems.diagnostics[0]["severity"], 1);
    let shown = lsp.take("the showMessage", |m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("the last good configuration stays in force")
    );

    // The rejected file does not apply: a consistent draft has no spelling warning.
    let draft_uri = uri(&draft);
    lsp.open(&draft_uri, "markdown", 1, text);
    let before = lsp.diagnostics_for(&draft_uri, |p| p.version == Some(1));
    assert!(spelling(&before.diagnostics).is_empty(), "{before:?}");

    // Fixed on disk: the watcher's event clears the file's diagnostics and re-publishes.
    fs::write(&toml, "[spellings]\n\"Shoigu\" = \"Shoygu\"\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    let cleared = lsp.diagnostics_for(&toml_uri, |_| true);
    assert!(cleared.diagnostics.is_empty(), "{cleared:?}");
    let after = lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).len() == 2);
    assert_eq!(
        spelling(&after.diagnostics)[0]["message"],
        "“Shoygu” is spelled “Shoigu” in the house style sheet"
    );

    // Saved in the editor: the saved text applies (the file wins over the editor's settings).
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"checks": {"name-spelling": "hint"}}}),
    );
    let saved = "[checks]\nname-spelling = \"off\"\n";
    lsp.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": toml_uri}, "text": saved}),
    );
    let off = lsp.diagnostics_for(&draft_uri, |p| {
        spelling(&p.diagnostics).is_empty() && codes(&p.diagnostics).is_empty()
    });
    assert!(off.diagnostics.is_empty());
    assert!(lsp.shutdown_and_exit().success());
}

/// The code actions at a diagnostic, by title.
fn actions_at(lsp: &mut Lsp, uri: &str, diagnostic: &Value) -> Vec<Value> {
    let result = lsp.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}}),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:?}"))
}

#[test]
fn quick_fixes_ignore_here_or_edit_the_style_sheet() {
    let root = scratch("quick-fixes");
    fs::write(
        root.join("story.md"),
        "Sergei Shoigu spoke. Shoigu left. Shoigu came. Shoigu won. Shoigu lost.\n",
    )
    .unwrap();
    let sidebar = root.join("sidebar.md");
    let text = "# Sidebar\n\nThe minister, Shoygu, was absent.\n";
    fs::write(&sidebar, text).unwrap();
    let toml = root.join("copydesk.toml");
    let toml_uri = uri(&toml);
    let mut lsp = start(&root);
    let sidebar_uri = uri(&sidebar);
    lsp.open(&sidebar_uri, "markdown", 1, text);
    let published = lsp.diagnostics_for(&sidebar_uri, |p| !spelling(&p.diagnostics).is_empty());
    let diagnostic = spelling(&published.diagnostics)[0].clone();
    let actions = actions_at(&mut lsp, &sidebar_uri, &diagnostic);

    // Ignore here: a comment line before the paragraph, in the draft, at its version.
    let ignore = &titled(&actions, "Ignore name-spelling here")["edit"]["documentChanges"][0];
    assert_eq!(ignore["textDocument"]["uri"], sidebar_uri.as_str());
    assert_eq!(ignore["textDocument"]["version"], 1);
    assert_eq!(ignore["edits"][0]["range"], common::range((2, 0), (2, 0)));
    assert_eq!(
        ignore["edits"][0]["newText"],
        "<!-- copydesk-ignore name-spelling -->\n"
    );

    // Without a style sheet, the edit creates it, then fills it.
    let separate = &titled(&actions, "Keep “Shoygu” as a separate name")["edit"]["documentChanges"];
    assert_eq!(separate[0]["kind"], "create");
    assert_eq!(separate[0]["uri"], toml_uri.as_str());
    assert_eq!(separate[1]["textDocument"]["uri"], toml_uri.as_str());
    assert_eq!(
        separate[1]["edits"][0]["newText"],
        "[names]\nseparate = [\"Shoygu\"]\n"
    );
    let preferred =
        &titled(&actions, "Make “Shoygu” the preferred spelling")["edit"]["documentChanges"];
    assert_eq!(
        preferred[1]["edits"][0]["newText"],
        "[spellings]\n\"Shoygu\" = [\"Shoigu\"]\n"
    );

    // With a style sheet, the edit goes under its section header.
    fs::write(&toml, "[spellings]\n\"Kyiv\" = \"Kiev\"\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 1}]}),
    );
    lsp.diagnostics_for(&toml_uri, |p| p.diagnostics.is_empty());
    let published = lsp.diagnostics_for(&sidebar_uri, |p| !spelling(&p.diagnostics).is_empty());
    let diagnostic = spelling(&published.diagnostics)[0].clone();
    let actions = actions_at(&mut lsp, &sidebar_uri, &diagnostic);
    let preferred =
        &titled(&actions, "Make “Shoygu” the preferred spelling")["edit"]["documentChanges"][0];
    assert_eq!(preferred["textDocument"]["uri"], toml_uri.as_str());
    assert_eq!(
        preferred["edits"][0]["range"],
        common::range((1, 0), (1, 0))
    );
    assert_eq!(
        preferred["edits"][0]["newText"],
        "\"Shoygu\" = [\"Shoigu\"]\n"
    );

    // The separate name, once in the file, silences the warning.
    fs::write(
        &toml,
        "[spellings]\n\"Kyiv\" = \"Kiev\"\n\n[names]\nseparate = [\"Shoygu\"]\n",
    )
    .unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    lsp.diagnostics_for(&sidebar_uri, |p| spelling(&p.diagnostics).is_empty());
    assert!(lsp.shutdown_and_exit().success());
}
