#!/bin/sh
# A search that takes long never holds the interface. The slow search is
# a real one, inside SQLite: a phrase of 150 words over 200 articles that
# are 5 000 times that word (FTS5 tries the phrase at every position:
# some 17 ms an article, 3.4 s in all here; more under load or ASan).
# Meanwhile keys move in the list, Esc stops the search (its results
# never come), a new search replaces the one running, a page of results
# not read yet shows as "…" and fills in, and Q quits at once (the
# interrupt lands between two articles). Ranking is allowed a minute
# there; then, with the 80 ms of the interface, the newest matches come
# first, and the ranked ones after them.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
mkdir in herd
awk 'BEGIN { for (i = 1; i <= 150; i++) {
	f = sprintf("in/p%03d.txt", i)
	printf "Title: Paging %03d\nDate: 2020-01-01\n\nzebra %d\n", i, i > f
	close(f) } }'
awk 'BEGIN { for (f = 1; f <= 200; f++) {
	file = sprintf("herd/h%03d.txt", f)
	printf "Title: Herd %03d\nDate: 2021-01-01\n\n", f > file
	for (i = 0; i < 5000; i++)
		printf "zebra%s", (i % 12 == 11 ? "\n" : " ") > file
	close(file) } }'
"$GLOSSA" -d db import in herd >/dev/null
SLOW=$(awk 'BEGIN { s = "\""; for (i = 0; i < 150; i++)
	s = s (i ? " " : "") "zebra"; print s "\"" }')
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"

fail() { echo "$1"; screen; exit 1; }

# Search for $1 (typed as it is).
search() {
	$T send-keys -t g / C-u
	$T send-keys -t g -l "$1"
	$T send-keys -t g Enter
}

# Wait until the pane no longer shows $1 (at most 30 s: only a hang).
wait_gone() {
	i=0
	while screen | grep -qF -- "$1"; do
		i=$((i + 1))
		[ "$i" -le 300 ] || fail "still shown after 30 s: $1"
		sleep 0.1
	done
}

$T new-session -d -s g -x 100 -y 30 \
	"GLOSSA_RANK_DEADLINE_MS=60000 \"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (357)'
wait_for 'article 1 of 357'

# keys while the search runs; Esc stops it, and its results never come
search "$SLOW"
wait_for 'searching: "zebra zebra'
$T send-keys -t g j
wait_for 'article 2 of 357'
screen | grep -qF 'searching: "zebra' ||
	fail "the search ended before the key was handled: too fast to test"
$T send-keys -t g Escape
wait_for 'search stopped'
sleep 5
screen | grep -qF 'Articles (357)' || fail "the list changed after Esc"
if screen | grep -qF 'Results ('; then fail "a stopped search showed"; fi

# the same search to its end (how long it takes, in tenths of a
# second, is the yardstick of "at once" below: load and ASan slow both)
t0=$(date +%s%N)
search "$SLOW"
wait_for 'searching: "zebra zebra'
WAIT_TENTHS=300 wait_for 'Results (200)'
whole=$((($(date +%s%N) - t0) / 100000000))
wait_for '200 articles found'

# the last page of results is read in the thread: "…" until it comes
$T send-keys -t g G
wait_for '│  …'
$T send-keys -t g k
wait_for 'Results (200)'
wait_gone '│  …'
screen | grep -qF 'Herd' || fail "the rows never filled in"

# a new search replaces the one running
search "$SLOW"
wait_for 'searching: "zebra zebra'
search paging
wait_for 'Results (150)'
sleep 5
if screen | grep -qF 'search: "zebra'; then fail "the replaced search showed"; fi

# Q during a search quits at once, not after it: in less than half the
# time the whole search took (at least 1.5 s)
search "$SLOW"
wait_for 'searching: "zebra zebra'
$T send-keys -t g Q
half=$((whole / 2))
[ "$half" -ge 15 ] || half=15
WAIT_TENTHS=$half wait_for 'EXIT=0'
$T kill-session -t g

# past the ranking's deadline the newest matches come first, then the
# ranked ones when the long search is done
$T new-session -d -s g -x 100 -y 30 \
	"\"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (357)'
search "$SLOW"
wait_for 'Results (newest'
screen | grep -qF 'ranking)' || fail "the newest matches did not say ranking"
WAIT_TENTHS=300 wait_for 'Results (200)'
wait_for '200 articles found, the best first'
$T send-keys -t g Q
wait_for 'EXIT=0'
