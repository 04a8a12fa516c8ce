#!/bin/sh
# The search prompt in a real terminal: the query offered at / is shown
# in reverse video (to be replaced), a character typed replaces it, and
# Tab completes a file name at e.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
mkdir -p notes-dir
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"

fail() { echo "$1"; screen; exit 1; }
last() { screen | sed '/^$/d' | tail -n 1; }

$T new-session -d -s g -x 80 -y 24 "\"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (7)'
$T send-keys -t g / 战鼓 Enter
wait_for '2 articles found'
$T send-keys -t g /
wait_for '/战鼓'
# the offered text in reverse video: SGR 7 among the attributes set
# between the / and it
$T capture-pane -p -e -t g | tail -n 1 | sed 's/.*\///; s/战鼓.*//' |
	grep -q '[[;]7m' || fail "the query offered is not highlighted"
$T send-keys -t g z
wait_for '/z'
[ "$(last | sed 's/ *$//')" = "/z" ] || fail "typing kept the query"
$T send-keys -t g Escape e C-u not Tab
wait_for 'to: notes-dir/'
$T send-keys -t g Escape Q
wait_for 'EXIT=0'
