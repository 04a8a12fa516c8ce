#!/bin/sh
# In a real terminal (tmux), with NO_COLOR: a phrase glossed in another
# article (稀土 in the Five-Year Plan reading) is drawn underlined, the
# article's own glosses bold and underlined, plain text with neither; the
# phrase under the cursor (]) in reverse video; and a gloss whose
# translation holds escape sequences shows them in the status line as
# placeholders, never sending them to the terminal.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
printf 'Title: evil gloss\nGloss: abc | x\033]52;c;ZXZpbA==\007y \342\200\256z\n\nsome abc text\n' >evil.txt
"$GLOSSA" -d db2 import evil.txt >/dev/null
export LC_ALL=C.UTF-8 NO_COLOR=1
. "$GLOSSA_SRC/tests/screen/tmux.lib"

# the screen with its attributes, ESC written as "E"
attrs() { $T capture-pane -e -p -t g | tr '\033' E; }

$T new-session -d -s g -x 80 -y 24 "\"$GLOSSA\" -d db; sleep 5"
wait_for 'Articles (7)'
$T send-keys -t g j j j j Enter
wait_for '├─ 读“十四五”原材料工业规划'
$T send-keys -t g j j j j j j j j j j
wait_for '对稀土行业来说'
attrs >a1.txt
# underline alone (SGR 4) right before 稀土, glossed elsewhere
grep -q 'E\[4m稀土' a1.txt || { echo "稀土 not underlined"; cat a1.txt; exit 1; }
# the own glosses: bold and underline
grep -q 'E\[1;4m高质量发展' a1.txt ||
	{ echo "own gloss not bold+underline"; cat a1.txt; exit 1; }
# and the text after it plain again (SGR 0 right after the phrase)
grep -q 'E\[4m稀土E\[0m' a1.txt ||
	{ echo "no plain text after 稀土"; cat a1.txt; exit 1; }

# ] until the cursor is on 稀土: reverse video (7) with the underline
n=0
while ! screen | tail -n 1 | grep -q '^ 稀土 — rare earths'; do
	n=$((n + 1))
	[ "$n" -le 30 ] || { echo "] never reached 稀土"; screen; exit 1; }
	$T send-keys -t g ']'
	sleep 0.1
done
attrs >a2.txt
grep -q 'E\[4;7m稀土' a2.txt || { echo "no cursor on 稀土"; cat a2.txt; exit 1; }
[ "$(grep -o 'E\[4;7m' a2.txt | wc -l)" -eq 1 ] ||
	{ echo "more than one cursor"; exit 1; }
$T send-keys -t g Q
sleep 0.3

# escape sequences in a translation reach the status line as placeholders
$T new-session -d -s h -x 80 -y 24 "sleep 1; \"$GLOSSA\" -d db2; sleep 5"
$T pipe-pane -t h -o "cat >$PWD/raw.out"
i=0
until $T capture-pane -p -t h | grep -qF 'Articles (1)'; do
	i=$((i + 1))
	[ "$i" -le 50 ] || { echo "timed out"; exit 1; }
	sleep 0.1
done
$T send-keys -t h Enter ']'
i=0
until $T capture-pane -p -t h | tail -n 1 |
	grep -qF 'abc — x^[]52;c;ZXZpbA==^Gy <U+202E>z'; do
	i=$((i + 1))
	[ "$i" -le 50 ] || { echo "no placeholders"; $T capture-pane -p -t h; exit 1; }
	sleep 0.1
done
$T send-keys -t h Q
sleep 0.5
$T pipe-pane -t h
[ -s raw.out ]
if grep -q "$(printf '\033]52')" raw.out; then
	echo "OSC 52 reached the terminal"
	exit 1
fi
if grep -q "$(printf '\342\200\256')" raw.out; then
	echo "U+202E reached the terminal"
	exit 1
fi
