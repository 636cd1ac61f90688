//! Turns the `copydesk.*` settings into the object the server reads from initializationOptions
//! and workspace/didChangeConfiguration. Free of the `vscode` module so tests can load it.

/** The checks the extension offers settings for. */
export const CHECK_CODES = [
  "unclosed-quote",
  "unattributed-quote",
  "name-spelling",
  "first-reference",
  "unknown-directive",
] as const;

export type Severity = "error" | "warning" | "information" | "hint";

/** A check switched off, or shown at another severity than its own. */
export type CheckLevel = "off" | Severity;

/**
 * What the server receives. `checks` names only the checks whose settings differ from the
 * defaults, so a check the server does not know yet is never mentioned unless the user set it.
 */
export interface ServerSettings {
  checks: Record<string, CheckLevel>;
  inlayHints: { enabled: boolean };
  /** Absent: `copydesk.toml` at the root of the workspace folder. */
  configFile?: string;
}

/** Reads one setting below `copydesk.`; `vscode.WorkspaceConfiguration.get` fits. */
export type SettingReader = <T>(key: string, fallback: T) => T;

const SEVERITIES: ReadonlySet<string> = new Set(["error", "warning", "information", "hint"]);

export function serverSettings(get: SettingReader): ServerSettings {
  const checks: Record<string, CheckLevel> = {};
  for (const code of CHECK_CODES) {
    const severity = get<string>(`checks.${code}.severity`, "default");
    if (!get<boolean>(`checks.${code}.enabled`, true)) {
      checks[code] = "off";
    } else if (SEVERITIES.has(severity)) {
      checks[code] = severity as Severity;
    }
  }
  const settings: ServerSettings = {
    checks,
    inlayHints: { enabled: get<boolean>("inlayHints.enabled", true) },
  };
  const configFile = get<string>("configFile", "").trim();
  if (configFile !== "") {
    settings.configFile = configFile;
  }
  return settings;
}
