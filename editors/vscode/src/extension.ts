// The dify-lsp extension: starts the language server for YAML and Python files of Dify plugins of
// every kind and of in-tree tool providers, with a status bar item, an output channel and a
// restart command.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

interface Settings {
  get<T>(key: string, defaultValue: T): T;
}

/** Where pip or uv put `dify-lsp` in a workspace folder's virtual environment. */
export function venvBinaries(folders: string[], platform: string = process.platform): string[] {
  const names = platform === 'win32' ? [path.join('Scripts', 'dify-lsp.exe')] : [path.join('bin', 'dify-lsp')];
  return folders.flatMap((f) => ['.venv', 'venv'].flatMap((v) => names.map((n) => path.join(f, v, n))));
}

/**
 * Which binary to run, with which arguments: `dify-lsp.server.path`, then the binary bundled with
 * the extension, then one installed by pip or uv in a workspace folder's `.venv`, then PATH.
 * An untrusted workspace only gets the bundled one (a cloned repository's `.venv` is its code).
 */
export function serverCommand(
  bundledPath: string,
  settings: Settings,
  trusted: boolean,
  exists: (p: string) => boolean = fs.existsSync,
  workspaceFolders: string[] = [],
  platform: string = process.platform,
): { command: string; args: string[] } {
  if (!trusted) {
    return { command: bundledPath, args: [] };
  }
  const configured = settings.get<string>('server.path', '').trim();
  const args = settings.get<string[]>('server.extraArgs', []);
  if (configured) {
    return { command: configured, args };
  }
  if (exists(bundledPath)) {
    return { command: bundledPath, args };
  }
  const venv = venvBinaries(workspaceFolders, platform).find(exists);
  if (venv) {
    return { command: venv, args };
  }
  return { command: 'dify-lsp', args };
}

/** The server's settings, as initializationOptions; unset values are left out. */
export function initializationOptions(settings: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const select = settings.get<string[]>('select', []);
  const ignore = settings.get<string[]>('ignore', []);
  const target = settings.get<string>('targetDifyVersion', '').trim();
  const mode = settings.get<string>('diagnosticMode', 'workspace');
  if (select.length > 0) out.select = select;
  if (ignore.length > 0) out.ignore = ignore;
  if (target) out.targetDifyVersion = target;
  if (mode !== 'workspace') out.diagnosticMode = mode;
  return out;
}

/**
 * Every YAML and Python file on disk, whatever its folder: the files of a plugin's kinds live in
 * folders the plugin chooses (`provider/`, `tools/`, `group/`, `endpoints/`, `strategies/`,
 * `models/<type>/`, `datasources/`, `events/<group>/`, …), so no path pattern narrows it; the server
 * decides which unit a file belongs to. Activation needs a `manifest.yaml` (every plugin kind has
 * one) or an in-tree provider folder.
 */
export function documentSelector() {
  return [
    { scheme: 'file', language: 'yaml' },
    { scheme: 'file', language: 'python' },
  ];
}

export function bundledBinary(extensionPath: string, platform: string = process.platform): string {
  return path.join(extensionPath, 'bin', platform === 'win32' ? 'dify-lsp.exe' : 'dify-lsp');
}

export function serverOptions(command: { command: string; args: string[] }): ServerOptions {
  return { command: command.command, args: command.args, transport: TransportKind.stdio };
}

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

function problemCount(): number {
  let n = 0;
  for (const [, diags] of vscode.languages.getDiagnostics()) {
    n += diags.filter((d) => (d.source ?? '').startsWith('dify-lsp')).length;
  }
  return n;
}

function showStatus(state: 'starting' | 'running' | 'stopped') {
  if (!status) return;
  if (state === 'running') {
    const n = problemCount();
    status.text = n === 0 ? '$(check) dify-lsp' : `$(warning) dify-lsp: ${n}`;
    status.tooltip = n === 0 ? 'dify-lsp: no problems' : `dify-lsp: ${n} problem${n === 1 ? '' : 's'}`;
  } else {
    status.text = state === 'starting' ? '$(sync~spin) dify-lsp' : '$(error) dify-lsp';
    status.tooltip = `dify-lsp: ${state}`;
  }
  status.show();
}

async function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel) {
  const settings = vscode.workspace.getConfiguration('dify-lsp');
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const command = serverCommand(bundledBinary(context.extensionPath), settings, vscode.workspace.isTrusted, fs.existsSync, folders);
  output.appendLine(`starting ${command.command} ${command.args.join(' ')}`);
  const options: LanguageClientOptions = {
    documentSelector: documentSelector(),
    initializationOptions: initializationOptions(settings),
    outputChannel: output,
    synchronize: { configurationSection: 'dify-lsp' },
  };
  client = new LanguageClient('dify-lsp', 'dify-lsp', serverOptions(command), options);
  client.onDidChangeState((e) => showStatus(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped'));
  showStatus('starting');
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`dify-lsp failed to start: ${e}`);
    showStatus('stopped');
  }
}

export async function activate(context: vscode.ExtensionContext) {
  const output = vscode.window.createOutputChannel('dify-lsp', { log: true });
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.command = 'dify-lsp.showOutput';
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('dify-lsp.restart', async () => {
      if (client) {
        await client.stop();
      }
      await start(context, output);
    }),
    vscode.commands.registerCommand('dify-lsp.showOutput', () => output.show()),
    vscode.languages.onDidChangeDiagnostics(() => client && client.state === State.Running && showStatus('running')),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand('dify-lsp.restart')),
  );
  await start(context, output);
}

export async function deactivate() {
  if (client) {
    await client.stop();
  }
}
