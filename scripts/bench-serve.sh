#!/usr/bin/env bash
# Live-preview benchmark for `zhiyin serve` (issue #7). Not a test: figures depend on the machine.
#
#   bash scripts/bench-serve.sh [PAGES] [EDITS]      default: 10000 pages, 7 edits of each kind
#
# Generates a site of PAGES pages of Chinese Markdown (scripts/gen-site.py), starts the release
# `zhiyin serve` on a free loopback port, and measures, the way an open page sees it:
#   - Markdown save → reload: from just before a guide is saved (sed -i: write + rename, as
#     editors do) to the moment the page, fetched after the reload channel's answer, shows
#     the change. Median and range over EDITS saves.
#   - Template save → reload: the same for an edit of templates/page.html (a site override).
#   - 50 clients: wrk with 50 connections for 10 s on a page, while 50 more pages wait on
#     the reload channel (curl long polls); then one save, and every waiting page must get it.
# Loopback only; every request loop is bounded in time. Needs curl, python3; wrk for the load
# figure (apt-get install -y wrk; skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-10000}
edits=${2:-7}
cargo build --release --quiet
bin="$(pwd)/target/release/zhiyin"
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill -INT "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

site="$work/site"
python3 scripts/gen-site.py "$site" "$pages" >/dev/null
echo "== $pages pages ($(du -sh "$site/content" | cut -f1) of Markdown)"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(ms)
"$bin" serve --root "$site" --port 0 >"$work/log" 2>&1 &
server=$!
until grep -q "^serving .* at http://" "$work/log"; do
  kill -0 "$server" 2>/dev/null || { cat "$work/log"; exit 1; }
  sleep 0.05
done
url=$(grep -o "http://127.0.0.1:[0-9]*/" "$work/log" | head -1)
echo "first build and ready: $(( $(ms) - t0 )) ms ($url)"

version() { curl -s --max-time 40 "${url}__zhiyin/poll?since=${1:-0}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])'; }
# page_has URL MARKER (no `curl | grep -q`: under pipefail grep's early exit fails curl)
page_has() { local body; body=$(curl -s --max-time 20 "$1") && [[ $body == *"$2"* ]]; }

# save_and_wait FILE SED-EXPR PAGE-URL MARKER: prints ms from save to the page showing MARKER.
save_and_wait() {
  local file=$1 expr=$2 page=$3 marker=$4 v start
  v=$(version 0)
  start=$(ms)
  sed -i "$expr" "$file"
  # The reload channel answers once the new build is served; then the page is fetched.
  for _ in $(seq 1 20); do
    v=$(version "$v")
    echo "  $marker: poll answered version $v after $(( $(ms) - start )) ms" >> "$work/detail"
    if page_has "$page" "$marker"; then
      echo $(( $(ms) - start ))
      return
    fi
  done
  echo "never saw $marker on $page" >&2
  exit 1
}

# The pages reload before the search index is rebuilt (docs/serve.md); a save made while it is
# still being built waits for it. Each measured save is made when the server is idle: after
# the rebuild before it has ended ("built N pages" in the log), then 0.3 s.
idle() {
  local want=$1
  for _ in $(seq 1 600); do
    [ "$(grep -c "^built [0-9]* pages in" "$work/log")" -ge "$want" ] && return
    sleep 0.1
  done
  echo "the rebuild never ended" >&2; exit 1
}
builds() { grep -c "^built [0-9]* pages in" "$work/log" || true; }

summary() { # label values...
  local label=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v l="$label" '{a[NR]=$1} END {printf "%-34s median %5d ms   min %5d   max %5d   (n=%d)\n", l, a[int((NR+1)/2)], a[1], a[NR], NR}'
}

guide="$site/content/guides/g7.md"
n=$(builds)
echo "段落 MARK-0。" >> "$guide"
v=$(version 0); until page_has "${url}guides/g7.html" "MARK-0"; do v=$(version "$v"); done
idle $((n + 1)); sleep 0.3
md=()
for i in $(seq 1 "$edits"); do
  n=$(builds)
  md+=("$(save_and_wait "$guide" "s/MARK-$((i - 1))/MARK-$i/" "${url}guides/g7.html" "MARK-$i")")
  idle $((n + 1)); sleep 0.3
done
summary "Markdown save → page reloaded" "${md[@]}"
[ -n "${BENCH_DETAIL:-}" ] && cat "$work/detail"

mkdir -p "$site/templates"
sed 's|{% block content %}|{% block content %}<p class="bench">TPL-0</p>|' themes/default/templates/page.html > "$site/templates/page.html"
grep -q "TPL-0" "$site/templates/page.html" || { echo "page.html has no content block" >&2; exit 1; }
n=$(builds)
v=$(version 0); until page_has "${url}guides/g9.html" "TPL-0"; do v=$(version "$v"); done
idle $((n + 1)); sleep 0.3
tpl=()
for i in $(seq 1 "$edits"); do
  n=$(builds)
  tpl+=("$(save_and_wait "$site/templates/page.html" "s/TPL-$((i - 1))/TPL-$i/" "${url}guides/g9.html" "TPL-$i")")
  idle $((n + 1)); sleep 0.3
done
summary "template save → page reloaded" "${tpl[@]}"
grep -E "^built [0-9]+ pages in" "$work/log" | tail -n +2 | awk '{print $5}' > "$work/builds"
summary "  (rebuild alone, from the log)" $(cat "$work/builds")
grep -o "reloaded after [0-9]* ms" "$work/log" | awk '{print $3}' > "$work/reloads"
summary "  (rebuild start → reload sent, log)" $(cat "$work/reloads")

if command -v wrk >/dev/null; then
  v=$(version 0)
  # A waiting page: polls (each answered at the next build or after 15 s) until a newer build.
  waiter() {
    local seen=$v
    for _ in 1 2 3 4 5 6; do
      seen=$(version "$seen") || return
      if [ "$seen" -gt "$v" ]; then echo "$seen" > "$work/poll-$1"; return; fi
    done
  }
  for i in $(seq 1 50); do waiter "$i" & done
  sleep 0.5
  echo "50 connections for 10 s on a page, with 50 pages waiting on the reload channel:"
  wrk -t2 -c50 -d10s --timeout 5s "${url}guides/g7.html" | sed 's/^/  /'
  sed -i "s/MARK-$edits/MARK-wrk/" "$guide"
  wait $(jobs -p | grep -v "^$server\$") 2>/dev/null || true
  newer=$(ls "$work"/poll-* 2>/dev/null | wc -l)
  echo "  waiting pages told of the next build: $newer of 50"
  errors=$(grep -c "error: " "$work/log" || true)
  echo "  server errors in the log: $errors"
else
  echo "(wrk not installed: apt-get install -y wrk for the 50-client figure)"
fi
