#!/usr/bin/env python3
"""Branch switches, measured: a git repository of N plugins (4 tools each) with a second branch that
breaks 3 tool YAML files and deletes 1 module in every third plugin. After each `git checkout`, the
watched-file events a client like VS Code sends go to the server; this prints how long after them the
last publishDiagnostics came, and whether the editor's view then equals `dify-lsp check`.

    tests/measure/branch-switch.py target/release/dify-lsp [N=300] [WORKDIR=target/branch-switch]
"""
import json, os, subprocess, sys, time, threading, queue, shutil
BIN = os.path.abspath(sys.argv[1]); N = int(sys.argv[2]) if len(sys.argv) > 2 else 300
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
root = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else os.path.join(repo, 'target', 'branch-switch'))
shutil.rmtree(root, ignore_errors=True)
base = os.path.join(repo, 'tests', 'fixtures', 'base', 'plugin')
for i in range(N):
    shutil.copytree(base, f'{root}/p{i:04d}')
    for t in range(3):
        y = open(f'{base}/tools/echo.yaml').read().replace('name: echo', f'name: t{t}').replace('tools/echo.py', f'tools/t{t}.py')
        open(f'{root}/p{i:04d}/tools/t{t}.yaml', 'w').write(y)
        shutil.copy(f'{base}/tools/echo.py', f'{root}/p{i:04d}/tools/t{t}.py')
    pv = open(f'{root}/p{i:04d}/provider/demo.yaml').read().replace('  - tools/echo.yaml\n', '  - tools/echo.yaml\n  - tools/t0.yaml\n  - tools/t1.yaml\n  - tools/t2.yaml\n')
    open(f'{root}/p{i:04d}/provider/demo.yaml', 'w').write(pv)
g = lambda *a: subprocess.run(['git', '-C', root, *a], check=True, capture_output=True)
g('init', '-q'); g('add', '-A'); g('-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'a')
g('checkout', '-qb', 'b')
changed = []
for i in range(N):
    for t in range(3):
        p = f'{root}/p{i:04d}/tools/t{t}.yaml'
        open(p, 'w').write(open(p).read().replace('form: llm', 'form: sometimes')); changed.append(p)
    if i % 3 == 0:
        os.remove(f'{root}/p{i:04d}/tools/t0.py'); changed.append(f'{root}/p{i:04d}/tools/t0.py')
g('add', '-A'); g('-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'b'); g('checkout', '-q', 'master')
proc = subprocess.Popen([BIN], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
q = queue.Queue()
def reader():
    f = proc.stdout
    while True:
        line = f.readline()
        if not line: return
        n = 0
        while line.strip():
            if line.lower().startswith(b'content-length'): n = int(line.split(b':')[1])
            line = f.readline()
        q.put((time.time(), json.loads(f.read(n))))
threading.Thread(target=reader, daemon=True).start()
def send(m):
    b = json.dumps(m).encode(); proc.stdin.write(b'Content-Length: %d\r\n\r\n' % len(b) + b); proc.stdin.flush()
uri = lambda p: 'file://' + p
send({'jsonrpc': '2.0', 'id': 1, 'method': 'initialize', 'params': {'processId': None, 'rootUri': uri(root), 'workspaceFolders': [{'uri': uri(root), 'name': 'ws'}], 'capabilities': {'workspace': {'didChangeWatchedFiles': {'dynamicRegistration': True}}}}})
send({'jsonrpc': '2.0', 'method': 'initialized', 'params': {}})
view = {}
def drain(quiet):
    last = None
    while True:
        try: t, m = q.get(timeout=quiet)
        except queue.Empty: return last
        if m.get('method') == 'textDocument/publishDiagnostics':
            view[m['params']['uri']] = sorted((d['range']['start']['line'], d['code']) for d in m['params']['diagnostics']); last = t
        elif 'id' in m and 'method' in m:
            send({'jsonrpc': '2.0', 'id': m['id'], 'result': None})
drain(3.0)
def check():
    out = json.loads(subprocess.run([BIN, 'check', root, '--format', 'json', '--no-progress'], capture_output=True).stdout)
    exp = {}
    for d in out: exp.setdefault(uri(os.path.join(os.getcwd(), d['path']) if not d['path'].startswith('/') else d['path']), []).append((d['line'] - 1, d['code']))
    return {k: sorted(v) for k, v in exp.items()}
for branch in ['b', 'master', 'b']:
    before = set(subprocess.run(['git', '-C', root, 'ls-files'], capture_output=True, text=True).stdout.split())
    g('checkout', '-q', branch)
    events = [{'uri': uri(p), 'type': 2 if os.path.exists(p) else 3} for p in changed]
    events += [{'uri': uri(p), 'type': 1} for p in changed if os.path.exists(p) and p.endswith('.py')]
    t0 = time.time()
    send({'jsonrpc': '2.0', 'method': 'workspace/didChangeWatchedFiles', 'params': {'changes': events}})
    last = drain(2.0)
    shown = {k: v for k, v in view.items() if v}
    exp = check()
    print(f'checkout {branch}: {len(events)} events, last publish {last - t0 if last else 0:.3f} s after; editor == check: {shown == exp} ({sum(map(len, shown.values()))} vs {sum(map(len, exp.values()))} diagnostics)')
proc.kill()
