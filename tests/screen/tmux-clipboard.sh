#!/bin/sh
# y in a real terminal, without a clipboard command: the phrase under the
# phrase cursor goes out as OSC 52, which tmux (set-clipboard on) takes
# into its paste buffer, as a terminal would into the clipboard; the
# screen is not disturbed by it.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"

fail() { echo "$1"; screen; exit 1; }

$T new-session -d -s g -x 100 -y 30 "\"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
$T set -g set-clipboard on
wait_for 'Articles (7)'
# Baogang, the second article: its first phrase is the slogan
$T send-keys -t g j Enter
wait_for 'Baogang Group beats the war drums'
$T send-keys -t g ]
wait_for 'beating the war drums again'
$T send-keys -t g y
wait_for 'copied the phrase (through the terminal)'
[ "$($T show-buffer)" = '擂响战鼓再出发' ] || fail "tmux's buffer: $($T show-buffer 2>&1)"
screen | grep -q '^┌─ Articles (7)' || fail "the screen was disturbed"
$T send-keys -t g Q
wait_for 'EXIT=0'
