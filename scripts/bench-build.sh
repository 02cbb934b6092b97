#!/usr/bin/env bash
# Build benchmark: zhiyin against Hugo on the same generated Chinese content.
#
#   bash scripts/bench-build.sh [PAGES...]        default: 1000 10000
#
# Generates each site (scripts/gen-site.py), builds it with the release zhiyin binary and, when
# Debian's `hugo` is installed (apt-get install hugo), with Hugo, three runs each, and prints the
# median wall time and the peak resident memory (GNU time; apt-get install time). Not a test:
# figures depend on the machine. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[ $# -eq 0 ] && sizes=(1000 10000)
cargo build --release --quiet
bin="$(pwd)/target/release/zhiyin"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label command...
  local label=$1; shift
  local times=() mem=0
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
    read -r secs kb < "$work/time"
    times+=("$secs"); [ "$kb" -gt "$mem" ] && mem=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  printf '%-28s median %6.2f s   peak %6d MB   (runs: %s)\n' "$label" "$median" $((mem / 1024)) "${times[*]}"
}

for n in "${sizes[@]}"; do
  site="$work/site-$n"
  python3 scripts/gen-site.py "$site" "$n" --hugo >/dev/null
  echo "== $n pages ($(du -sh "$site/content" | cut -f1) of Markdown)"
  measure "zhiyin build" "$bin" build --quiet --root "$site" --out "$work/out-$n"
  echo "   output: $(find "$work/out-$n" -type f | wc -l) files, $(du -sh "$work/out-$n" | cut -f1)"
  if command -v hugo >/dev/null; then
    measure "hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)" hugo --quiet --source "$site" --destination "$work/hugo-$n"
  else
    echo "   (hugo not installed: apt-get install hugo for the reference figures)"
  fi
done
