#!/usr/bin/env node
// `npm run package [-- --server PATH] [--target TARGET] [--out FILE]`: one command from a fresh
// clone (after `npm ci` and `cargo build --release`) to an installable .vsix. It bundles the
// extension, copies the server into bin/ (by default the repository's target/release/dify-lsp, or
// DIFY_LSP_SERVER, or --server) and packages for the platform's VS Code target.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const repo = path.join(root, '..', '..');

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** VS Code's name for a platform and architecture (`vsce --target`). */
function vscodeTarget(platform, arch) {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[platform];
  const cpu = { x64: 'x64', arm64: 'arm64' }[arch];
  if (!os || !cpu) throw new Error(`no VS Code target for ${platform}-${arch}; pass --target`);
  return `${os}-${cpu}`;
}

function main() {
  const target = option('target') || vscodeTarget(process.platform, process.arch);
  const exe = target.startsWith('win32') ? 'dify-lsp.exe' : 'dify-lsp';
  const server = path.resolve(option('server') || process.env.DIFY_LSP_SERVER || path.join(repo, 'target', 'release', exe));
  if (!fs.existsSync(server)) {
    console.error(`package: no server at ${server}: run \`cargo build --release\` at the repository root, or pass --server PATH`);
    process.exit(2);
  }
  const out = path.resolve(option('out') || path.join(root, `dify-lsp-${target}.vsix`));
  const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

  run(bin('esbuild'), ['src/extension.ts', '--bundle', '--outfile=dist/extension.js', '--external:vscode', '--format=cjs', '--platform=node', '--target=node20', '--log-level=warning']);
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  // Replaced, not overwritten in place: a running server keeps its file.
  const dest = path.join(root, 'bin', exe);
  fs.rmSync(dest, { force: true });
  fs.copyFileSync(server, dest);
  fs.chmodSync(dest, 0o755);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  run(bin('vsce'), ['package', '--no-dependencies', '--target', target, '-o', out]);
  console.log(`package: wrote ${out} (${target}, server ${server})`);
}

module.exports = { vscodeTarget };
if (require.main === module) main();
