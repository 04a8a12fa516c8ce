#!/bin/sh
# A very long article is laid out ahead only so far when no key waits
# (its first 1 MB, as article_layout_step() says): opening a 60 MB one
# laid it out whole, 1.1 GB. What is asked for (G) is still laid out.
# Script mode; GLOSSA_DRAW_TIMES notes each idle layout step ("l ...").
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"

# about 4.8 MB: 90 000 lines
awk 'BEGIN {
	printf "Title: A huge article\nDate: 2030-01-01\n\n"
	for (i = 0; i < 90000; i++)
		printf "line %d of a long article, with some words to wrap\n", i
}' >huge.txt
"$GLOSSA" -d db import huge.txt >/dev/null

printf '<Enter>\n:dump open.txt\n' >open.keys
GLOSSA_DRAW_TIMES=open.times GLOSSA_SCRIPT=open.keys "$GLOSSA" -d db
grep -q 'line 6 of a long article' open.txt || fail "not shown" open.txt
# 1 MB in chunks of at least 8 KB: at most 128 steps (the whole body
# took some 590)
steps=$(grep -c '^l ' open.times || true)
[ "$steps" -ge 100 ] && [ "$steps" -le 130 ] ||
	fail "$steps idle layout steps"

printf '<Enter>\nG\n:dump end.txt\n' >end.keys
GLOSSA_SCRIPT=end.keys "$GLOSSA" -d db
grep -q 'line 89999 of a long article' end.txt || fail "G: no end" end.txt
