//! Tests for finding the server binary: setting first, then the bundled binary, then PATH.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { findServer } from "../server-path";

function fakeBinary(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "copydesk");
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-ext-"));
const extensionPath = path.join(scratch, "ext");
const onPath = path.join(scratch, "bin");

test("a copydesk.path setting wins, even when the file is missing", () => {
  fakeBinary(path.join(extensionPath, "server"));
  const found = findServer({ configuredPath: " /opt/copydesk ", extensionPath, envPath: onPath, platform: "linux" });
  assert.deepEqual(found, { command: "/opt/copydesk", source: "setting" });
});

test("the bundled binary comes before PATH", () => {
  const bundled = fakeBinary(path.join(extensionPath, "server"));
  fakeBinary(onPath);
  const found = findServer({ configuredPath: "", extensionPath, envPath: onPath, platform: "linux" });
  assert.deepEqual(found, { command: bundled, source: "bundled" });
});

test("PATH is searched in order, skipping files that are not executable", () => {
  const notExecutable = path.join(scratch, "noexec");
  fs.mkdirSync(notExecutable, { recursive: true });
  fs.writeFileSync(path.join(notExecutable, "copydesk"), "");
  const onPathBinary = fakeBinary(onPath);
  const found = findServer({
    configuredPath: "",
    extensionPath: path.join(scratch, "no-such-extension"),
    envPath: ["", notExecutable, onPath].join(":"),
    platform: "linux",
  });
  assert.deepEqual(found, { command: onPathBinary, source: "path" });
});

test("nothing found gives undefined, so the extension can say how to install", () => {
  const found = findServer({
    configuredPath: "",
    extensionPath: path.join(scratch, "no-such-extension"),
    envPath: path.join(scratch, "empty"),
    platform: "linux",
  });
  assert.equal(found, undefined);
});
