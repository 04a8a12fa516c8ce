#!/bin/sh
# The reading prompt of a new gloss offers the dictionary's reading of
# the whole phrase (重要 zhòng yào, not the first reading of each
# character): Enter keeps it, stored as derived; a character typed
# replaces it, stored as typed. Without a dictionary the prompt is empty,
# as before. Script mode; the dictionary is the build's (beside the
# program).
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }
q() { sqlite3 db "$1"; }

printf 'Title: readings test\nDate: 2025-01-01\n\n重要的是重新开始。\n' >r.txt
"$GLOSSA" -d db import r.txt >/dev/null
# 重要 at 0, accepted as offered; 重新 at 4, a reading typed over it
cat >keys <<'EOT'
<Enter>
c
v
l
a
important<Enter>
:dump offer.txt
<Enter>
<Enter>
:dump glossed.txt
c
llll
v
l
a
anew<Enter>
:dump offer2.txt
chong2 xin1<Enter>
<Enter>
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d db
[ "$(last offer.txt)" = "reading (the dictionary's): zhòng yào" ] ||
	fail "the reading offered" offer.txt
cp offer.txt reading-offer-80x24.txt
check reading-offer-80x24
[ "$(last offer2.txt)" = "reading (the dictionary's): chóng xīn" ] ||
	fail "the polyphone's reading offered" offer2.txt
[ "$(q "SELECT reading || '|' || reading_derived FROM annotation
        WHERE phrase = '重要'")" = "zhòng yào|1" ] ||
	fail "accepted: stored as derived" glossed.txt
[ "$(q "SELECT reading || '|' || reading_derived FROM annotation
        WHERE phrase = '重新'")" = "chong2 xin1|0" ] ||
	fail "typed over: stored as typed"
"$GLOSSA" -d db notes | grep -q '重要 (zhòng yào) — important' ||
	fail "shown" glossed.txt

# no dictionary: nothing offered, the prompt as it was
"$GLOSSA" -d db unannotate 1 2 >/dev/null
cat >keys <<'EOT'
<Enter>
c
v
l
a
important<Enter>
:dump none.txt
<Enter>
<Enter>
EOT
GLOSSA_DICT=$PWD/no-such.db GLOSSA_SCRIPT=keys "$GLOSSA" -d db
[ "$(last none.txt)" = "reading (optional):" ] ||
	fail "no dictionary: an empty prompt" none.txt
[ "$(q "SELECT reading || '|' || reading_derived FROM annotation")" = "|0" ] ||
	fail "no dictionary: no reading"
