#!/bin/sh
# The real program in a real terminal (tmux): open, navigate, open the
# note view and close it, zoom the article and back, search 战鼓, resize
# the window, q back to the archive, quit with q; the process ends with
# status 0 and the terminal is given back.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"


$T new-session -d -s g -x 100 -y 30 \
	"sh -c '\"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5'"
wait_for 'Articles (7)'
wait_for 'article 1 of 7'
$T send-keys -t g j
wait_for 'article 2 of 7'
$T send-keys -t g Enter
wait_for 'Source: Rare Earth Exchanges'
# the note view over the panes, q closes it; z zooms the article and back
$T send-keys -t g Tab Enter
wait_for '┌─ Note 1 of 9'
wait_for 'glossa › 7 articles › note'
$T send-keys -t g q BTab z
wait_for '┌─ Baogang Group beats the war drums for 2025'
if screen | grep -q "Articles (7)"; then echo "the list shows while zoomed"; screen; exit 1; fi
$T send-keys -t g z
wait_for 'Articles (7)'
$T send-keys -t g q
$T send-keys -t g / 战鼓 Enter
wait_for 'search: 战鼓 (2)'
wait_for 'Results (2)'
# the snippet is drawn without its markers
if screen | grep -q "$(printf '\356\200\200')"; then exit 1; fi

$T resize-window -t g -x 50 -y 20
wait_for '┌─ Results (2) ──────────────────────────────────┐'
[ "$(screen | grep -c .)" -le 20 ]
$T resize-window -t g -x 130 -y 30
wait_for '┬─ Baogang Group beats the war drums for 2025'

# q goes back from the results to the whole archive, then quits
$T send-keys -t g q
wait_for 'glossa › 7 articles'
wait_for 'Articles (7)'
$T send-keys -t g q
wait_for 'EXIT=0'
# the terminal is back to the shell's screen (no leftover frame)
if screen | grep -q 'Results (2)'; then
	echo "the interface is still on the screen after quitting"
	screen
	exit 1
fi
