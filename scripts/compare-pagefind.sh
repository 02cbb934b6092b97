#!/usr/bin/env bash
# zhiyin's search against Pagefind on the same built pages: recall and precision per query.
#
#   bash scripts/compare-pagefind.sh [PAGEFIND_VERSION]      default 1.6.0
#
# Builds the bundled site (content/) with the release binary, installs the npm package
# `pagefind` (which brings its binary) into target/pagefind/ (git-ignored; not a project
# dependency), indexes the built pages with it (the pages declare <html lang="zh-CN">; Pagefind
# is given the same main-content root, #main, that the ground truth reads), serves the folder on
# 127.0.0.1 with python3 -m http.server (Pagefind cannot work from file://), and runs
# scripts/compare-pagefind.mjs in headless Chromium: ground truth from each page's main text,
# every result of both engines, a table per query and totals.
# Needs Node/npm, Python 3, /usr/bin/chromium and playwright-core (tests/browser: npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-1.6.0}
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --silent)
cargo build --release --quiet
tools=target/pagefind
if [ ! -x "$tools/node_modules/.bin/pagefind" ] || ! grep -q "\"version\": \"$version\"" "$tools/node_modules/pagefind/package.json"; then
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private": true}' > "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --silent "pagefind@$version")
fi
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
./target/release/zhiyin build --quiet --root . --out "$work/site"
"$tools/node_modules/.bin/pagefind" --site "$work/site" --root-selector "#main" --quiet
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" 2>/dev/null && break; sleep 0.1; done
echo "pagefind $("$tools/node_modules/.bin/pagefind" --version | awk '{print $NF}'), index: $(find "$work/site/pagefind" -type f | wc -l) files, $(du -sk "$work/site/pagefind" | cut -f1) KB;" \
  "zhiyin index: $(find "$work/site/search" -type f | wc -l) files, $(du -sk "$work/site/search" | cut -f1) KB"
node scripts/compare-pagefind.mjs "$work/site" "http://127.0.0.1:$port/"
