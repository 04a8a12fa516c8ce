#!/bin/sh
# glossa terms: the sample's Chinese article (读“十四五”原材料工业规划) lists
# terms such as 冶炼分离, 总量控制 and 兼并重组 (two words side by side, not
# headwords of CC-CEDICT) before common words such as 我们 or 一些 (a
# function word is no term), and none of the phrases glossed in the
# archive; an unknown article, an English one.
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
"$G" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
id=$("$G" -d db list --tsv | awk -F'\t' '$4 ~ /原材料工业规划/ { print $1 }')
[ -n "$id" ] || fail "the sample's Chinese article"
"$G" -d db terms --limit 0 --tsv "$id" >terms 2>err || fail "terms" terms err
cut -f1 terms >list
rank() { grep -n -x "$1" list | cut -d: -f1; }
for t in 冶炼分离 总量控制 兼并重组 有色金属; do
	[ -n "$(rank "$t")" ] || fail "terms: no $t" list
done
for t in 我们 一些 以及绿色; do
	r=$(rank "$t")
	[ -z "$r" ] || [ "$r" -gt "$(rank 兼并重组)" ] ||
		fail "terms: $t before 兼并重组" list
done
# nothing glossed anywhere in the archive
"$G" -d db glossary --tsv | cut -f1 >glossed
while read -r p; do
	! grep -q -x -F "$p" list || fail "terms: $p is glossed" list
done <glossed
# each row: term, reading, senses, count, articles, score
awk -F'\t' 'NF != 6 || $4 < 1 || $5 < 0 { exit 1 }' terms ||
	fail "terms --tsv: the columns" terms
grep -q "^冶炼分离	yě liàn fēn lí	冶炼: to smelt metal\\\\n分离: to separate	2	" terms ||
	fail "terms --tsv: 冶炼分离's row" terms
# sorted by score
cut -f6 terms >s1
sort -g -r s1 >s2
cmp s1 s2 >/dev/null || fail "terms: not by score" terms
# the plain list, --limit
"$G" -d db terms --limit 3 "$id" >out
[ "$(wc -l <out)" = 3 ] && grep -q '^  1  ' out || fail "terms --limit 3" out
# an English article: none; an unknown id; no id
en=$("$G" -d db list --tsv | awk -F'\t' '$4 ~ /^Baogang/ { print $1 }')
"$G" -d db terms "$en" >out
grep -q '^No terms' out || fail "terms: an English article" out
s=0; "$G" -d db terms 999 >out 2>err || s=$?
[ $s = 1 ] && grep -q 'no article with id 999' err || fail "terms 999" out err
s=0; "$G" -d db terms >out 2>err || s=$?; [ $s = 2 ] || fail "terms: no id" err
s=0; "$G" -d db terms x >out 2>err || s=$?; [ $s = 2 ] || fail "terms x" err
exit 0
