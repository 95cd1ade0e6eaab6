#!/usr/bin/env bash
# The Python route (README "Install"): builds the wheel with maturin (from PyPI, pinned), installs it
# into a fresh virtual environment and runs it; then `pip install .` from the checkout, as a user
# would. Both must put the same `dify-lsp` on PATH that `cargo build --release` makes.
# Usage: tests/packaging/python.sh   (uses target/ for the build, .tools/ for maturin)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tools=$repo/.tools
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "tests/packaging/python.sh: $*" >&2; exit 1; }

if [ ! -x "$tools/maturin-venv/bin/maturin" ]; then
  python3 -m venv "$tools/maturin-venv"
  "$tools/maturin-venv/bin/pip" install --quiet --disable-pip-version-check maturin==1.16.0
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/server/Cargo.toml" | head -1)
rm -rf "$work/wheels"
( cd "$repo" && "$tools/maturin-venv/bin/maturin" build --release --locked --quiet --out "$work/wheels" ) >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "maturin build failed"; }
wheel=$(ls "$work"/wheels/dify_lsp-"$version"-*.whl) || fail "no wheel for version $version"
echo "built $(basename "$wheel")"

expect_run() { # VENV: the installed command behaves like the release binary
  local venv=$1 out code
  [ -x "$venv/bin/dify-lsp" ] || fail "$venv/bin/dify-lsp is missing"
  [ "$("$venv/bin/dify-lsp" --version)" = "dify-lsp $version" ] || fail "--version: $("$venv/bin/dify-lsp" --version)"
  "$venv/bin/dify-lsp" check --no-progress "$repo/examples/clean-plugin" >/dev/null || fail "the clean example fails"
  set +e
  out=$(cd "$repo" && "$venv/bin/dify-lsp" check --no-progress examples/broken-plugin)
  code=$?
  set -e
  [ "$code" = 1 ] || fail "the broken example exits $code, not 1"
  grep -q 'DIFY' <<<"$out" || fail "no diagnostics on the broken example"
  if [ -x "$CARGO_TARGET_DIR/release/dify-lsp" ]; then
    [ "$out" = "$(cd "$repo" && "$CARGO_TARGET_DIR/release/dify-lsp" check --no-progress examples/broken-plugin)" ] \
      || fail "the installed binary reports differently from target/release/dify-lsp"
  fi
}

python3 -m venv "$work/wheel-venv"
"$work/wheel-venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
expect_run "$work/wheel-venv"
echo "the wheel installs and runs"

# From the checkout: pip builds it in an isolated environment (maturin from PyPI).
python3 -m venv "$work/src-venv"
"$work/src-venv/bin/pip" install --quiet --disable-pip-version-check "$repo" >"$work/pip.log" 2>&1 \
  || { cat "$work/pip.log"; fail "pip install . failed"; }
expect_run "$work/src-venv"
echo "pip install . installs and runs"
