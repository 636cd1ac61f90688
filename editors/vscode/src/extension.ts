//! The copydesk extension: starts the copydesk language server for Markdown and plain-text
//! documents and offers its commands.

import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer } from "./server-path";
import { serverSettings } from "./settings";

const INSTALL_HINT =
  "copydesk: the copydesk program was not found. Install it with `cargo install --path .` " +
  "in a copydesk checkout (or put it on your PATH), or set `copydesk.path` to the binary.";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

function currentSettings() {
  const config = vscode.workspace.getConfiguration("copydesk");
  return serverSettings((key, fallback) => config.get(key, fallback));
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("copydesk");
  const server = findServer({
    configuredPath: config.get<string>("path", ""),
    extensionPath: context.extensionPath,
    envPath: process.env.PATH ?? "",
    platform: process.platform,
  });
  if (server === undefined) {
    const choice = await vscode.window.showErrorMessage(INSTALL_HINT, "Open settings");
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.path");
    }
    return;
  }
  output?.appendLine(`Starting ${server.command} lsp (found via ${server.source})`);
  const run = { command: server.command, args: ["lsp"], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: currentSettings(),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/copydesk.toml"),
    },
    outputChannel: output,
    middleware: {
      workspace: {
        // Answer a pull of the `copydesk` section in the server's shape, as pushes are sent.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i): unknown =>
            item.section === "copydesk" ? currentSettings() : answers[i],
          );
        },
      },
    },
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `copydesk: could not start ${server.command}: ${message}. ${INSTALL_HINT}`,
    );
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined && running.isRunning()) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("copydesk.restartServer", async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand("copydesk.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("copydesk.path")) {
        await stopClient();
        await startClient(context);
      } else if (event.affectsConfiguration("copydesk") && client?.isRunning()) {
        await client.sendNotification("workspace/didChangeConfiguration", {
          settings: { copydesk: currentSettings() },
        });
      }
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
