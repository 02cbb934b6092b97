#!/usr/bin/env bash
# Build benchmark: zhiyin against Hugo on the same generated Chinese content.
#
#   bash scripts/bench-build.sh [PAGES...]        default: 1000 10000
#
# Generates each site (scripts/gen-site.py), then, RUNS runs each, reports the median wall time
# and the peak resident memory (GNU time; apt-get install time) of:
#   - zhiyin build into an empty output folder (search index included);
#   - zhiyin build replacing the previous output (the old files are removed after the swap);
#   - Hugo (Debian's `hugo`, when installed) into an empty destination, as the reference.
#   - the same two builds without the search index (ZHIYIN_BENCH_NO_SEARCH=1: no search
#     documents, no index files), and the share the index adds to each;
# Then one zhiyin run with ZHIYIN_TIMINGS=1 shows the stages (wall and CPU time of each; the
# index is made beside the generated pages, so its stage is the time it adds after them), and
# when each of the index's phases ended after the index began (codec, pages, shards, chunks,
# manifest, files written).
# Not a test: figures depend on the machine. Run it on an otherwise idle machine.
#
# Environment:
#   RUNS=5            runs of each measurement (the median is reported)
#   BENCH_OUT=DIR     where the outputs go (default: the temporary folder holding the sites).
#     The file system matters. Ext4 without a journal (this development VM's disk:
#     /proc/fs/jbd2 lists no device) skips inodes freed in the last minutes when it creates
#     files, so a build right after deleting a big folder (the previous run's output) spends
#     seconds in the kernel. For figures that reflect an ordinary disk, put the outputs on a
#     freshly made ext4 (with the journal mkfs.ext4 gives it), as root:
#       truncate -s 4G /tmp/fs.img && mkfs.ext4 -q -F /tmp/fs.img
#       mkdir -p /mnt/fresh && mount -o loop /tmp/fs.img /mnt/fresh
#       BENCH_OUT=/mnt/fresh bash scripts/bench-build.sh 10000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(1000 10000)
cargo build --release --quiet
bin="$(pwd)/target/release/zhiyin"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
work=$(mktemp -d)
runs=${RUNS:-5}
outs=${BENCH_OUT:-$work}
mkdir -p "$outs"
outs=$(mktemp -d "$outs/zhiyin-bench.XXXXXX")
trap 'rm -rf "$work" "$outs"' EXIT

measure() { # label clean-dir-or-"" command...
  local label=$1 clean=$2; shift 2
  local times=() mem=0
  for _ in $(seq 1 "$runs"); do
    [ -n "$clean" ] && rm -rf "$clean"
    sync
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
    read -r secs kb < "$work/time"
    times+=("$secs"); [ "$kb" -gt "$mem" ] && mem=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-34s median %6.2f s   peak %6d MB   (runs: %s)\n' "$label" "$median" $((mem / 1024)) "${times[*]}"
  last_median=$median
}

for n in "${sizes[@]}"; do
  site="$work/site-$n"
  out="$outs/out-$n"
  python3 scripts/gen-site.py "$site" "$n" --hugo >/dev/null
  echo "== $n pages ($(du -sh "$site/content" | cut -f1) of Markdown)"
  measure "zhiyin build, empty output" "$out" "$bin" build --quiet --root "$site" --out "$out"
  clean=$last_median
  measure "zhiyin build, empty output, no index" "$out-nosearch" env ZHIYIN_BENCH_NO_SEARCH=1 "$bin" build --quiet --root "$site" --out "$out-nosearch"
  echo "   the search index adds $(echo "scale=0; 100 * ($clean - $last_median) / $last_median" | bc)% to a build into an empty folder ($clean s against $last_median s)"
  rm -rf "$out-nosearch"
  measure "zhiyin build, replacing output" "" "$bin" build --quiet --root "$site" --out "$out"
  with=$last_median
  # What the search index adds: the same replacing build without it (ZHIYIN_BENCH_NO_SEARCH
  # skips the index; a benchmark switch only), into its own folder.
  ZHIYIN_BENCH_NO_SEARCH=1 "$bin" build --quiet --root "$site" --out "$out-nosearch"
  measure "zhiyin build, replacing, no index" "" env ZHIYIN_BENCH_NO_SEARCH=1 "$bin" build --quiet --root "$site" --out "$out-nosearch"
  echo "   the search index adds $(echo "scale=0; 100 * ($with - $last_median) / $last_median" | bc)% to a replacing build ($with s against $last_median s)"
  rm -rf "$out-nosearch"
  echo "   output: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1), search index $(du -sh "$out/search" | cut -f1) in $(find "$out/search" -type f | wc -l) files"
  if command -v hugo >/dev/null; then
    measure "hugo $(hugo version | grep -o 'v[0-9.]*' | head -1), empty destination" "$outs/hugo-$n" hugo --quiet --source "$site" --destination "$outs/hugo-$n"
  else
    echo "   (hugo not installed: apt-get install hugo for the reference figures)"
  fi
  rm -rf "$out"
  echo "   stages of one zhiyin run (empty output):"
  ZHIYIN_TIMINGS=1 "$bin" build --quiet --root "$site" --out "$out" 2>&1 | tee "$work/stages" | sed 's/^/   /'
  # Each stage line: name, wall ms, "cpu", CPU ms (all threads). The index's share of the rest.
  # (The index's phase lines under the stages have no "cpu" and are not stages.)
  awk '/ cpu / { n = 0; for (i = 2; i <= NF; i++) if ($i == "ms") { n++; if (n == 1) w = $(i - 1); else c = $(i - 1) }
         tw += w; tc += c } /^  search index/ { sw = w; sc = c }
    END { if (tw > sw) printf "   search index: %.0f ms wall, %.0f%% on top of the rest of the build (%.0f ms); CPU %.0f ms, %.0f%% of the rest (%.0f ms)\n", sw, 100 * sw / (tw - sw), tw - sw, sc, 100 * sc / (tc - sc), tc - sc }' "$work/stages"
done
