#!/bin/sh
# A search that takes long never holds the interface. The searcher's
# thread is held 3 s at the start of each search, as one long FTS5 call
# would hold it (GLOSSA_TEST_SEARCH_SLEEP_MS; at a million articles, a*
# is one such call of 1.6 s). Meanwhile keys move in the list, Esc stops
# the search (its results never come), a new search replaces the one
# running, a page of results not read yet shows as "…" and fills in, and
# Q quits at once. Ranking is allowed a minute there; then, with the 80 ms
# of the interface, the newest matches come at once however long the
# call, and the ranked ones after it.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
mkdir in
awk 'BEGIN { for (i = 1; i <= 150; i++) {
	f = sprintf("in/p%03d.txt", i)
	printf "Title: Paging %03d\nDate: 2020-01-01\n\nzebra %d\n", i, i > f
	close(f) } }'
"$GLOSSA" -d db import in >/dev/null
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"

fail() { echo "$1"; screen; exit 1; }

$T new-session -d -s g -x 100 -y 30 \
	"GLOSSA_TEST_SEARCH_SLEEP_MS=3000 GLOSSA_RANK_DEADLINE_MS=60000 \"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (157)'
wait_for 'article 1 of 157'

# keys while the search runs
$T send-keys -t g / C-u 战鼓 Enter
wait_for 'searching: 战鼓'
$T send-keys -t g j
wait_for 'article 2 of 157'
screen | grep -qF 'searching: 战鼓' ||
	fail "the search ended before the key was handled: too fast to test"
wait_for 'Results (2)'
wait_for '2 articles found'

# Esc stops it: the list stays, and the results never come
$T send-keys -t g / C-u rare Enter
wait_for 'searching: rare'
$T send-keys -t g Escape
wait_for 'search stopped'
sleep 3.5
screen | grep -qF 'search: 战鼓' || fail "the list changed after Esc"
if screen | grep -qF 'search: rare'; then fail "a stopped search showed"; fi

# a new search replaces the one running
$T send-keys -t g / C-u 战鼓 Enter
wait_for 'searching: 战鼓'
$T send-keys -t g / C-u zebra Enter
wait_for 'searching: zebra'
wait_for 'Results (150)'
if screen | grep -qF 'search: 战鼓'; then fail "the replaced search showed"; fi

# the last page of results is read in the thread: "…" until it comes
$T send-keys -t g G
wait_for '│  …'
$T send-keys -t g k
wait_for 'Results (150)'
WAIT_TENTHS=100 wait_for 'Paging'
screen | grep -qF '│  …' && fail "the rows never filled in"

# Q during a search quits at once, not after it
$T send-keys -t g / C-u rare Enter
wait_for 'searching: rare'
$T send-keys -t g Q
WAIT_TENTHS=15 wait_for 'EXIT=0'
$T kill-session -t g

# the ranking stopped at its deadline inside the long call: the newest
# matches within a second, then the ranked ones when the call is done
$T new-session -d -s g -x 100 -y 30 \
	"GLOSSA_TEST_SEARCH_SLEEP_MS=3000 \"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (157)'
$T send-keys -t g / C-u 战鼓 Enter
WAIT_TENTHS=10 wait_for 'Results (newest 2, ranking)'
wait_for 'Results (2)'
wait_for '2 articles found, the best first'
$T send-keys -t g Q
wait_for 'EXIT=0'
