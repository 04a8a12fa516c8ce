#!/bin/sh
# The search prompt: 战鼓 typed and run (ranked results with snippets), the
# prompt's line editing on wide characters, history kept across runs, a
# query the user must fix, the empty query back to the whole archive, and
# a search slow to rank (newest matches first, then ranked).
set -eu
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null

. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1"; }

cat >keys <<'EOT'
/战鼓
:dump prompt-80x24.txt
<Enter>
:dump results-80x24.txt
/<C-u><Enter>
:dump cleared.txt
/abc<Left><Left><BS>X<Home>Y<End>Z
:dump edit1.txt
<C-u>foo bar<C-w>战鼓<Left><BS>
:dump edit2.txt
<Esc>
/after:notadate<Enter>
:dump badquery.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
check prompt-80x24
check results-80x24
head -n 1 cleared.txt | grep -q '7 articles'
[ "$(last edit1.txt)" = "/YXbcZ" ]
[ "$(last edit2.txt)" = "/foo 鼓" ]
# the core's message for a query to fix, in the status line
last badquery.txt | grep -qi 'date'
head -n 1 badquery.txt | grep -q '7 articles'

# the history survives the run ($XDG_STATE_HOME/glossa/history)
grep -qx '战鼓' "$XDG_STATE_HOME/glossa/history"
printf '/<Up>\n:dump hist.txt\n<Up>\n:dump hist2.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
[ "$(last hist.txt)" = "/after:notadate" ]
[ "$(last hist2.txt)" = "/战鼓" ]

# an unwritable state directory is harmless
chmod 500 "$XDG_STATE_HOME/glossa" 2>/dev/null || true
printf '/rare<Enter>\n:dump ro.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
head -n 1 ro.txt | grep -q 'search: rare'
chmod 700 "$XDG_STATE_HOME/glossa"

# A search that ranks too long (here: any, with a deadline of 0 ms) shows
# the newest matches at once and ranks them when no key waits: the screen
# ends as the ranked one, with its own message.
printf '/战鼓<Enter>\n:dump slow.txt\n' >keys
GLOSSA_RANK_DEADLINE_MS=0 GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
sed '$d' "$exp/results-80x24.txt" >want
sed '$d' slow.txt | diff -u want - || fail "ranked late: another screen"
last slow.txt | grep -q 'found, the best first' || fail "no ranking message" slow.txt

# Without the searcher's thread (as when its connection cannot open), the
# same screens: searches run at once in the interface's own thread.
printf '/战鼓<Enter>\n:dump nothread.txt\n' >keys
GLOSSA_TEST_NO_SEARCH_THREAD=1 GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
diff -u "$exp/results-80x24.txt" nothread.txt || fail "another screen without the thread"
printf '/战鼓<Enter>\n:dump nothread-slow.txt\n' >keys
GLOSSA_TEST_NO_SEARCH_THREAD=1 GLOSSA_RANK_DEADLINE_MS=0 GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
sed '$d' nothread-slow.txt | diff -u want - || fail "ranked late without the thread: another screen"
last nothread-slow.txt | grep -q 'found, the best first' || fail "no ranking message" nothread-slow.txt

# The same search typed again is a search; R on results reloads them.
printf '/<C-u>战鼓<Enter>\n/<C-u>战鼓<Enter>\n:dump again.txt\nR\n:dump reload.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
last again.txt | grep -q '^ 2 articles found' || fail "the same search again: not a search" again.txt
last reload.txt | grep -q '^ reloaded: 2 articles found' || fail "R on results: not a reload" reload.txt
