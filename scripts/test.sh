#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Chromium from Debian,
# playwright-core from npm), then runs Rust tests, JS unit tests and browser tests.
#   bash scripts/test.sh            everything
#   SKIP_BROWSER=1 bash scripts/test.sh   no browser tests (no Chromium needed)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s\n' "$*"; }

step "format and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings

step "Rust tests"
cargo test --quiet

step "build the bundled site"
cargo build --quiet
site="$root/target/test-site"
./target/debug/zhiyin build --root . --out "$site" --quiet
export ZHIYIN_SITE="$site" ZHIYIN_BIN="$root/target/debug/zhiyin"

step "JavaScript unit tests"
node --test tests/js/

if [ "${SKIP_BROWSER:-}" = "1" ]; then
  echo "SKIP_BROWSER=1: browser tests skipped"
  exit 0
fi

step "browser test setup"
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

step "browser tests (headless Chromium, file://)"
node --test --test-concurrency=1 tests/browser/
