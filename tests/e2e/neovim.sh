#!/usr/bin/env bash
# Runs tests/e2e/neovim.lua in headless Neovim against the dify-lsp binary.
# Usage: tests/e2e/neovim.sh NVIM DIFY_LSP_BIN
set -euo pipefail
nvim=$1
bin=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/examples/broken-plugin" "$work/plugin"
export DIFY_LSP_BIN=$bin DIFY_E2E_ROOT=$work/plugin DIFY_LSP_RUNTIME=$repo/editors/neovim
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
cd "$work/plugin"
timeout 60 "$nvim" --headless -u NONE -i NONE -n +"luafile $repo/tests/e2e/neovim.lua"
