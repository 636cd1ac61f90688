//! Finds the copydesk binary: the `copydesk.path` setting, else the binary bundled in the
//! extension, else `copydesk` on PATH. Free of the `vscode` module so node's test runner can load it.

import * as fs from "node:fs";
import * as path from "node:path";

/** Where a candidate binary came from, for messages. */
export type ServerSource = "setting" | "bundled" | "path";

export interface FoundServer {
  command: string;
  source: ServerSource;
}

/** The inputs of the search, passed in so tests need no real environment. */
export interface SearchInputs {
  /** The `copydesk.path` setting, possibly empty. */
  configuredPath: string;
  /** The extension's install folder (its `server/` holds a bundled binary, if any). */
  extensionPath: string;
  /** The PATH environment variable. */
  envPath: string;
  /** `process.platform`. */
  platform: NodeJS.Platform;
}

function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "copydesk.exe" : "copydesk";
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the binary to run, or `undefined` when none is found. A `copydesk.path` setting that
 * names a missing file is returned anyway: the user asked for it, and the start-up error says so.
 */
export function findServer(inputs: SearchInputs): FoundServer | undefined {
  const configured = inputs.configuredPath.trim();
  if (configured !== "") {
    return { command: configured, source: "setting" };
  }
  const name = executableName(inputs.platform);
  const bundled = path.join(inputs.extensionPath, "server", name);
  if (isExecutableFile(bundled, inputs.platform)) {
    return { command: bundled, source: "bundled" };
  }
  const separator = inputs.platform === "win32" ? ";" : ":";
  for (const dir of inputs.envPath.split(separator)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate, inputs.platform)) {
      return { command: candidate, source: "path" };
    }
  }
  return undefined;
}
