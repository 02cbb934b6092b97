#!/usr/bin/env bash
# The whole test suite, from a fresh clone. It first installs what the tests need and the
# machine lacks (Debian: chromium, a CJK font, libxml2-utils; npm: tests/browser/package.json),
# then runs formatting and lint checks, Rust tests, JavaScript unit tests and browser tests
# (headless Chromium opening built sites from file://).
#   bash scripts/test.sh                    everything
#   SKIP_BROWSER=1 bash scripts/test.sh     no browser tests (Chromium not needed)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s\n' "$*"; }

step "set-up"
apt_packages=()
command -v xmllint >/dev/null 2>&1 || apt_packages+=(libxml2-utils) # SCORM 1.2 manifest validation
if [ "${SKIP_BROWSER:-}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
  fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk" || apt_packages+=(fonts-wqy-microhei) # real CJK glyphs in screenshots
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "installing ${apt_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
# npm ci when any dependency of tests/browser/package.json is missing (a fresh clone has none).
if ! (cd tests/browser && node -e 'const p=require("./package.json");for(const d of Object.keys(p.dependencies))require.resolve(d+"/package.json")' 2>/dev/null); then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

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

step "browser tests (headless Chromium, file://)"
node --test --test-concurrency=1 tests/browser/
