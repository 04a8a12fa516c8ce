#!/bin/sh
# config.sh: what a 200-line configuration file costs at start-up (issue
# 20: under 2 ms). Runs the interface in script mode (open, draw, quit) N
# times with an empty configuration, a 200-line one, and the same without
# its 20 watch terms, and prints the medians of what reading the file
# took and of the time to the first full screen, measured inside the
# program (GLOSSA_DRAW_TIMES), so that a busy machine disturbs them less.
# The file has every kind of line: settings, bindings (and an external
# command), colours, watch terms, saved searches, comments.
#
#   GLOSSA   the program (default build/glossa)
#   N        runs of each (default 200)
set -eu
G=${GLOSSA:-build/glossa}
G=$(cd "$(dirname "$G")" && pwd)/$(basename "$G")
N=${N:-200}
src=$(pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/glossa-bench-config.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"
export HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data"
export XDG_STATE_HOME="$dir/state" GLOSSA_DB=
"$G" -d db import "$src/sample-archive" >/dev/null

: >empty
{
	i=0
	while [ $i -lt 20 ]; do
		c=$(printf "\\$(printf %o $((97 + i)))")
		echo "# block $i"
		echo "set list-limit $((i + 10))"
		echo "set browser \"firefox --new-tab\""
		echo "bind generic <C-$c> page-down"
		echo "bind article <Esc>$c next-phrase"
		echo "bind list <F$((i % 12 + 1))> !notify-send \"\$GLOSSA_TITLE\""
		echo "unbind notes $c"
		echo "color gloss color$((i + 100)) default bold underline"
		echo "highlight \"term $i\" red default bold"
		echo "search saved$i \"gallium \\\"export controls\\\" tag:rare*\""
		i=$((i + 1))
	done
} >c200
[ "$(wc -l <c200)" = 200 ]
"$G" -C c200 config >/dev/null

printf ':dump /dev/null\n' >keys
grep -v '^highlight' c200 >c180

# median of the numbers on stdin (nanoseconds) in ms
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] / 1e6 }'; }

# run CONFIG: N runs of the interface in script mode; prints the median
# of what reading the configuration took and of the time from the
# interface's start to its first full screen (GLOSSA_DRAW_TIMES), in ms
run() {
	: >load; : >first
	i=0
	while [ $i -lt "$N" ]; do
		GLOSSA_DRAW_TIMES=dt GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 \
			"$G" -C "$1" -d db 2>/dev/null
		awk '/^c / { print $2 * 1e9 }' dt >>load
		awk '/^t / { t = $2 } /^[0-9]/ && !d { d = $1; print (d - t) * 1e9 }' dt >>first
		i=$((i + 1))
	done
	echo "$(median <load) $(median <first)"
}

for c in empty c180 c200; do
	set -- $(run $c)
	echo "$c ($(wc -l <$c) lines): reading it $1 ms; start to first screen $2 ms"
done
echo "(medians of $N runs; c180 is c200 without its 20 watch terms)"
