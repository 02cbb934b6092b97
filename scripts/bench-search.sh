#!/usr/bin/env bash
# Search query benchmark: a generated Chinese site searched in headless Chromium from file://.
#
#   bash scripts/bench-search.sh [PAGES] [RUNS]      default: 10000 pages, 1 run per query
#
# Generates PAGES pages of about 2,300 characters of Chinese (scripts/gen-site.py), builds them
# with the release binary and runs scripts/bench-search.mjs: 33 varied queries (common words on
# thousands of pages, single characters, fragments across word boundaries, rare phrases, no
# hits, two-part queries, digit tokens), timed from submitting the query to its results in the
# DOM, cold (fresh page each), session (one page, after the earlier queries) and warm (every
# file loaded, decoded caches dropped). Prints a table, medians and p90, and the index size.
# Needs Node, /usr/bin/chromium and playwright-core (tests/browser: npm ci). Not a test: the
# figures depend on the machine; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
runs=${2:-1}
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && npm ci --no-audit --no-fund --silent)
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen-site.py "$work/site" "$pages" >/dev/null
start=$(date +%s.%N)
./target/release/zhiyin build --quiet --root "$work/site" --out "$work/out"
echo "built $pages pages in $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.2f') s"
node scripts/bench-search.mjs "$work/out" --runs "$runs"
