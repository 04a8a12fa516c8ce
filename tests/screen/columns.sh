#!/bin/sh
# Rows that line up, and results that show at any height: the list's
# title column starts at one column on every row (rows with 12 notes, 1
# and none, long and short sources) at 80x24, 120x40 and 45x12; the
# glossary's translations start at one column whatever the reading's
# length; at heights 10, 11 and 12 search results are drawn one row each
# (the pane has room for one) and j moves a cursor that shows.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"

# A: 12 glosses, B: none, C: one; readings of three lengths
{
	printf 'Title: ZqA alpha\nSource: A Very Long Source Name Indeed\nDate: 2025-03-03\n'
	i=1
	while [ $i -le 12 ]; do
		case $i in
		1) r=r ;;
		2) r='a much longer reading' ;;
		*) r='' ;;
		esac
		printf 'Gloss: wd%s | Tr%s\n' $i $i
		[ -z "$r" ] || printf 'Reading: %s\n' "$r"
		i=$((i + 1))
	done
	printf '\nwords wd1 wd2 wd3 wd4 wd5 wd6 wd7 wd8 wd9 wd10 wd11 wd12 here.\n'
} >a.txt
printf 'Title: ZqB beta\nSource: Short\nDate: 2025-03-02\n\nwords without any note.\n' >b.txt
printf 'Title: ZqC gamma\nSource: Another Long Source Name\nDate: 2025-03-01\nGloss: gamma | Trgamma\nReading: medium reading\n\nwords and gamma.\n' >c.txt
"$GLOSSA" -d db import a.txt b.txt c.txt >/dev/null

# col FILE FILTER PATTERN: the column (in characters) where PATTERN
# starts on each line of the list's or glossary's rows (3 to 20) that
# has FILTER
col() {
	sed -n '3,20{s/│/|/g; s/…/./g; s/•/*/g; s/─/-/g; p}' "$1" | grep -- "$2" |
		awk -v p="$3" '{ i = index($0, p); if (i) print i }'
}
# same FILE FILTER PATTERN N: PATTERN on at least N such lines, all at
# one column
same() {
	n=$(col "$1" "$2" "$3" | wc -l)
	[ "$n" -ge "$4" ] || fail "$3: $n rows in $1, not $4" "$1"
	[ "$(col "$1" "$2" "$3" | sort -u | wc -l)" = 1 ] || {
		col "$1" "$2" "$3"
		fail "$3 does not line up in $1" "$1"
	}
}

# the list at 45x16 (at 45x12 its pane holds one row)
for size in 80x24 120x40 45x16 45x12; do
	printf ':dump list-%s.txt\nL\n:dump gl-%s.txt\n' $size $size >keys
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	grep -q 'ZqA alpha.*12' list-$size.txt || fail "$size: no count" list-$size.txt
	[ $size = 45x12 ] || same list-$size.txt '2025-03-0' ' Zq' 3
	# the glossary's translations (all 13 phrases, or a screenful)
	same gl-$size.txt ' Tr' '  Tr' 5
done
# the readings are shown, in their own column, at 80 and 120 columns
grep -q 'wd2 .*a much longer' gl-120x40.txt || fail "no reading" gl-120x40.txt
same gl-120x40.txt 'wd1 ' ' r ' 1

# Heights 10 to 12: the results pane holds one row: one result in it,
# the cursor on it, and j moves it to the next, which shows.
for size in 80x10 45x11 45x12 80x12; do
	printf '/words<Enter>\n:dump r1.txt\nj\n:dump r2.txt\nj\n:dump r3.txt\n' >keys
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	grep -q 'Results (3)' r1.txt || fail "$size: no results" r1.txt
	# the three results, in their ranked order, one after the other on
	# the pane's one row
	t1=$(sed -n 3p r1.txt | grep -o 'Zq[ABC]') || fail "$size: no result shown" r1.txt
	t2=$(sed -n 3p r2.txt | grep -o 'Zq[ABC]') || fail "$size: j: none shown" r2.txt
	t3=$(sed -n 3p r3.txt | grep -o 'Zq[ABC]') || fail "$size: j: none shown" r3.txt
	[ "$(printf '%s\n' $t1 $t2 $t3 | sort -u | wc -l)" = 3 ] ||
		fail "$size: j did not move to the next result" r1.txt r2.txt r3.txt
	tail -n 1 r3.txt | grep -q 'result 3 of 3' || fail "$size: cursor" r3.txt
	# the article pane follows the cursor
	grep -q "─ $t3 " r3.txt || fail "$size: article not shown" r3.txt
done
