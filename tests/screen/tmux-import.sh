#!/bin/sh
# The interface open in a real terminal while an import runs: it keeps
# answering (marking read waits for the writer at worst, and no "database
# is locked" reaches the screen), survives a storm of resizes down to 1x1
# and 20x5, and R shows the articles imported meanwhile.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
mkdir in
awk 'BEGIN { for (i = 1; i <= 1500; i++) {
	f = sprintf("in/a%04d.txt", i)
	printf "Title: Imported meanwhile %d\nDate: 2020-01-01\nGloss: 词 | word\n\n词 %d\n", i, i > f
	close(f) } }'
export LC_ALL=C.UTF-8
WAIT_TENTHS=100
. "$GLOSSA_SRC/tests/screen/tmux.lib"

no_lock() {
	if screen | grep -qi "locked\|busy\|sqlite"; then
		echo "a lock reached the screen:"
		screen
		exit 1
	fi
}

$T new-session -d -s g -x 100 -y 30 "\"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (7)'

"$GLOSSA" -d db import in >import.out 2>import.err &
pid=$!
# while it runs: mark read and unread, reload, resize
n=0
while kill -0 "$pid" 2>/dev/null && [ $n -lt 40 ]; do
	n=$((n + 1))
	$T send-keys -t g m R j
	case $((n % 4)) in
	0) $T resize-window -t g -x 1 -y 1 ;;
	1) $T resize-window -t g -x 20 -y 5 ;;
	2) $T resize-window -t g -x 45 -y 12 ;;
	3) $T resize-window -t g -x 100 -y 30 ;;
	esac
	no_lock
	sleep 0.02
done
wait "$pid" || { cat import.err; echo "the import failed"; exit 1; }
echo "$n rounds of keys and resizes during the import"
$T resize-window -t g -x 100 -y 30
$T send-keys -t g R
wait_for 'Articles (1507)'
wait_for 'reloaded: 1507 articles'
no_lock
$T send-keys -t g G
wait_for 'Imported meanwhile'
$T send-keys -t g Q
wait_for 'EXIT=0'
"$GLOSSA" -d db check >/dev/null
