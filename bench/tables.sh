#!/usr/bin/env bash
# Table benchmark (issue 11): what GitHub-style tables cost `aftermath site build`. One synthetic
# archive (bench/site_fixture.py) whose postmortems all get the body of a generated postmortem
# (Tests/AftermathTests/Fixtures/postmortem/checkout-high-error-rate.md: 5 tables, 30 rows), built
#   A. as written (the tables render as tables), and
#   B. with each delimiter row broken (`| --- |` → `| ~~~ |`, so the same lines stay paragraphs:
#      what the site did before tables), the baseline measured in the same run.
# Usage: bench/tables.sh   (TABLES_BENCH_N=1000, TABLES_BENCH_RUNS=5; AFTERMATH_BIN=path)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${AFTERMATH_BIN:-.build/release/aftermath}
N=${TABLES_BENCH_N:-1000}
RUNS=${TABLES_BENCH_RUNS:-5}
[ -x "$BIN" ] || { echo "no release binary at $BIN (make build)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/aftermath-tables-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for variant in tables paragraphs; do
    "$BIN" incident list --archive "$WORK/$variant" > /dev/null
    python3 bench/site_fixture.py "$WORK/$variant" "$N" --evidence-every 1000000 > /dev/null
    python3 - "$WORK/$variant/postmortems" "$variant" <<'PY'
import os, re, sys
folder, variant = sys.argv[1], sys.argv[2]
golden = open("Tests/AftermathTests/Fixtures/postmortem/checkout-high-error-rate.md").read()
body = golden.split("\n---\n", 1)[1]
if variant == "paragraphs":
    body = re.sub(r"^\| (--- \| )*--- \|$", lambda m: m.group(0).replace("---", "~~~"), body, flags=re.M)
for name in os.listdir(folder):
    path = os.path.join(folder, name)
    text = open(path).read()
    front = text.split("\n---\n", 1)[0] + "\n---\n"
    open(path, "w").write(front + body)
PY
done
echo "machine: $(nproc) cores; $(uname -sr); $("$BIN" --version); $N incidents, one generated postmortem each, median of $RUNS"
# Wall time and CPU time (user + system of the build process): on a shared machine CPU time is the steadier of the two.
python3 - "$BIN" "$WORK" "$RUNS" "$N" <<'PY'
import resource, shutil, statistics, subprocess, sys, time
bin, work, runs, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
results = {"tables": ([], []), "paragraphs": ([], [])}
for _ in range(runs):
    for variant in ("paragraphs", "tables"):   # alternate, so load changes hit both alike
        out = f"{work}/site-{variant}"
        shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.monotonic()
        subprocess.run([bin, "site", "build", "--archive", f"{work}/{variant}", "--out", out, "--quiet"],
                       stderr=subprocess.DEVNULL, check=True)   # stderr: dangling-citation warnings
        wall = time.monotonic() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        results[variant][0].append(wall)
        results[variant][1].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
tables = {v: open(f"{work}/site-{v}/incident/inc000001.html").read().count("<table>") for v in results}
print(f"tables on one incident page: A {tables['tables']}, B {tables['paragraphs']}")
med = {v: (statistics.median(w), statistics.median(c)) for v, (w, c) in results.items()}
print(f"{'':40} {'wall s':>8} {'CPU s':>8}")
print(f"{'A. tables rendered as tables':40} {med['tables'][0]:8.3f} {med['tables'][1]:8.3f}")
print(f"{'B. same lines as paragraphs (baseline)':40} {med['paragraphs'][0]:8.3f} {med['paragraphs'][1]:8.3f}")
print(f"A / B: wall {med['tables'][0] / med['paragraphs'][0]:.3f}, CPU {med['tables'][1] / med['paragraphs'][1]:.3f}; "
      f"CPU {(med['tables'][1] - med['paragraphs'][1]) / n * 1000:.3f} ms more per incident page")
PY
