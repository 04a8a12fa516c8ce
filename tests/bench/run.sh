#!/bin/sh
# run.sh: what `make bench` runs. Generates the benchmark archives once
# (BUILD/bench/articles-N, kept; delete one to regenerate it) and runs
# bench on each size, printing one Markdown table per size (also kept in
# BUILD/bench/results-N.md). The archives the run builds are left in
# BUILD/bench/work-N for a closer look and rebuilt by the next run.
#
#   BENCH_SIZES   sizes to run (default "10000 100000")
#   BENCH_LARGE=1 adds 1000000
#   BUILD         the build directory that holds bench/gen and bench/bench
set -eu

build=${BUILD:-build}
out=$build/bench
sizes=${BENCH_SIZES:-"10000 100000"}
if [ "${BENCH_LARGE:-0}" = 1 ]; then
	sizes="$sizes 1000000"
fi
for tool in "$out/gen" "$out/bench"; do
	if [ ! -x "$tool" ]; then
		echo "run.sh: $tool is missing: run make bench" >&2
		exit 1
	fi
done
if ! command -v rg >/dev/null 2>&1; then
	echo "run.sh: rg (ripgrep) is not installed: the rg baseline is skipped" >&2
fi

# the configuration file at start-up (issue 20)
GLOSSA="$build/glossa" sh tests/bench/config.sh | tee "$out/results-config.md"
"$out/dict" storage/data/cedict/cedict_ts.u8.xz "$out/dict.db" | tee "$out/results-dict.md"
for n in $sizes; do
	dir=$out/articles-$n
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		"$out/gen" "$dir" "$n"
		touch "$dir/.complete"
	fi
	work=$out/work-$n
	mkdir -p "$work"
	start=$(date +%s)
	"$out/bench" "$dir" "$n" "$work" | tee "$out/results-$n.md"
	echo "(bench of $n articles took $(($(date +%s) - start)) s)"
done
