//! How the language server starts and ends, and what it survives on the wire.

mod common;

use common::{Lsp, range};
use serde_json::json;
use std::process::{Command, Stdio};

#[test]
fn shutdown_then_exit_ends_with_status_0_and_shutdown_may_carry_null_params() {
    for args in [&["lsp"][..], &["lsp", "--stdio"], &["--stdio"]] {
        let mut lsp = Lsp::start_with(args);
        lsp.initialize(&[]);
        // What eglot sends.
        let reply = lsp.request("shutdown", json!(null));
        assert!(reply.get("error").is_none(), "{reply}");
        lsp.notify("exit", json!(null));
        assert_eq!(
            lsp.wait_for_exit().and_then(|s| s.code()),
            Some(0),
            "{args:?}"
        );
    }
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.notify("exit", json!(null));
    assert_eq!(lsp.wait_for_exit().and_then(|s| s.code()), Some(1));
}

#[test]
fn closing_stdin_ends_the_server() {
    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    lsp.open("file:///a.md", "markdown", 1, "“Open");
    lsp.close_stdin();
    assert!(
        lsp.wait_for_exit().is_some(),
        "still running after stdin closed"
    );
}

#[test]
fn the_end_of_the_editors_process_ends_the_server() {
    let mut editor = Command::new("sleep")
        .arg("60")
        .stdin(Stdio::null())
        .spawn()
        .expect("sleep runs");
    let mut lsp = Lsp::start();
    lsp.call(
        "initialize",
        json!({"processId": editor.id(), "capabilities": {}}),
    );
    lsp.notify("initialized", json!({}));
    editor.kill().expect("kill");
    editor.wait().expect("reap");
    assert_eq!(lsp.wait_for_exit().and_then(|s| s.code()), Some(1));
}

#[test]
fn malformed_messages_get_error_replies_and_the_next_request_is_answered() {
    let mut lsp = Lsp::start();
    // A request before initialize is refused, not fatal.
    let early = lsp.request("textDocument/codeAction", json!({}));
    assert!(early.get("error").is_some(), "{early}");
    lsp.initialize(&[]);

    // A body that is not JSON.
    lsp.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let reply = lsp.take("a parse error", |m| m["error"]["code"] == -32700);
    assert!(reply["id"].is_null());
    assert!(lsp.call("shutdown", json!(null)).is_null());

    let mut lsp = Lsp::start();
    lsp.initialize(&[]);
    // JSON, but not JSON-RPC.
    lsp.send_raw(b"Content-Length: 2\r\n\r\n[]");
    lsp.take("an invalid request error", |m| m["error"]["code"] == -32600);

    // A Content-Length too short, then one too long: each loses only its own message.
    let body = json!({"jsonrpc": "2.0", "id": 900, "method": "no/such"}).to_string();
    lsp.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() - 4).as_bytes());
    lsp.take("a parse error for the short body", |m| {
        m["error"]["code"] == -32700
    });
    let body = json!({"jsonrpc": "2.0", "id": 901, "method": "no/such"}).to_string();
    lsp.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 300).as_bytes());
    // The next request arrives right behind it and is still answered, and so is the one
    // whose length was too long.
    let unknown = lsp.request("no/such/method", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let too_long = lsp.response(901);
    assert_eq!(too_long["error"]["code"], -32601, "{too_long}");

    // A change to a document never opened is logged, not fatal.
    lsp.change(
        "file:///never.md",
        2,
        json!([{"range": range((0, 0), (0, 0)), "text": "x"}]),
    );
    lsp.wait_for_log("not open");

    // The same document opened twice takes the second text.
    lsp.open("file:///twice.md", "markdown", 1, "Fine.");
    lsp.open("file:///twice.md", "markdown", 1, "“Open.");
    let published = lsp.diagnostics_for("file:///twice.md", |p| !p.diagnostics.is_empty());
    assert_eq!(published.version, Some(1));
    assert!(lsp.shutdown_and_exit().success());
}
