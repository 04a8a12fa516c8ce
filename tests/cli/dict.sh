#!/bin/sh
# The dictionary at the command line: `glossa dict import` (the user's
# dictionary, malformed lines by number, refusals that leave the old one
# in place), which dictionary is used ($GLOSSA_DICT, the user's, the one
# beside the program), and `glossa lookup` (the archive's glosses first,
# then words longest first, then characters; Traditional and Simplified;
# --tsv; text from the command line made safe).
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
user=$XDG_DATA_HOME/glossa/cedict.db

# The dictionary beside the program (make builds it): the real CC-CEDICT.
"$G" dict info >info 2>err || fail "dict info: the built dictionary" info err
grep -q 'cedict.db$' info && grep -q 'CC-CEDICT, edition 20' info ||
	fail "dict info" info
"$G" lookup " 决战" >out 2>err || fail "lookup: built dictionary" out err
grep -q '^  决战 (決戰) jué zhàn — decisive battle' out || fail "决战" out
builtreadings=$(sed -n 's/.* \([0-9]*\) character readings$/\1/p' info)

# A dictionary of our own, with a malformed line (number 6) and a CR.
cat >small.u8 <<'EOD'
# CC-CEDICT (a test)
#! date=2030-01-01T00:00:00Z
決戰 决战 [jue2 zhan4] /showdown (test)/to fight it out/
決 决 [jue2] /to decide (test)/
戰 战 [zhan4] /war (test)/
this line is bad
決戰時刻 决战时刻 [jue2 zhan4 shi2 ke4] /the moment of truth (test)/
一點兒 一点儿 [yi1 dian3 r5] /a little (test)/
EOD
printf '綠 绿 [lu:4] /green (test)/\r\n' >>small.u8
[ ! -e "$user" ] || fail "a user dictionary before the test"
"$G" dict import small.u8 >out 2>err || fail "dict import" out err
grep -q "glossa/cedict.db: 6 entries, edition 2030-01-01T00:00:00Z" out ||
	fail "dict import: what it says" out
grep -q '^glossa: small.u8: line 6: no pinyin in brackets$' err ||
	fail "dict import: the malformed line by number" err
[ -f "$user" ] || fail "dict import: not in \$XDG_DATA_HOME/glossa" out

# The user's dictionary wins over the built one.
"$G" lookup 決戰時刻到了 >out 2>err || fail "lookup" out err
cat >want <<'EOD'
Dictionary (CC-CEDICT 2030-01-01):
  決戰時刻 (决战时刻) jué zhàn shí kè — the moment of truth (test)
  決戰 (决战) jué zhàn — showdown (test) / to fight it out
  決 (决) jué — to decide (test)
  戰 (战) zhàn — war (test)
EOD
# (時 and 刻 have only a reading, when the built dictionary had some)
# (fixed strings: a bracket of CJK is bytes in the C locale of CI)
grep -v -e '^  時 ' -e '^  刻 ' out | diff want - >diff ||
	fail "lookup 決戰時刻 (Traditional)" diff
"$G" lookup 决战 | sed -n 2p >out
[ "$(cat out)" = "  决战 (決戰) jué zhàn — showdown (test) / to fight it out" ] ||
	fail "lookup 决战 (Simplified)" out
"$G" lookup 一点儿 | grep -q '^  一点儿 (一點兒) yī diǎnr — a little' ||
	fail "erhua"
"$G" lookup 绿 | grep -q '^  绿 (綠) lǜ — green (test)$' || fail "ü, CR"

# --tsv: kind, headword as written, traditional, simplified, pinyin,
# reading, senses (one a line, escaped), and two empty columns.
"$G" lookup --tsv 決戰 >out
printf 'word\t決戰\t決戰\t决战\tjue2 zhan4\tjué zhàn\tshowdown (test)\\nto fight it out\t\t\n' >want
head -1 out | diff want - >diff || fail "lookup --tsv" diff out

# Nothing found: said, exit 1.
s=0; "$G" lookup ☃ >out 2>err || s=$?
[ $s = 1 ] && grep -q "^Nothing found for '☃'" out || fail "nothing found" out err
s=0; "$G" lookup >out 2>err || s=$?; [ $s = 2 ] || fail "lookup: no text" err
s=0; "$G" lookup "$(printf '\377')" >out 2>err || s=$?
[ $s = 2 ] || fail "lookup: invalid UTF-8" err

# The archive's glosses come first, longest first, with their counts.
printf 'Title: one\nURL: u1\nGloss: 决战时刻 | crunch time\nGloss: 决战 | decisive battle\nReading: jué zhàn\n\n这是决战时刻。\n' >one.txt
"$G" -d db import one.txt >/dev/null
"$G" -d db lookup 决战时刻到了 >out
sed -n 1,3p out >got
cat >want <<'EOD'
Glossed in the archive:
  决战时刻 — crunch time  [1 gloss, 1 article]
  决战 jué zhàn — decisive battle  [1 gloss, 1 article]
EOD
diff want got >diff || fail "lookup: the archive's glosses first" diff out
sed -n 4p out | grep -q '^Dictionary' || fail "then the dictionary" out
"$G" -d db lookup --tsv 决战 | head -1 >out
printf 'gloss\t决战\t\t\t\tjué zhàn\tdecisive battle\t1\t1\n' | diff - out >diff ||
	fail "lookup --tsv: a gloss" diff

# Text from the command line is made safe: no escape reaches the terminal.
"$G" -d db lookup "$(printf '决\033]52;c;eA==\007')" >out 2>&1 || true
! grep -q "$(printf '\033')" out || fail "lookup: an escape printed" out

# $GLOSSA_DICT wins over everything (and only it is tried).
GLOSSA_DICT=$PWD/none.db
s=0; GLOSSA_DICT=$PWD/none.db "$G" lookup 决战 >out 2>err || s=$?
[ $s = 1 ] && grep -q "none.db" err || fail "GLOSSA_DICT missing" out err

# Refusals leave the user's dictionary as it was.
cp "$user" before.db
printf '# nothing\nnot an entry\n' >bad.u8
s=0; "$G" dict import bad.u8 >out 2>err || s=$?
[ $s = 1 ] && grep -q 'no CC-CEDICT entry' err || fail "import: no entry" out err
gzip -c small.u8 >small.u8.gz
s=0; "$G" dict import small.u8.gz >out 2>err || s=$?
[ $s = 1 ] && grep -q 'compressed' err || fail "import: gzip" out err
s=0; "$G" dict import missing.u8 >out 2>err || s=$?
[ $s = 1 ] && grep -q 'missing.u8' err || fail "import: missing" out err
s=0; "$G" dict import . >out 2>err || s=$?
[ $s = 1 ] || fail "import: a directory" out err
s=0; "$G" dict import >out 2>err || s=$?
[ $s = 2 ] || fail "import: no file" out err
s=0; "$G" dict frobnicate >out 2>err || s=$?
[ $s = 2 ] || fail "dict: unknown subcommand" out err
cmp "$user" before.db || fail "a refused import changed the dictionary"
ls "$XDG_DATA_HOME/glossa" >left
[ "$(cat left)" = cedict.db ] || fail "a refused import left files" left

# Standard input; the readings of the dictionary replaced are kept
# (the built one's, Unihan's, when it has them).
rm "$user"
"$G" dict import - <small.u8 >out 2>/dev/null || fail "import -" out
if [ "${builtreadings:-0}" -gt 0 ]; then
	grep -q " $builtreadings character readings" out ||
		fail "import: the readings of the built dictionary" out
	"$G" lookup 镓 | grep -q '^  镓 jiā — (not in the dictionary' ||
		fail "lookup: a Unihan reading" out
fi

# --db writes where it is told.
"$G" dict import --db other.db small.u8 >out 2>/dev/null
GLOSSA_DICT=$PWD/other.db "$G" dict info | grep -q '6 entries' ||
	fail "import --db"
exit 0
