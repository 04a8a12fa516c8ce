#!/bin/sh
# run.sh: what `make bench` runs. Generates the benchmark archives once
# (kept; delete one to regenerate it) and runs bench on each corpus and
# size, printing one Markdown table each (also kept in BUILD/bench/):
#   generated text: BUILD/bench/articles-N (gen), results-N.md, work-N
#   real text:      BUILD/bench/real-N (gen --real: the licenses,
#                   copyright files, changelogs and man pages Debian
#                   installed, and fortunes-zh), results-real-N.md,
#                   work-real-N
# The archives the run builds are left in the work directories for a
# closer look and rebuilt by the next run. The real corpus depends on the
# installed packages: a real-N made before packages changed is rebuilt
# only when deleted.
#
#   BENCH_SIZES   sizes to run (default "10000 100000")
#   BENCH_LARGE=1 adds 1000000
#   BENCH_CORPUS  corpora to run (default "generated real")
#   BUILD         the build directory that holds bench/gen and bench/bench
set -eu

build=${BUILD:-build}
out=$build/bench
sizes=${BENCH_SIZES:-"10000 100000"}
corpora=${BENCH_CORPUS:-"generated real"}
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
	for corpus in $corpora; do
		case $corpus in
		generated) dir=$out/articles-$n; tag=$n; real= ;;
		real) dir=$out/real-$n; tag=real-$n; real=--real ;;
		*) echo "run.sh: unknown corpus $corpus" >&2; exit 1 ;;
		esac
		if [ ! -f "$dir/.complete" ]; then
			rm -rf "$dir"
			"$out/gen" $real "$dir" "$n"
			touch "$dir/.complete"
		fi
		work=$out/work-$tag
		mkdir -p "$work"
		start=$(date +%s)
		"$out/bench" "$dir" "$n" "$work" | tee "$out/results-$tag.md"
		echo "(bench of $n articles, $corpus text, took" \
			"$(($(date +%s) - start)) s)"
	done
done
