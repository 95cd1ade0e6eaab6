#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, which runs on Node 20) into .tools/code-server,
# offline-safe: the ripgrep download of @vscode/ripgrep is served from Debian's rg.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dest=$repo/.tools/code-server
[ -x "$dest/node_modules/.bin/code-server" ] && exit 0
for cmd in rg chromium pkg-config; do
  command -v "$cmd" >/dev/null || { echo "install-code-server: $cmd is missing (apt-get install ripgrep chromium pkg-config libkrb5-dev)" >&2; exit 2; }
done
export TMPDIR=$repo/.tmp
mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11" "$dest"
( cd "$TMPDIR" && cp "$(command -v rg)" rg && tar czf vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz rg && rm rg )
cd "$dest"
npm pack --silent code-server@4.100.3 >/dev/null
npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
  npm install --no-audit --no-fund --loglevel=error ./code-server-4.100.3.tgz >/dev/null
