//! Drives the real copydesk server over stdio with vscode-languageserver-protocol, the protocol
//! layer of vscode-languageclient, offering what VS Code offers (UTF-16 positions only). The
//! cases come from editors/test/expect.json; a case whose feature editors/test/pending lists may
//! fail without failing the run, and fails it once it passes.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test, type TestContext } from "node:test";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  type Diagnostic,
  DiagnosticSeverity,
  type Hover,
  type MarkedString,
  type MarkupContent,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { serverSettings } from "../settings";

const repo = path.resolve(__dirname, "../../../..");
const serverBin = process.env.COPYDESK_BIN ?? path.join(repo, "target/debug/copydesk");

interface ExpectedDiagnostic {
  line: number;
  column?: number;
  text: string;
  message?: string;
}
interface DiagnosticsCase {
  feature: string;
  file: string;
  code: string;
  diagnostics: ExpectedDiagnostic[];
}
interface HoverCase {
  feature: string;
  file: string;
  line: number;
  word: string;
  contains: string[];
}
interface Expectations {
  stray_quote: DiagnosticsCase;
  name_spelling: DiagnosticsCase;
  hover: HoverCase;
}

const expect = JSON.parse(
  fs.readFileSync(path.join(repo, "editors/test/expect.json"), "utf8"),
) as Expectations;
const pending = new Set(
  fs
    .readFileSync(process.env.COPYDESK_PENDING ?? path.join(repo, "editors/test/pending"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#")),
);

/** A test whose assertions wait for `feature` while editors/test/pending lists it. */
function featureTest(feature: string, name: string, body: () => Promise<void>): void {
  const waiting = pending.has(feature);
  test(waiting ? `${name} (waits for ${feature})` : name, async (t: TestContext) => {
    if (!waiting) {
      await body();
      return;
    }
    try {
      await body();
    } catch (error) {
      t.todo(`waits for ${feature}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    assert.fail(`passes now: remove "${feature}" from editors/test/pending`);
  });
}

/** The server, the connection to it, and the diagnostics it last published per document. */
class Session {
  readonly published = new Map<string, Diagnostic[]>();
  private readonly opened = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params.diagnostics);
      for (const wake of this.waiters) {
        wake();
      }
    });
  }

  static async start(): Promise<Session> {
    const child = spawn(serverBin, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
    const spawned = new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    await spawned;
    // vscode-jsonrpc's writer leaves a rejected promise unhandled when it writes to a server
    // that has exited; Session.start reports that exit itself, so writes after it are dropped.
    child.stdin.on("error", () => undefined);
    const toServer = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (child.exitCode !== null || child.stdin.destroyed) {
          done();
          return;
        }
        child.stdin.write(chunk, () => done());
      },
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(toServer),
    );
    connection.listen();
    const session = new Session(child, connection);
    const exitedEarly = session.exited.then((code) => {
      throw new Error(`${serverBin} lsp exited with status ${code} before answering initialize`);
    });
    const initialize = connection.sendRequest("initialize", {
        processId: process.pid,
        rootUri: pathToFileURL(repo).href,
        workspaceFolders: [{ uri: pathToFileURL(repo).href, name: "copydesk" }],
        capabilities: {
          general: { positionEncodings: ["utf-16"] },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: true },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
            hover: { contentFormat: ["markdown", "plaintext"] },
          },
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        },
        initializationOptions: { inlayHints: { enabled: true } },
    });
    // Whichever settles second must not surface as an unhandled rejection.
    initialize.catch(() => undefined);
    exitedEarly.catch(() => undefined);
    await Promise.race([initialize, exitedEarly]);
    await connection.sendNotification("initialized", {});
    return session;
  }

  /** Opens `file` (relative to the repository) once, as VS Code would. */
  async open(file: string): Promise<{ uri: string; lines: string[] }> {
    const full = path.resolve(repo, file);
    const text = fs.readFileSync(full, "utf8");
    const uri = pathToFileURL(full).href;
    const languageId = full.endsWith(".md") ? "markdown" : "plaintext";
    if (!this.opened.has(uri)) {
      this.opened.add(uri);
      await this.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId, version: 1, text },
      });
    }
    return { uri, lines: text.split(/\r\n|\r|\n/) };
  }

  /** Waits up to 10 s until the diagnostics published for `uri` satisfy `done`. */
  async waitFor(uri: string, done: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const current = this.published.get(uri) ?? [];
      if (done(current) || Date.now() > deadline) {
        return current;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 200);
      });
    }
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("server did not exit within 5 s of exit")), 5_000),
    );
    return Promise.race([this.exited, timeout]);
  }
}

let session: Promise<Session> | undefined;
function server(): Promise<Session> {
  session ??= Session.start();
  return session;
}

after(() => {
  void session?.then(
    (s) => s.child.kill(),
    () => undefined,
  );
});

function hoverText(hover: Hover | null): string {
  if (hover === null) {
    return "";
  }
  const part = (c: MarkedString | MarkupContent) => (typeof c === "string" ? c : c.value);
  return Array.isArray(hover.contents) ? hover.contents.map(part).join("\n") : part(hover.contents);
}

async function assertDiagnostics(c: DiagnosticsCase): Promise<void> {
  const s = await server();
  const { uri, lines } = await s.open(c.file);
  const ofCode = (all: Diagnostic[]) => all.filter((d) => d.code === c.code);
  const found = ofCode(await s.waitFor(uri, (all) => ofCode(all).length >= c.diagnostics.length));
  found.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  assert.equal(found.length, c.diagnostics.length, `${c.code} diagnostics on ${c.file}`);
  c.diagnostics.forEach((want, i) => {
    const { start, end } = found[i].range;
    assert.equal(start.line + 1, want.line, `${c.code} #${i + 1} line`);
    assert.equal(start.line, end.line, `${c.code} #${i + 1} stays on one line`);
    const line = lines[start.line];
    // Positions count UTF-16 code units, as JavaScript strings do.
    assert.equal(line.slice(start.character, end.character), want.text, `${c.code} #${i + 1} covered text`);
    if (want.column !== undefined) {
      assert.equal([...line.slice(0, start.character)].length + 1, want.column, `${c.code} #${i + 1} column`);
    }
    if (want.message !== undefined) {
      assert.ok(found[i].message.includes(want.message), `${c.code} #${i + 1} message: ${found[i].message}`);
    }
    assert.equal(found[i].severity, DiagnosticSeverity.Warning, `${c.code} #${i + 1} severity`);
  });
}

featureTest(expect.stray_quote.feature, "unclosed-quote on the stray-quote fixture", () =>
  assertDiagnostics(expect.stray_quote),
);

featureTest("lsp", "the extension's settings switch a check off and on again", async () => {
  const c = expect.stray_quote;
  const s = await server();
  const { uri } = await s.open(c.file);
  const count = (all: Diagnostic[]) => all.filter((d) => d.code === c.code).length;
  const send = (values: Record<string, unknown>) =>
    s.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { copydesk: serverSettings((key, fallback) => (key in values ? values[key] : fallback) as typeof fallback) },
    });
  await send({ [`checks.${c.code}.enabled`]: false });
  assert.equal(count(await s.waitFor(uri, (all) => count(all) === 0)), 0, `${c.code} switched off`);
  await send({});
  assert.equal(
    count(await s.waitFor(uri, (all) => count(all) === c.diagnostics.length)),
    c.diagnostics.length,
    `${c.code} back on`,
  );
});

featureTest(expect.name_spelling.feature, "three name-spelling warnings on putin-libya.txt", () =>
  assertDiagnostics(expect.name_spelling),
);

featureTest(expect.hover.feature, 'hover on "Semenov" in line 13 of putin-libya.txt', async () => {
  const c = expect.hover;
  const s = await server();
  const { uri, lines } = await s.open(c.file);
  const character = lines[c.line - 1].indexOf(c.word);
  assert.ok(character >= 0, `${c.word} on line ${c.line}`);
  const hover = await s.connection.sendRequest<Hover | null>("textDocument/hover", {
    textDocument: { uri },
    position: { line: c.line - 1, character: character + 1 },
  });
  const text = hoverText(hover);
  for (const want of c.contains) {
    assert.ok(text.includes(want), `hover lacks "${want}"; got: ${text}`);
  }
});

featureTest("lsp", "shutdown then exit ends the server with status 0", async () => {
  const s = await server();
  assert.equal(await s.stop(), 0);
});
