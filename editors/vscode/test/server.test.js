// The real server over stdio with vscode-jsonrpc, the JSON-RPC stack VS Code uses.
const test = require('node:test');
const assert = require('node:assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const rpc = require('vscode-jsonrpc/node');
const { InitializeRequest, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsNotification, HoverRequest, ShutdownRequest, ExitNotification, CodeActionRequest } = require('vscode-languageserver-protocol');

const repo = path.join(__dirname, '..', '..', '..');
const bin = process.env.DIFY_LSP_BIN || path.join(repo, 'target', 'debug', 'dify-lsp');

test('diagnostics, a fix, hover and a clean exit', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dify-lsp-'));
  fs.cpSync(path.join(repo, 'tests', 'fixtures', 'base', 'plugin'), dir, { recursive: true });
  const file = path.join(dir, 'manifest.yaml');
  const text = fs.readFileSync(file, 'utf8').replace('author: acme', 'author: Acme');
  const uri = 'file://' + file;
  const proc = cp.spawn(bin, [], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const published = [];
  const waiters = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  conn.onRequest(() => null);
  conn.listen();
  const waitFor = async (pred) => {
    for (let i = 0; i < 200; i++) {
      const hit = published.find(pred);
      if (hit) return hit;
      await new Promise((r) => { waiters.push(r); setTimeout(r, 50); });
    }
    throw new Error('no matching diagnostics');
  };
  const init = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: 'file://' + dir, capabilities: {}, workspaceFolders: null });
  assert.strictEqual(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
  conn.sendNotification('initialized', {});
  conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const first = await waitFor((p) => p.uri === uri && p.version === 1 && p.diagnostics.length > 0);
  const d = first.diagnostics[0];
  assert.strictEqual(d.code, 'DIFY201');
  const actions = await conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const fix = actions.find((a) => a.isPreferred);
  assert.strictEqual(fix.title, 'Change `Acme` to `acme`');
  const edit = fix.edit.changes[uri][0];
  conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: edit.range, text: edit.newText }] });
  await waitFor((p) => p.uri === uri && p.version === 2 && p.diagnostics.length === 0);
  const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 1 } });
  assert.match(hover.contents.value, /author/);
  await conn.sendRequest(ShutdownRequest.type);
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  conn.sendNotification(ExitNotification.type);
  assert.strictEqual(await exited, 0);
  conn.dispose();
});
