#!/usr/bin/env bash
# The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself (from PyPI, pinned) with
# `try-repo` on this checkout (uncommitted changes included): on a git repository holding the
# broken example the hook fails and prints the diagnostics; on the clean example it passes; the
# fix hook rewrites what it can and the check then finds less.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tools=$repo/.tools
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "tests/packaging/pre-commit.sh: $*" >&2; exit 1; }

if [ ! -x "$tools/pre-commit-venv/bin/pre-commit" ]; then
  python3 -m venv "$tools/pre-commit-venv"
  "$tools/pre-commit-venv/bin/pip" install --quiet --disable-pip-version-check pre-commit==4.7.0
fi
pc=$tools/pre-commit-venv/bin/pre-commit
# pre-commit's own cache (the hook's virtual environment) stays in the temporary folder.
export PRE_COMMIT_HOME=$work/cache

project() { # NAME EXAMPLE: a git repository holding a copy of the example
  mkdir -p "$work/$1"
  cp -r "$repo/examples/$2" "$work/$1/plugin"
  ( cd "$work/$1" && git init -q && git add -A \
      && git -c user.name=t -c user.email=t@example.com commit -qm init )
}

project broken broken-plugin
set +e
out=$(cd "$work/broken" && "$pc" try-repo "$repo" dify-lsp-check --all-files 2>&1)
code=$?
set -e
[ "$code" != 0 ] || { echo "$out"; fail "the hook passed on the broken example"; }
grep -q 'plugin/tools/search.yaml:[0-9]*:[0-9]*: DIFY' <<<"$out" || { echo "$out"; fail "no diagnostics in the hook's output"; }
echo "the hook fails on the broken example, with its diagnostics"

project clean clean-plugin
( cd "$work/clean" && "$pc" try-repo "$repo" dify-lsp-check --all-files >"$work/clean.log" 2>&1 ) \
  || { cat "$work/clean.log"; fail "the hook failed on the clean example"; }
echo "the hook passes on the clean example"

before=$(cd "$work/broken" && "$pc" try-repo "$repo" dify-lsp-check --all-files 2>&1 | grep -c ': DIFY' || true)
( cd "$work/broken" && "$pc" try-repo "$repo" dify-lsp-fix --all-files >/dev/null 2>&1 ) || true
after=$(cd "$work/broken" && "$pc" try-repo "$repo" dify-lsp-check --all-files 2>&1 | grep -c ': DIFY' || true)
[ "$after" -lt "$before" ] || fail "the fix hook fixed nothing ($before findings before, $after after)"
( cd "$work/broken" && git diff --quiet ) && fail "the fix hook changed no file"
echo "the fix hook fixes ($before findings, then $after)"
