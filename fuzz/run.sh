#!/usr/bin/env bash
# make fuzz: every fuzz target (Sources/FuzzTargets) under libFuzzer with AddressSanitizer, each for
# FUZZ_SECONDS (default 60). Not part of `make test`. Prints one line per target with its runs and
# time; exits non-zero if a target crashed (its input is in .build/fuzz-artifacts/<target>/: add
# it to Tests/AftermathTests/Fixtures/fuzz/<target>/ with the fix, the tests replay that folder).
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
export SWIFT_BACKTRACE=enable=no   # the Swift backtracer can hang after a libFuzzer crash
export LSAN_OPTIONS=suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0

"$SWIFT" build -c release --product aftermath-fuzz --build-path .build/fuzz -Xswiftc -sanitize=fuzzer,address || exit 2
BIN=.build/fuzz/release/aftermath-fuzz
TARGETS=${FUZZ_TARGETS:-$("$BIN" --list)}

seeds() {  # the seed folders of target $1
  local fixtures=Tests/AftermathTests/Fixtures
  case "$1" in
    alertmanager|grafana|pagerduty|opsgenie|victorops|statuspage|healthchecks)
      local dir=.build/fuzz-seeds/$1; mkdir -p "$dir"; cp $fixtures/webhooks/$1-* "$dir"/ 2>/dev/null; echo "$dir" ;;
    intake)
      local dir=.build/fuzz-seeds/intake n=0; mkdir -p "$dir"
      for source in alertmanager grafana pagerduty victorops opsgenie statuspage healthchecks generic; do  # WebhookSource order
        for f in $fixtures/webhooks/$source-* fuzz/seeds/$source/*; do
          [ -f "$f" ] && { printf "\\x$(printf %02x $n)" | cat - "$f" >"$dir/$(basename "$f")"; }
        done
        n=$((n + 1))
      done
      echo "$dir" ;;
    postmortem|markdown) echo "$fixtures/postmortem" ;;
    *) echo "fuzz/seeds/$1" ;;
  esac
  [ -d "$fixtures/fuzz/$1" ] && echo "$fixtures/fuzz/$1"
}

status=0
summary=()
for target in $TARGETS; do
  corpus=.build/fuzz-corpus/$target
  artifacts=.build/fuzz-artifacts/$target
  log=.build/fuzz-logs/$target.log
  mkdir -p "$corpus" "$artifacts" .build/fuzz-logs
  echo "== $target (${SECONDS_PER_TARGET}s)"
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/aftermath-fuzz-archive.XXXXXX")
  [ -d /dev/shm ] && scratch=$(mktemp -d /dev/shm/aftermath-fuzz-archive.XXXXXX)
  AFTERMATH_FUZZ_ARCHIVE=$scratch AFTERMATH_FUZZ_TARGET=$target "$BIN" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" $(seeds "$target") >"$log" 2>&1
  rc=$?
  rm -rf "$scratch"
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  runs=$(echo "$done_line" | awk '{print $2}')
  secs=$(echo "$done_line" | awk '{print $5}')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  if [ "$rc" -ne 0 ] || [ -z "$runs" ] || [ "${runs:-0}" -eq 0 ]; then
    status=1
    summary+=("$target: FAILED (exit $rc) — see $log and $artifacts/")
    tail -30 "$log"
  else
    summary+=("$target: ${runs} runs in ${secs} s, coverage ${cov:-?} edges, corpus $(ls "$corpus" | wc -l) inputs, no crash")
  fi
done
echo
echo "fuzz summary ($(date -u +%Y-%m-%d), ${SECONDS_PER_TARGET}s per target):"
printf '  %s\n' "${summary[@]}"
exit $status
