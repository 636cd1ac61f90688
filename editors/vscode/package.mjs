// Packages the extension into copydesk.vsix with @vscode/vsce.
//
//   node package.mjs                  a universal .vsix: the server comes from copydesk.path or PATH
//   node package.mjs --server FILE    a .vsix for this platform with FILE inside as server/copydesk
//
// The bundled copy is stripped of debug information with `strip` where there is one.
// The licence texts at the top of the repository become the extension's LICENSE. A bundled
// server makes the package platform-specific, so it is marked with vsce's --target for the
// platform this runs on (the binary must be built for it).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function serverArgument(argv) {
  const at = argv.indexOf("--server");
  if (at === -1) {
    return undefined;
  }
  const file = argv[at + 1];
  if (file === undefined || file.startsWith("--")) {
    fail("--server needs the path of a copydesk binary");
  }
  return path.resolve(file);
}

/** vsce's name for this platform, or undefined when the marketplace has none for it. */
function vsceTarget() {
  const platforms = { linux: "linux", darwin: "darwin", win32: "win32" };
  const arches = { x64: "x64", arm64: "arm64", arm: "armhf" };
  const platform = platforms[process.platform];
  const arch = arches[process.arch];
  return platform && arch ? `${platform}-${arch}` : undefined;
}

const licence = ["LICENSE-MIT", "LICENSE-APACHE"]
  .map((name) => fs.readFileSync(path.join(root, name), "utf8").trim())
  .join("\n\n---\n\n");
fs.writeFileSync(
  path.join(here, "LICENSE"),
  `copydesk is licensed under either of the MIT licence or the Apache License, Version 2.0, at your option.\n\n---\n\n${licence}\n`,
);

const serverDir = path.join(here, "server");
fs.rmSync(serverDir, { recursive: true, force: true });
const args = ["package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "-o", "copydesk.vsix"];
const server = serverArgument(process.argv.slice(2));
if (server !== undefined) {
  if (!fs.existsSync(server)) {
    fail(`no server binary at ${server}: build it first (cargo build --release)`);
  }
  const target = vsceTarget();
  if (target === undefined) {
    fail(`no VS Code platform target for ${process.platform}-${process.arch}`);
  }
  fs.mkdirSync(serverDir);
  const bundled = path.join(serverDir, process.platform === "win32" ? "copydesk.exe" : "copydesk");
  fs.copyFileSync(server, bundled);
  fs.chmodSync(bundled, 0o755);
  if (process.platform !== "win32" && spawnSync("strip", [bundled]).status === 0) {
    console.log("package: stripped the bundled server of debug information");
  }
  args.push("--target", target);
  console.log(`package: bundling ${server} as server/${path.basename(bundled)} for ${target}`);
}

const vsce = path.join(here, "node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
const result = spawnSync(vsce, args, { cwd: here, stdio: "inherit", shell: process.platform === "win32" });
if (result.error) {
  fail(`could not run vsce: ${result.error.message} (run npm ci first)`);
}
process.exit(result.status ?? 1);
