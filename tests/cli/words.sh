#!/bin/sh
# The phrase-matching rule at the command line: import warns of, and
# `glossa gloss` refuses (unless --detached), a Latin phrase that stands
# only inside a word ("art" in "earths"), find one in another case, and find a Chinese phrase inside
# a run of characters.
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
printf 'Title: one\nURL: u1\nGloss: art | kunst\n\nrare earths, heavy 重稀土\n' \
	>one.txt
"$G" -d db import one.txt >out 2>err
grep -q 'gloss phrase not in the body: art' out err ||
	fail "import: no warning for art" out err

s=0; "$G" -d db gloss 1 ear Ohr >out 2>err || s=$?
[ $s = 1 ] && grep -q "is not in the article's text" err ||
	fail "gloss: ear inside earths not refused" out err
"$G" -d db gloss --detached 1 ear Ohr >out 2>err ||
	fail "gloss --detached: refused" out err
"$G" -d db gloss 1 EARTHS Erden >out 2>err
[ ! -s err ] || fail "gloss: EARTHS not found" err
"$G" -d db gloss 1 稀土 "rare earth" >out 2>err
[ ! -s err ] || fail "gloss: 稀土 not found in 重稀土" err
"$G" -d db notes 1 >notes.txt
grep -q '^\[1\] art .*\[not in the text\]$' notes.txt &&
	grep -q '^\[2\] ear .*\[detached\]$' notes.txt ||
	fail "notes: art and ear not in the text" notes.txt
grep 'EARTHS' notes.txt | grep -q 'not in the text' && fail "EARTHS" notes.txt
exit 0
