#!/usr/bin/env bash
# Regex search benchmark: 1M synthetic log lines (gen_logs.py, fixed seed, 30% HTTP access lines)
# stored in an archive (aftermath-bench ingest), then `aftermath search --regex` against `grep -E`
# over the same stored lines exported to a file, in the same run. Every match is printed by both
# (no limit), to /dev/null after a check that both found the same number of lines. Median of 3
# runs after a warm-up. A benchmark, not a test.
#
#   make bench-regex            (builds release, then runs this)
#   LINES=200000 bench/regex.sh (uses the release build if present, else the debug one)
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-1000000}
if [ -x .build/release/aftermath ] && [ -x .build/release/aftermath-bench ]; then BUILD=release; else BUILD=debug; fi
BIN=${AFTERMATH_BIN:-.build/$BUILD/aftermath}
BENCH=${BENCH_BIN:-.build/$BUILD/aftermath-bench}
for tool in sqlite3 python3 grep; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (make deps-bench)" >&2; exit 1; }
done
for b in "$BIN" "$BENCH"; do [ -x "$b" ] || { echo "bench: $b is missing (swift build -c release)" >&2; exit 1; }; done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-regex.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $LINES lines; $BUILD build; $(grep --version | head -1)"
python3 bench/gen_logs.py "$LINES" "$WORK/logs.csv" --seed 1 --access 0.3 >/dev/null
"$BENCH" ingest "$WORK/logs.csv" "$WORK/archive" --no-redact | sed 's/^RESULT /== stored: /'
sqlite3 "$WORK/archive/aftermath.sqlite" "SELECT text FROM evidence_line ORDER BY id" >"$WORK/lines.txt"
ls -l "$WORK/lines.txt" | awk -v n="$(wc -l <"$WORK/lines.txt")" '{printf "== exported: %d lines, %.1f MB\n", n, $5/1e6}'

# Milliseconds for one run of "$@" with stdout to $WORK/out.
ms() { local s e; s=$(date +%s%N); "$@" >"$WORK/out"; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

run() {
  local label=$1 pattern=$2
  local ours=(env "$BIN" search --regex "$pattern" --archive "$WORK/archive" --limit 100000000 --timeout 10m)
  local grep_e=(grep -E -- "$pattern" "$WORK/lines.txt")
  "${ours[@]}" >"$WORK/ours.txt"
  "${grep_e[@]}" >"$WORK/grep.txt" || true
  local found expected
  found=$(($(wc -l <"$WORK/ours.txt") - 1))  # the table's header line
  expected=$(wc -l <"$WORK/grep.txt")
  [ "$expected" -eq 0 ] && found=0
  if [ "$found" -ne "$expected" ]; then echo "bench: $label: search --regex found $found lines, grep -E $expected" >&2; exit 1; fi
  local a=() g=()
  for _ in 1 2 3; do a+=("$(ms "${ours[@]}")"); g+=("$(ms "${grep_e[@]}" || true)"); done
  local am gm
  am=$(median3 "${a[@]}"); gm=$(median3 "${g[@]}")
  echo "== $label: /$pattern/ — $found matching lines"
  echo "   aftermath search --regex: ${am} ms   grep -E: ${gm} ms   ratio: $(awk -v a="$am" -v g="$gm" 'BEGIN { printf "%.2f", a / (g > 0 ? g : 1) }')×"
}
run "FTS pre-filtered" 'status=4[0-9]{2} .* /v1/devices/[0-9]+'
run "full scan (no certain token)" '(deadlock|connreset)[^"]*timeout'
