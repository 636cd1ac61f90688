//! The workspace folder over real stdio: a two-draft story folder, symbols and references across
//! its drafts, and a `copydesk.toml` that is broken and then fixed while the server runs.

mod common;

use common::{Lsp, file_uri as uri};
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("lsp_workspace", name)
}

/// `initialize` with the folder as root and workspace folder.
fn start(root: &Path) -> Lsp {
    Lsp::start_in_folder(root, &[], Value::Null)
}

/// Asks `method` until the answer satisfies `accept` (the folder is read in the background), and
/// returns that answer.
fn ask_until(lsp: &mut Lsp, method: &str, params: Value, accept: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + common::TIMEOUT;
    loop {
        let answer = lsp.call(method, params.clone());
        if accept(&answer) {
            return answer;
        }
        assert!(
            Instant::now() < deadline,
            "no {method} answer as expected; the last: {answer}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// The (uri, range) of each location of a `references` answer.
fn places(answer: &Value) -> Vec<(String, Value)> {
    answer
        .as_array()
        .map(|found| {
            found
                .iter()
                .map(|l| {
                    (
                        l["uri"].as_str().unwrap_or("").to_string(),
                        l["range"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
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

#[test]
fn workspace_symbols_and_references_reach_drafts_that_are_not_open() {
    let root = scratch("symbols");
    let story = root.join("story.md");
    let story_text = "# Story\n\nSergei Shoigu spoke. Shoigu left.\n";
    fs::write(&story, story_text).unwrap();
    // Not open: read from disk. `é` and `—` are 3 bytes but 2 UTF-16 units before the name,
    // so the UTF-8 columns tell that the negotiated encoding is used.
    let sidebar = root.join("sidebar.md");
    fs::write(
        &sidebar,
        "The café — where Sergei Shoigu met Khalifa Haftar — was shut.\n",
    )
    .unwrap();
    let mut lsp = Lsp::start_in_folder(&root, &["utf-8"], Value::Null);
    lsp.wait_for_log("indexed 2 drafts");
    let story_uri = uri(&story);
    let sidebar_uri = uri(&sidebar);
    lsp.open(&story_uri, "markdown", 1, story_text);

    let symbols = ask_until(
        &mut lsp,
        "workspace/symbol",
        json!({"query": "shoigu"}),
        |a| a.as_array().is_some_and(|s| s.len() == 2),
    );
    let mut found: Vec<(&str, &str, &Value)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["location"]["uri"].as_str().unwrap(),
                &s["location"]["range"],
            )
        })
        .collect();
    found.sort_by_key(|f| f.1);
    assert_eq!(found[0].0, "Sergei Shoigu");
    assert_eq!(found[0].1, sidebar_uri);
    assert_eq!(*found[0].2, common::range((0, 20), (0, 33)));
    assert_eq!(found[1].1, story_uri);
    let everyone = lsp.call("workspace/symbol", json!({"query": ""}));
    assert!(
        everyone
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "Khalifa Haftar" && s["location"]["uri"] == sidebar_uri.as_str()),
        "{everyone}"
    );

    // References on "Shoigu" in the open draft: both of its mentions, and the closed draft's.
    let at_shoigu = json!({"textDocument": {"uri": story_uri}, "position": {"line": 2, "character": 23},
        "context": {"includeDeclaration": true}});
    let references = lsp.call("textDocument/references", at_shoigu.clone());
    assert_eq!(
        places(&references),
        [
            (story_uri.clone(), common::range((2, 0), (2, 13))),
            (story_uri.clone(), common::range((2, 21), (2, 27))),
            (sidebar_uri.clone(), common::range((0, 20), (0, 33))),
        ]
    );

    // The closed draft changes on disk: it is read again.
    fs::write(
        &sidebar,
        "Updated.\n\nThe café — where Sergei Shoigu met Khalifa Haftar — was shut.\n",
    )
    .unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": sidebar_uri, "type": 2}]}),
    );
    let moved = ask_until(
        &mut lsp,
        "textDocument/references",
        at_shoigu.clone(),
        |a| {
            places(a)
                .last()
                .is_some_and(|(_, r)| r["start"]["line"] == 2)
        },
    );
    assert_eq!(
        places(&moved).last().unwrap(),
        &(sidebar_uri.clone(), common::range((2, 20), (2, 33)))
    );

    // Opened, the sidebar answers from its own text, once.
    let open_text = "Sergei Shoigu again.\n";
    lsp.open(&sidebar_uri, "markdown", 1, open_text);
    let references = lsp.call("textDocument/references", at_shoigu);
    assert_eq!(
        places(&references)[2..],
        [(sidebar_uri.clone(), common::range((0, 0), (0, 13)))]
    );
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn related_places_follow_another_draft_whose_names_only_moved() {
    let root = scratch("moved");
    let story = root.join("story.md");
    let story_text = "Sergei Shoigu spoke. Shoigu left. Shoigu came. Shoigu won. Shoigu lost.\n";
    fs::write(&story, story_text).unwrap();
    let sidebar = root.join("sidebar.md");
    let sidebar_text = "The minister, Shoygu, was absent.\n";
    fs::write(&sidebar, sidebar_text).unwrap();
    let mut lsp = start(&root);
    lsp.wait_for_log("indexed 2 drafts");
    let sidebar_uri = uri(&sidebar);
    let story_uri = uri(&story);
    lsp.open(&sidebar_uri, "markdown", 1, sidebar_text);
    let first_line = |p: &common::Published| {
        spelling(&p.diagnostics)
            .first()
            .map(|d| d["relatedInformation"][0]["location"]["range"]["start"]["line"].clone())
    };
    let published = lsp.diagnostics_for(&sidebar_uri, |p| first_line(p) == Some(json!(0)));
    assert_eq!(published.version, Some(1));

    // The main story gains a line on disk: same names, other places.
    fs::write(&story, format!("# Defence\n{story_text}")).unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": story_uri, "type": 2}]}),
    );
    let republished = lsp.diagnostics_for(&sidebar_uri, |p| first_line(p) == Some(json!(1)));
    let related = &spelling(&republished.diagnostics)[0]["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], story_uri.as_str());
    assert_eq!(related["range"], common::range((1, 7), (1, 13)));

    // Opened and edited in the editor: the same.
    lsp.open(
        &story_uri,
        "markdown",
        1,
        &format!("# Defence\n{story_text}"),
    );
    lsp.change(
        &story_uri,
        2,
        json!([{"range": common::range((0, 0), (0, 0)), "text": "\n\n"}]),
    );
    let edited = lsp.diagnostics_for(&sidebar_uri, |p| first_line(p) == Some(json!(3)));
    assert_eq!(
        spelling(&edited.diagnostics)[0]["relatedInformation"][0]["location"]["range"],
        common::range((3, 7), (3, 13))
    );
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn an_open_style_sheet_shows_its_problems_as_typed_and_applies_on_save() {
    let root = scratch("typed-style");
    let toml = root.join("copydesk.toml");
    let good = "[spellings]\n\"Shoigu\" = \"Shoygu\"\n";
    fs::write(&toml, good).unwrap();
    let draft = root.join("draft.md");
    let text = "Sergei Shoygu spoke. Shoygu left.\n";
    fs::write(&draft, text).unwrap();
    let mut lsp = start(&root);
    let toml_uri = uri(&toml);
    lsp.diagnostics_for(&toml_uri, |p| p.diagnostics.is_empty());
    let draft_uri = uri(&draft);
    lsp.open(&draft_uri, "markdown", 1, text);
    lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).len() == 2);

    lsp.open(&toml_uri, "toml", 1, good);
    lsp.change(
        &toml_uri,
        2,
        json!([{"range": common::range((1, 11), (1, 19)), "text": "3"}]),
    );
    let typed = lsp.diagnostics_for(&toml_uri, |p| p.version == Some(2));
    assert_eq!(typed.diagnostics.len(), 1, "{typed:?}");
    assert_eq!(typed.diagnostics[0]["range"]["start"]["line"], 1);
    assert_eq!(typed.diagnostics[0]["code"], "copydesk-toml");
    lsp.change(
        &toml_uri,
        3,
        json!([{"range": common::range((1, 11), (1, 12)), "text": "\"Shoygu\""}]),
    );
    let fixed = lsp.diagnostics_for(&toml_uri, |p| p.version == Some(3));
    assert!(fixed.diagnostics.is_empty(), "{fixed:?}");

    // Typing is not saving: the rules change on save.
    lsp.change(
        &toml_uri,
        4,
        json!([{"text": "[checks]\nname-spelling = \"off\"\n"}]),
    );
    lsp.diagnostics_for(&toml_uri, |p| p.version == Some(4));
    lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": draft_uri}, "position": {"line": 0, "character": 0}}),
    );
    let early = lsp.try_take(Duration::from_millis(500), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == draft_uri.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(Vec::is_empty)
    });
    assert!(early.is_none(), "{early:?}");
    lsp.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": toml_uri},
            "text": "[checks]\nname-spelling = \"off\"\n"}),
    );
    lsp.diagnostics_for(&draft_uri, |p| spelling(&p.diagnostics).is_empty());

    // Closed unsaved: the problems are those of the file on disk again.
    fs::write(&toml, "[spellings]\n\"Shoigu\" = 3\n").unwrap();
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": toml_uri}}),
    );
    let on_disk = lsp.diagnostics_for(&toml_uri, |p| !p.diagnostics.is_empty());
    assert_eq!(on_disk.version, None);
    assert_eq!(on_disk.diagnostics.len(), 1, "{on_disk:?}");
    assert_eq!(on_disk.diagnostics[0]["range"]["start"]["line"], 1);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn each_workspace_folder_has_its_style_sheet_and_folders_come_and_go() {
    let root = scratch("multi-root");
    let desk = root.join("desk");
    let wires = root.join("wires");
    let inner = desk.join("inner");
    fs::create_dir_all(&inner).unwrap();
    fs::create_dir_all(&wires).unwrap();
    fs::write(
        desk.join("copydesk.toml"),
        "[spellings]\n\"Shoigu\" = \"Shoygu\"\n",
    )
    .unwrap();
    fs::write(
        inner.join("copydesk.toml"),
        "[checks]\nname-spelling = \"off\"\n",
    )
    .unwrap();
    let text = "Sergei Shoygu spoke. Shoygu left.\n";
    let ours = desk.join("ours.md");
    let theirs = wires.join("theirs.md");
    let nested = inner.join("nested.md");
    for draft in [&ours, &theirs, &nested] {
        fs::write(draft, text).unwrap();
    }
    let mut lsp = Lsp::start();
    let result = lsp.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&desk),
            "workspaceFolders": [{"uri": uri(&desk), "name": "desk"},
                {"uri": uri(&wires), "name": "wires"}],
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": true}}},
        }),
    );
    let folders = &result["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(folders["supported"], true);
    assert_eq!(folders["changeNotifications"], true);
    lsp.notify("initialized", json!({}));
    lsp.wait_for_log(&format!("indexed 2 drafts of {}", desk.display()));
    lsp.wait_for_log(&format!("indexed 1 drafts of {}", wires.display()));

    // The desk's style sheet rules its drafts, nested ones included; not the wires'.
    for draft in [&ours, &nested] {
        lsp.open(&uri(draft), "markdown", 1, text);
        let flagged = lsp.diagnostics_for(&uri(draft), |p| spelling(&p.diagnostics).len() == 2);
        assert_eq!(
            spelling(&flagged.diagnostics)[0]["message"],
            "“Shoygu” is spelled “Shoigu” in the house style sheet"
        );
    }
    lsp.open(&uri(&theirs), "markdown", 1, text);
    let clean = lsp.diagnostics_for(&uri(&theirs), |p| p.version == Some(1));
    assert!(spelling(&clean.diagnostics).is_empty(), "{clean:?}");

    // The inner folder added: its drafts take its style sheet, which turns the check off.
    let inner_folder = json!({"uri": uri(&inner), "name": "inner"});
    lsp.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [inner_folder], "removed": []}}),
    );
    lsp.wait_for_log(&format!("drafts of {}", inner.display()));
    lsp.diagnostics_for(&uri(&nested), |p| spelling(&p.diagnostics).is_empty());
    let hover_ours = lsp.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&ours)}, "position": {"line": 0, "character": 0}}),
    );
    assert!(!hover_ours.is_null());
    let still = lsp.diagnostics_for(&uri(&ours), |_| true);
    assert_eq!(spelling(&still.diagnostics).len(), 2, "{still:?}");

    // Removed again: the desk's rules are back.
    lsp.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [inner_folder]}}),
    );
    lsp.diagnostics_for(&uri(&nested), |p| spelling(&p.diagnostics).len() == 2);
    assert!(lsp.shutdown_and_exit().success());
}
