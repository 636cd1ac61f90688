//! Turns the `copydesk.*` settings into the object the server reads from initializationOptions
//! and workspace/didChangeConfiguration. Free of the `vscode` module so tests can load it.

/** The checks the extension offers settings for. */
export const CHECK_CODES = [
  "unclosed-quote",
  "unattributed-quote",
  "name-spelling",
  "first-reference",
] as const;

export type Severity = "error" | "warning" | "information" | "hint";

export interface CheckSettings {
  enabled: boolean;
  /** Absent: the check's own severity. */
  severity?: Severity;
}

/** What the server receives. */
export interface ServerSettings {
  checks: Record<string, CheckSettings>;
  inlayHints: { enabled: boolean };
  /** Absent: `copydesk.toml` at the root of the workspace folder. */
  configFile?: string;
}

/** Reads one setting below `copydesk.`; `vscode.WorkspaceConfiguration.get` fits. */
export type SettingReader = <T>(key: string, fallback: T) => T;

const SEVERITIES: ReadonlySet<string> = new Set(["error", "warning", "information", "hint"]);

export function serverSettings(get: SettingReader): ServerSettings {
  const checks: Record<string, CheckSettings> = {};
  for (const code of CHECK_CODES) {
    const check: CheckSettings = { enabled: get<boolean>(`checks.${code}.enabled`, true) };
    const severity = get<string>(`checks.${code}.severity`, "default");
    if (SEVERITIES.has(severity)) {
      check.severity = severity as Severity;
    }
    checks[code] = check;
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
