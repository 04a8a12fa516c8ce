#!/bin/sh
# Where the interface cannot run it says why and exits 1: stdout not a
# terminal, TERM unset, TERM unknown, a terminal that cannot move the
# cursor (TERM=dumb), with the screen left as it was; a locale that is not UTF-8 falls back
# to C.UTF-8.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null

st=0
"$GLOSSA" -d db </dev/null >out 2>err || st=$?
[ "$st" = 1 ]
grep -q 'not a terminal' err
[ ! -s out ]

export LC_ALL=C.UTF-8
T="tmux -u -L glossa-test-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null || true' EXIT
$T new-session -d -s g -x 100 -y 30 "sh -c '
	TERM=no-such-term \"$GLOSSA\" -d db; echo EXIT1=\$?
	env -u TERM \"$GLOSSA\" -d db; echo EXIT2=\$?
	TERM=dumb \"$GLOSSA\" -d db; echo EXIT4=\$?
	sleep 5'"
$T new-session -d -s h -x 100 -y 30 "sh -c '
	LC_ALL=C LANG=C \"$GLOSSA\" -d db; echo EXIT3=\$?; sleep 5'"
i=0
until $T capture-pane -p -t g | grep -q EXIT4; do
	i=$((i + 1)); [ "$i" -lt 50 ] || exit 1; sleep 0.1
done
$T capture-pane -p -t g >g.txt
grep -q "unknown terminal type 'no-such-term'" g.txt
grep -q 'EXIT1=1' g.txt
grep -q 'TERM is not set' g.txt
grep -q 'EXIT2=1' g.txt
grep -q "terminal type 'dumb' (TERM) cannot move the cursor" g.txt
grep -q 'EXIT4=1' g.txt
# nothing drawn: the messages one after the other, at the top
[ "$(grep -c 'EXIT' g.txt)" = 3 ]
i=0
until $T capture-pane -p -t h | grep -q 'Articles (7)'; do
	i=$((i + 1)); [ "$i" -lt 50 ] || exit 1; sleep 0.1
done
$T send-keys -t h q
i=0
until $T capture-pane -p -t h | grep -q 'EXIT3=0'; do
	i=$((i + 1)); [ "$i" -lt 50 ] || exit 1; sleep 0.1
done
