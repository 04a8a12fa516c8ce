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

# One line of 2 MB: a chunk ends after the first byte past 1 MB that no
# phrase holds (here the 6 of word104476: the gloss holds 0 1 4 7 8 9,
# w o r d and the blank), so that no phrase crosses it; a line ends
# there. The gloss right after the cut is found and translated in place.
awk 'BEGIN {
	printf "Title: One line\n\n"
	for (i = 0; i < 190000; i++)
		printf "word%d%s ", i, (i % 10 == 9 ? "," : "")
	printf "the end\n"
}' >line.txt
"$GLOSSA" -d line.db import line.txt >/dev/null
"$GLOSSA" -d line.db gloss 1 "word104478 word104479" "TR" >/dev/null
printf '<Enter>\n]\n:dump cut.txt\nG\n:dump lineend.txt\n' >line.keys
GLOSSA_SCRIPT=line.keys "$GLOSSA" -d line.db
grep -q 'word104476 *│$' cut.txt || fail "no line end at the cut" cut.txt
grep -q '^│ *word104477 word104478 word104479〔TR〕, word104480' cut.txt ||
	fail "the gloss after the cut" cut.txt
grep -q 'word189999, the end' lineend.txt || fail "G: no end" lineend.txt
