//! Keeps the extension's settings in step with the server: every check that `copydesk explain`
//! lists has an on/off and a severity setting in package.json, and in CHECK_CODES.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { CHECK_CODES } from "../settings";

const repo = path.resolve(__dirname, "../../../..");
const serverBin = process.env.COPYDESK_BIN ?? path.join(repo, "target/debug/copydesk");

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

test("every check the server lists has settings in the extension", () => {
  const listing = execFileSync(serverBin, ["explain"], { encoding: "utf8" });
  const codes = listing
    .split("\n")
    .map((line) => /^([a-z]+(?:-[a-z]+)+)\s/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined);
  assert.ok(codes.includes("unclosed-quote"), `no checks read from: ${listing}`);
  const manifest = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"),
  ) as Manifest;
  const properties = manifest.contributes.configuration.properties;
  for (const code of codes) {
    assert.ok(`copydesk.checks.${code}.enabled` in properties, `${code}: no on/off setting`);
    assert.ok(`copydesk.checks.${code}.severity` in properties, `${code}: no severity setting`);
    assert.ok((CHECK_CODES as readonly string[]).includes(code), `${code}: not in CHECK_CODES`);
  }
});
