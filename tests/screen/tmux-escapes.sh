#!/bin/sh
# An article full of escape sequences and a bidi override, opened in a real
# terminal: placeholders are shown and the bytes the terminal receives
# contain none of the article's control sequences.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
printf 'Title: evil\n\n\033]52;c;ZXZpbA==\007 \033[2J \342\200\256 x\001\ry\n' >evil.txt
"$GLOSSA" -d db import evil.txt >/dev/null
export LC_ALL=C.UTF-8
T="tmux -u -L glossa-test-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null || true' EXIT

screen() { $T capture-pane -p -t g; }
wait_for() {
	i=0
	while ! screen | grep -qF -- "$1"; do
		i=$((i + 1))
		if [ "$i" -gt 50 ]; then
			echo "timed out waiting for: $1"
			screen
			exit 1
		fi
		sleep 0.1
	done
}

$T new-session -d -s g -x 100 -y 30 "sleep 1; \"$GLOSSA\" -d db; sleep 5"
$T pipe-pane -t g -o "cat >$PWD/raw.out"
wait_for 'Articles (1)'
$T send-keys -t g Enter
wait_for '<U+202E>'
wait_for '^[]52;c;ZXZpbA==^G'
wait_for '^[[2J'
wait_for '^A^M'
$T send-keys -t g q q
sleep 0.5
$T pipe-pane -t g
[ -s raw.out ]
if grep -q "$(printf '\033]52')" raw.out; then
	echo "OSC 52 reached the terminal"
	exit 1
fi
if grep -q "$(printf '\342\200\256')" raw.out; then
	echo "U+202E reached the terminal"
	exit 1
fi
