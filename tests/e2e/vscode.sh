#!/usr/bin/env bash
# Real VS Code end-to-end: packages the extension with the given server binary (`npm run package`), installs the
# .vsix into code-server, opens a copy of examples/broken-plugin and runs the Playwright script.
# Usage: tests/e2e/vscode.sh DIFY_LSP_BIN   (screenshot: target/e2e/vscode.png)
set -euo pipefail
bin=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
ext=$repo/editors/vscode
cs=$repo/.tools/code-server/node_modules/.bin/code-server
work=$(mktemp -d)
port=${DIFY_E2E_PORT:-18080}
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$repo/target/e2e"
# The one packaging command README gives (bundle, server into bin/, .vsix).
( cd "$ext" && npm run --silent package -- --server "$bin" --out "$repo/target/e2e/dify-lsp-linux-x64.vsix" >/dev/null )

cp -r "$repo/examples/broken-plugin" "$work/ws"
mkdir -p "$work/ud/User" "$work/ext"
cat > "$work/ud/User/settings.json" <<JSON
{"workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "extensions.autoUpdate": false,
 "telemetry.telemetryLevel": "off", "workbench.tips.enabled": false, "editor.lightbulb.enabled": "on"}
JSON
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$work/config.yaml"
"$cs" --user-data-dir "$work/ud" --extensions-dir "$work/ext" --install-extension "$repo/target/e2e/dify-lsp-linux-x64.vsix" >/dev/null
"$cs" --config "$work/config.yaml" --user-data-dir "$work/ud" --extensions-dir "$work/ext" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$work/ws" > "$work/code-server.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.5; done
line=$(grep -n 'default: "5"' "$work/ws/tools/search.yaml" | cut -d: -f1)
col=$(( $(grep 'default: "5"' "$work/ws/tools/search.yaml" | awk '{print index($0, "\"5\"")}') + 1 ))
FIX_LINE=$line FIX_COLUMN=$col node "$ext/e2e/code-server.js" "http://127.0.0.1:$port" "$work/ws" "$repo/target/e2e/vscode.png" \
  || { echo "--- code-server log"; tail -40 "$work/code-server.log"; exit 1; }
pgrep -f "$work/ext/.*dify-lsp" >/dev/null || pgrep -f "bin/dify-lsp" >/dev/null && echo "the extension ran the bundled server"
