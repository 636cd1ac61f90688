//! Tests for the settings object sent to the server.

import assert from "node:assert/strict";
import { test } from "node:test";
import { serverSettings, type SettingReader } from "../settings";

function reader(values: Record<string, unknown>): SettingReader {
  return <T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback);
}

test("defaults: no check named, inlay hints on, no config file", () => {
  const settings = serverSettings(reader({}));
  assert.deepEqual(settings.checks, {});
  assert.deepEqual(settings.inlayHints, { enabled: true });
  assert.equal(settings.configFile, undefined);
});

test("a check switched off, a severity chosen, a config file named", () => {
  const settings = serverSettings(
    reader({
      "checks.name-spelling.enabled": false,
      "checks.name-spelling.severity": "error",
      "checks.unattributed-quote.severity": "information",
      "checks.unclosed-quote.severity": "loud",
      "inlayHints.enabled": false,
      configFile: " style/copydesk.toml ",
    }),
  );
  assert.deepEqual(
    settings.checks,
    { "name-spelling": "off", "unattributed-quote": "information" },
    "off wins over a severity; an unknown severity is dropped",
  );
  assert.deepEqual(settings.inlayHints, { enabled: false });
  assert.equal(settings.configFile, "style/copydesk.toml");
});
