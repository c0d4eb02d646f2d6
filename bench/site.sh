#!/usr/bin/env bash
# Site benchmark (issue 5): full `aftermath site build` time and pages/s for synthetic archives of
# 1,000 and 10,000 incidents, against the same Markdown rendered in the same run by
#   - libcmark in one process (bench/cmark_render.c, compiled into the work dir at run time): the floor;
#   - Hugo (Debian package `hugo`), minimal layouts, default goldmark/Chroma settings, when installed;
# then the one-change rebuild at the largest N (one postmortem edited).
#
# Usage: bench/site.sh            (SITE_BENCH_NS="1000 10000", SITE_BENCH_RUNS=3)
# The outputs (libcmark's, Hugo's and aftermath's) go to SITE_BENCH_OUT, default /dev/shm when it
# exists: on ext4 creating thousands of files soon after deleting thousands scans past every recently
# freed inode, which made the floor itself swing 9x between runs and measured the disk, not the builds.
# Needs: a release build (`swift build -c release --scratch-path .build-release --product aftermath`,
# or AFTERMATH_BIN=path), gcc + libcmark-dev, python3, optionally hugo. Medians of the runs are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${AFTERMATH_BIN:-$ROOT/.build-release/release/aftermath}
NS=${SITE_BENCH_NS:-"1000 10000"}
RUNS=${SITE_BENCH_RUNS:-3}
[ -x "$BIN" ] || { echo "no release binary at $BIN (swift build -c release --scratch-path .build-release --product aftermath)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/aftermath-site-bench.XXXXXX)
OUTBASE=${SITE_BENCH_OUT:-$([ -d /dev/shm ] && echo /dev/shm || echo /tmp)}
OUT=$(mktemp -d "$OUTBASE/aftermath-site-bench-out.XXXXXX")
trap 'rm -rf "$WORK" "$OUT"' EXIT
gcc -O2 -o "$WORK/cmark_render" bench/cmark_render.c -lcmark
HUGO=$(command -v hugo || true)

now() { date +%s.%N; }
median() { python3 -c 'import sys,statistics; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.3f}")' "$@"; }
rate() { python3 -c 'import sys; print(f"{float(sys.argv[1])/float(sys.argv[2]):,.0f}")' "$1" "$2"; }

echo "outputs on $(df -P "$OUT" | awk 'NR==2 {print $1}') ($OUT)"
echo "machine: $(nproc) cores; $(uname -sr); $("$BIN" --version 2>/dev/null || echo aftermath) ; libcmark $(cmark --version 2>/dev/null | head -1 | awk '{print $2}')${HUGO:+; $(hugo version | cut -d' ' -f1-2)}"
printf '%-8s %-34s %10s %8s %12s %10s\n' N method "wall s" pages "pages/s" "x libcmark"
for N in $NS; do
    ARCHIVE="$WORK/archive-$N"
    "$BIN" incident list --archive "$ARCHIVE" > /dev/null          # creates and migrates the archive
    python3 bench/site_fixture.py "$ARCHIVE" "$N" > /dev/null
    ls "$ARCHIVE"/postmortems/*.md > "$WORK/list-$N"
    if [ -n "$HUGO" ]; then
        H="$WORK/hugo-$N"
        mkdir -p "$H/layouts/_default" "$H/content"
        cp "$ARCHIVE"/postmortems/*.md "$H/content/"
        cat > "$H/hugo.toml" <<'TOML'
baseURL = "http://example.invalid/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = true
TOML
        echo '<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>' > "$H/layouts/_default/single.html"
        echo '<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</main></body></html>' > "$H/layouts/_default/list.html"
    fi
    cm=(); hu=(); af=()
    for run in $(seq "$RUNS"); do
        rm -rf "$OUT/cmark-out" && mkdir "$OUT/cmark-out"
        t=$(now); "$WORK/cmark_render" "$OUT/cmark-out" - < "$WORK/list-$N" 2> /dev/null; cm+=("$(python3 -c "print($(now)-$t)")")
        if [ -n "$HUGO" ]; then
            rm -rf "$OUT/hugo-public"
            t=$(now); hugo --quiet -s "$WORK/hugo-$N" -d "$OUT/hugo-public" > /dev/null; hu+=("$(python3 -c "print($(now)-$t)")")
        fi
        rm -rf "$OUT/site-$N"
        t=$(now); "$BIN" site build --archive "$ARCHIVE" --out "$OUT/site-$N" --templates templates > "$WORK/summary-$N"; af+=("$(python3 -c "print($(now)-$t)")")
    done
    CM=$(median "${cm[@]}")
    AF=$(median "${af[@]}")
    PAGES=$(sed -E 's/^site: ([0-9]+) page.*/\1/' "$WORK/summary-$N")
    printf '%-8s %-34s %10s %8s %12s %10s\n' "$N" "libcmark in-process (floor)" "$CM" "$N" "$(rate "$N" "$CM")" "1.00"
    if [ -n "$HUGO" ]; then
        HU=$(median "${hu[@]}")
        HP=$(find "$OUT/hugo-public" -name '*.html' | wc -l)
        printf '%-8s %-34s %10s %8s %12s %10s\n' "$N" "hugo" "$HU" "$HP" "$(rate "$HP" "$HU")" "$(python3 -c "print(f'{$HU/$CM:.2f}')")"
    fi
    printf '%-8s %-34s %10s %8s %12s %10s\n' "$N" "aftermath site build (all pages)" "$AF" "$PAGES" "$(rate "$PAGES" "$AF")" "$(python3 -c "print(f'{$AF/$CM:.2f}')")"
    printf '%-8s %-34s %10s %8s %12s %10s\n' "$N" "aftermath (postmortem pages only)" "$AF" "$N" "$(rate "$N" "$AF")" ""
    LAST=$N
done

# One change at the largest N: edit one postmortem, rebuild (the site from the last full build is current).
FILE=$(sed -n "$((LAST / 2))p" "$WORK/list-$LAST")
"$BIN" site build --archive "$WORK/archive-$LAST" --out "$OUT/site-$LAST" --templates templates --quiet
rb=()
for run in $(seq "$RUNS"); do
    printf '\nEdited in benchmark run %s.\n' "$run" >> "$FILE"
    t=$(now); "$BIN" site build --archive "$WORK/archive-$LAST" --out "$OUT/site-$LAST" --templates templates > "$WORK/rebuild"; rb+=("$(python3 -c "print($(now)-$t)")")
done
echo "one-change rebuild at N=$LAST: median $(median "${rb[@]}") s (runs: ${rb[*]}); last: $(cat "$WORK/rebuild")"
