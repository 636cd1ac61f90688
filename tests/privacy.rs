//! Drafts are confidential: copydesk opens no network connection. This test fails when the
//! program's dependency tree gains a crate (or a crate feature) that can open one, so that
//! such a change is a decision someone makes on purpose, not a side effect of an update.
//!
//! It reads `cargo metadata`, walks the dependencies the program is built with (normal and
//! build dependencies, on every platform; test-only dependencies do not ship) and checks them
//! against a list. What the source itself may not do (open sockets, write files) is checked by
//! `tests/architecture.rs`.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::{Value, json};

/// Crates whose purpose is to talk over a network, with what they are.
const BANNED_CRATES: &[(&str, &str)] = &[
    ("reqwest", "HTTP client"),
    ("hyper", "HTTP client and server"),
    ("hyper-util", "HTTP client and server"),
    ("h2", "HTTP/2"),
    ("h3", "HTTP/3"),
    ("quinn", "QUIC"),
    ("ureq", "HTTP client"),
    ("curl", "libcurl bindings"),
    ("curl-sys", "libcurl bindings"),
    ("isahc", "HTTP client"),
    ("surf", "HTTP client"),
    ("attohttpc", "HTTP client"),
    ("minreq", "HTTP client"),
    ("http_req", "HTTP client"),
    ("ehttp", "HTTP client"),
    ("awc", "HTTP client"),
    ("tungstenite", "WebSocket"),
    ("tokio-tungstenite", "WebSocket"),
    ("socket2", "raw sockets"),
    ("async-net", "TCP and UDP sockets"),
    ("async-std", "async runtime with TCP and UDP sockets"),
    ("smol", "async runtime with TCP and UDP sockets"),
    ("native-tls", "TLS connections"),
    ("rustls", "TLS connections"),
    ("openssl", "TLS connections"),
    ("hickory-resolver", "DNS resolver"),
    ("trust-dns-resolver", "DNS resolver"),
    ("tonic", "gRPC"),
    ("tiny_http", "HTTP server"),
    ("axum", "HTTP server"),
    ("actix-web", "HTTP server"),
    ("warp", "HTTP server"),
    ("ssh2", "SSH client"),
    ("zmq", "ZeroMQ sockets"),
];

/// Crate features that add sockets to an otherwise allowed crate.
const BANNED_FEATURES: &[(&str, &str, &str)] = &[
    ("tokio", "net", "TCP, UDP and Unix sockets"),
    ("tokio", "full", "every tokio feature, sockets included"),
    ("mio", "net", "TCP, UDP and Unix sockets"),
    ("async-io", "net", "TCP and UDP sockets"),
];

/// What in the dependency tree the program is built with can open a connection.
fn banned(metadata: &Value) -> Vec<String> {
    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("id"),
                p["name"].as_str().expect("name"),
            )
        })
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolved nodes")
        .iter()
        .map(|n| (n["id"].as_str().expect("id"), n))
        .collect();
    let root = metadata["resolve"]["root"]
        .as_str()
        .expect("a root package");
    let mut seen = HashSet::from([root]);
    let mut queue = vec![root];
    let mut found = Vec::new();
    while let Some(id) = queue.pop() {
        let name = names.get(id).copied().unwrap_or(id);
        let node = nodes[id];
        if let Some((_, what)) = BANNED_CRATES.iter().find(|(banned, _)| *banned == name) {
            found.push(format!("{name}: {what}"));
        }
        for feature in node["features"].as_array().into_iter().flatten() {
            let feature = feature.as_str().unwrap_or("");
            if let Some((_, _, what)) = BANNED_FEATURES
                .iter()
                .find(|(krate, banned, _)| *krate == name && *banned == feature)
            {
                found.push(format!("{name} with feature {feature:?}: {what}"));
            }
        }
        for dep in node["deps"].as_array().into_iter().flatten() {
            let shipped = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|kind| kind["kind"].as_str() != Some("dev"));
            let dep_id = dep["pkg"].as_str().expect("pkg");
            if shipped && seen.insert(dep_id) {
                queue.push(dep_id);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_program_depends_on_no_network_client() {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let packages = metadata["packages"].as_array().map_or(0, Vec::len);
    assert!(packages > 20, "only {packages} packages: not the real tree");
    let found = banned(&metadata);
    assert!(
        found.is_empty(),
        "copydesk must open no network connection, but now depends on:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_follows_shipped_dependencies_and_features_but_not_test_only_ones() {
    let metadata = json!({
        "packages": [
            {"id": "app", "name": "copydesk"},
            {"id": "lib", "name": "some-lib"},
            {"id": "http", "name": "ureq"},
            {"id": "tokio", "name": "tokio"},
            {"id": "test-http", "name": "reqwest"},
        ],
        "resolve": {
            "root": "app",
            "nodes": [
                {"id": "app", "features": [], "deps": [
                    {"pkg": "lib", "dep_kinds": [{"kind": null}]},
                    {"pkg": "tokio", "dep_kinds": [{"kind": null}]},
                    {"pkg": "test-http", "dep_kinds": [{"kind": "dev"}]},
                ]},
                {"id": "lib", "features": [], "deps": [
                    {"pkg": "http", "dep_kinds": [{"kind": "build"}]},
                ]},
                {"id": "http", "features": [], "deps": []},
                {"id": "tokio", "features": ["rt", "net"], "deps": []},
                {"id": "test-http", "features": [], "deps": []},
            ],
        },
    });
    assert_eq!(
        banned(&metadata),
        [
            "tokio with feature \"net\": TCP, UDP and Unix sockets",
            "ureq: HTTP client",
        ]
    );
}
