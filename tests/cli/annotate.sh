#!/bin/sh
# Annotations from the command line: gloss, note, edit (each field, and
# refusals), unannotate (one, several, an unknown id), the glossary (all,
# filtered, --tsv, two translations of one phrase, the article counts),
# and a re-import that detaches a gloss whose phrase left the text
# (`notes` says [detached], and keeps it).
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
printf 'Title: one\nURL: u1\n\n这是决战时刻，要抓早。\n' >one.txt
printf 'Title: two\nURL: u2\n\n打一场决战。\n' >two.txt
"$G" -d db import one.txt two.txt >/dev/null
"$G" -d db gloss 1 决战 "decisive battle" | grep -q '^added gloss 1 to article 1$'
"$G" -d db gloss 2 决战 showdown >/dev/null
"$G" -d db gloss 1 抓早 "early action" >/dev/null
"$G" -d db note 1 "check the date" >/dev/null

# edit
"$G" -d db edit 3 --reading "zhuā zǎo" --note "a slogan" | grep -q '^changed gloss 3$'
"$G" -d db notes 1 --tsv | awk -F'\t' '$1 == 3' >row
[ "$(cut -f5-8 row)" = "$(printf '抓早\tzhuā zǎo\tearly action\ta slogan')" ] || fail edit row
"$G" -d db edit 3 --translation "act early" >/dev/null
"$G" -d db notes 1 --tsv | awk -F'\t' '$1 == 3' | cut -f6-8 >row
[ "$(cat row)" = "$(printf 'zhuā zǎo\tact early\ta slogan')" ] || fail "edit keeps the others" row
# the same values again: nothing to change, and it says so
"$G" -d db edit 3 --translation "act early" --note "a slogan" >out
grep -qx 'unchanged: gloss 3' out || { cat out; fail "edit to the same values"; }
s=0; "$G" -d db edit 3 2>err || s=$?; [ $s = 2 ] || fail "edit with nothing" err
s=0; "$G" -d db edit 3 --translation "" 2>err || s=$?
[ $s = 2 ] && grep -q 'needs a translation' err || fail "empty translation" err
s=0; "$G" -d db edit 99 --note x 2>err || s=$?
[ $s = 1 ] && grep -q 'no note with id 99' err || fail "unknown id" err
s=0; "$G" -d db edit x --note x 2>err || s=$?; [ $s = 2 ] || fail "bad id" err

# the glossary
"$G" -d db glossary >gl
[ "$(cat gl)" = "$(printf '%s\n%s' \
	'决战 (jué zhàn) — decisive battle; showdown  [2 glosses, 2 articles]' \
	'抓早 (zhuā zǎo) — act early  [1 gloss, 1 article]')" ] || fail glossary gl
"$G" -d db glossary --tsv SHOW >gl
[ "$(cat gl)" = "$(printf '决战\tjué zhàn\tdecisive battle\\nshowdown\t2\t2')" ] || fail "--tsv" gl
[ -z "$("$G" -d db glossary nothing-like-it)" ]

# unannotate
"$G" -d db unannotate 4 2 | tr '\n' ' ' | grep -q '^deleted 4 deleted 2 $'
[ "$("$G" -d db notes --tsv | cut -f1 | tr '\n' ' ')" = "1 3 " ] || fail "left" 
s=0; "$G" -d db unannotate 4 2>err || s=$?
[ $s = 1 ] && grep -q 'no note with id 4' err || fail "twice" err
s=0; "$G" -d db unannotate 2>err || s=$?; [ $s = 2 ]
"$G" -d db glossary | grep -q '^决战 (jué zhàn) — decisive battle  \[1 gloss, 2 articles\]$'

# re-import with the phrase gone: detached, kept, listed
printf 'Title: one\nURL: u1\n\n这是决斗时刻，要抓早。\n' >one.txt
"$G" -d db import one.txt >/dev/null
"$G" -d db notes 1 >notes
grep -q '^\[1\] 决战 (jué zhàn) — decisive battle \[detached\]$' notes || fail detached notes
grep -q '^\[3\] 抓早 (zhuā zǎo) — act early: a slogan$' notes || fail attached notes
[ "$("$G" -d db notes 1 --tsv | awk -F'\t' '$1 == 1 {print $4 "/" $11}')" = "-1/1" ]
# and back: attached again
printf 'Title: one\nURL: u1\n\n新的一段。这是决战时刻，要抓早。\n' >one.txt
"$G" -d db import one.txt >/dev/null
[ "$("$G" -d db notes 1 --tsv | awk -F'\t' '$1 == 1 {print $4 "/" $11}')" = "7/0" ]
