// Unit tests of the extension's options, with a mocked `vscode` module.
const test = require('node:test');
const assert = require('node:assert');
const Module = require('module');
const path = require('path');

const mock = new Proxy(function () {}, {
  // `__esModule` makes TypeScript's import helpers use the module as it is.
  get: (target, prop) => (prop === '__esModule' ? true : mock),
  apply: () => mock,
  construct: () => mock,
});
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? mock : load.call(this, request, ...rest);
};
const ext = require(path.join(__dirname, '..', 'dist', 'extension.js'));

const settings = (values) => ({ get: (key, d) => (key in values ? values[key] : d) });

test('an untrusted workspace runs only the bundled binary', () => {
  const cmd = ext.serverCommand('/ext/bin/dify-lsp', settings({ 'server.path': '/evil', 'server.extraArgs': ['--x'] }), false);
  assert.deepStrictEqual(cmd, { command: '/ext/bin/dify-lsp', args: [] });
});

test('a trusted workspace honours server.path, then the bundled binary, then PATH', () => {
  const s = settings({ 'server.path': '/opt/dify-lsp', 'server.extraArgs': ['--log-file', '/tmp/l'] });
  assert.deepStrictEqual(ext.serverCommand('/ext/bin/dify-lsp', s, true), { command: '/opt/dify-lsp', args: ['--log-file', '/tmp/l'] });
  assert.strictEqual(ext.serverCommand('/ext/bin/dify-lsp', settings({}), true, () => true).command, '/ext/bin/dify-lsp');
  assert.strictEqual(ext.serverCommand('/ext/bin/dify-lsp', settings({}), true, () => false).command, 'dify-lsp');
});

test('without a bundled binary, a workspace .venv comes before PATH; never in an untrusted workspace', () => {
  const venv = path.join('/ws', '.venv', 'bin', 'dify-lsp');
  const only = (p) => p === venv;
  assert.strictEqual(ext.serverCommand('/ext/bin/dify-lsp', settings({}), true, only, ['/other', '/ws'], 'linux').command, venv);
  assert.strictEqual(ext.serverCommand('/ext/bin/dify-lsp', settings({}), false, only, ['/ws'], 'linux').command, '/ext/bin/dify-lsp');
  assert.strictEqual(ext.serverCommand('/ext/bin/dify-lsp', settings({}), true, (p) => p === '/ext/bin/dify-lsp', ['/ws'], 'linux').command, '/ext/bin/dify-lsp');
  assert.deepStrictEqual(ext.venvBinaries(['C:\\ws'], 'win32').map((p) => p.endsWith('dify-lsp.exe')), [true, true]);
});

test('packaging names the VS Code target of the platform', () => {
  const { vscodeTarget } = require(path.join(__dirname, '..', 'scripts', 'package.js'));
  assert.strictEqual(vscodeTarget('linux', 'x64'), 'linux-x64');
  assert.strictEqual(vscodeTarget('darwin', 'arm64'), 'darwin-arm64');
  assert.throws(() => vscodeTarget('aix', 'ppc64'));
});

test('initialization options carry only what is set', () => {
  assert.deepStrictEqual(ext.initializationOptions(settings({})), {});
  const opts = ext.initializationOptions(settings({ select: ['DIFY2'], ignore: ['DIFY602'], targetDifyVersion: ' 1.13.3 ', diagnosticMode: 'openFilesOnly' }));
  assert.deepStrictEqual(opts, { select: ['DIFY2'], ignore: ['DIFY602'], targetDifyVersion: '1.13.3', diagnosticMode: 'openFilesOnly' });
});

test('yaml and python files on disk are served over stdio', () => {
  assert.deepStrictEqual(ext.documentSelector(), [{ scheme: 'file', language: 'yaml' }, { scheme: 'file', language: 'python' }]);
  assert.strictEqual(ext.bundledBinary('/ext', 'win32'), path.join('/ext', 'bin', 'dify-lsp.exe'));
  const so = ext.serverOptions({ command: 'dify-lsp', args: ['serve'] });
  assert.strictEqual(so.command, 'dify-lsp');
  assert.deepStrictEqual(so.args, ['serve']);
});

// Whether a selector from documentSelector() takes a file: its language by extension (as VS Code
// assigns it), and a `pattern` if the selector has one.
const languageOf = (file) => ({ '.yaml': 'yaml', '.yml': 'yaml', '.py': 'python' })[path.extname(file)];
const selects = (selector, file) =>
  selector.some((s) => s.scheme === 'file' && s.language === languageOf(file) && (s.pattern === undefined || path.matchesGlob(file, s.pattern)));

test('the files of every plugin kind are served, and a manifest of any kind activates the extension', () => {
  const files = [
    'manifest.yaml',
    'provider/weather.yaml', 'provider/weather.py', 'tools/search.yaml', 'tools/search.py',
    'group/relay.yaml', 'endpoints/relay.yaml', 'endpoints/relay.py',
    'provider/agent.yaml', 'strategies/function_calling.yaml', 'strategies/function_calling.py',
    'provider/lumen.yaml', 'provider/lumen.py', 'models/llm/lumen-small.yaml', 'models/llm/_position.yaml',
    'models/text_embedding/text_embedding.py',
    'provider/site_reader.yaml', 'datasources/crawl.yaml', 'datasources/crawl.py',
    'provider/form_hooks.yaml', 'events/form_submitted.yaml', 'events/issues/issue_opened.py',
    'api/core/tools/builtin_tool/providers/time/time.yaml',
  ];
  const selector = ext.documentSelector();
  for (const f of files) {
    assert.ok(selects(selector, path.join('/ws/plugin', f)), f);
  }
  assert.ok(!selects(selector, '/ws/plugin/_assets/icon.svg'));
  const pkg = JSON.parse(require('fs').readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  // Every plugin, whatever its kinds, has a manifest.yaml at its root, at any depth of the workspace.
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/manifest.yaml'), pkg.activationEvents.join());
  assert.ok(!pkg.activationEvents.some((e) => /workspaceContains:.*\/(tools|provider)\//.test(e) && !e.includes('core/tools')), 'no tool-only activation');
});
