#!/usr/bin/env bash
# Search index builder benchmark: the index alone, phase by phase, on a generated Chinese site.
#
#   bash scripts/bench-index.sh [PAGES] [RUNS]      default: 10000 pages, 5 runs
#
# Generates PAGES pages (scripts/gen-site.py), builds them once with ZHIYIN_BENCH_SEARCH_DOCS
# to keep their search documents, then runs examples/bench_index.rs on them single-threaded
# (RAYON_NUM_THREADS=1: the CPU cost, steadier on a busy machine) and with every core. For
# what the index adds to a whole build, see scripts/bench-build.sh. Not a test: the figures
# depend on the machine; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
runs=${2:-5}
cargo build --release --quiet --bin zhiyin --example bench_index
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen-site.py "$work/site" "$pages" >/dev/null
ZHIYIN_BENCH_SEARCH_DOCS="$work/docs.json" ./target/release/zhiyin build --quiet --root "$work/site" --out "$work/out"
echo "== single-threaded"
RAYON_NUM_THREADS=1 ./target/release/examples/bench_index "$work/docs.json" "$runs"
echo "== all cores"
./target/release/examples/bench_index "$work/docs.json" "$runs"
