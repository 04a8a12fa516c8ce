#!/bin/sh
# An article full of escape sequences and a bidi override, opened in a real
# terminal: placeholders are shown and the bytes the terminal receives
# contain none of the article's control sequences.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
printf 'Title: evil\n\n\033]52;c;ZXZpbA==\007 \033[2J \342\200\256 x\001\ry\n' >evil.txt
# every other kind: OSC 8 links, CSI that make the terminal answer (DSR,
# window reports), C1 controls, backspaces, isolates, zero-width
# characters, thousands of combining marks (a cell takes a few, never a
# run of eight), unassigned code points
marks=$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "\314\201" }')
printf 'Title: worse\n\nosc8 \033]8;;http://evil.example/\033\\link\033]8;;\033\\ dsr \033[6n rep \033[21t c1 \302\233 6n \302\235 8;; b\010Y lri \342\201\246 pdi \342\201\251 zw \342\200\213 bom \357\273\277 alm \330\234 un \315\270 e%s end\n' "$marks" >worse.txt
"$GLOSSA" -d db import worse.txt >/dev/null
"$GLOSSA" -d db import evil.txt >/dev/null
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"


$T new-session -d -s g -x 100 -y 30 "sleep 1; \"$GLOSSA\" -d db; sleep 5"
$T pipe-pane -t g -o "cat >$PWD/raw.out"
wait_for 'Articles (2)'
$T send-keys -t g Enter
wait_for '<U+202E>'
wait_for '^[]52;c;ZXZpbA==^G'
wait_for '^[[2J'
wait_for '^A^M'
$T send-keys -t g q j Enter
wait_for 'osc8'
wait_for '^[]8;;http://evil.example/^[\link'
wait_for '^[[6n'
wait_for '<U+009B>'
wait_for 'b^HY'
wait_for '<U+2066>'
wait_for '<U+200B>'
wait_for '<U+0378>'
$T send-keys -t g q q
sleep 0.5
$T pipe-pane -t g
[ -s raw.out ]
if grep -q "$(printf '\033]52')" raw.out; then
	echo "OSC 52 reached the terminal"
	exit 1
fi
for seq in '\342\200\256' '\033]8;' '\033[6n' '\033[21t' '\302\233' \
	'\302\235' '\342\201\246' '\342\201\251' '\342\200\213' '\357\273\277' \
	'\330\234' '\315\270' \
	'\314\201\314\201\314\201\314\201\314\201\314\201\314\201\314\201'; do
	if LC_ALL=C grep -qF "$(printf "$seq")" raw.out; then
		echo "$seq reached the terminal"
		exit 1
	fi
done
