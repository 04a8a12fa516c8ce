#!/bin/sh
# Managing articles from the command line: delete (asks on a terminal,
# refuses without one unless --yes, says how many notes go), set (each
# field, refusals, indexed at once, kept when the file is imported
# again), list --sort in each order, notes --marked.
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
printf 'Title: Delta\nSource: B\nDate: 2025-01-03\nGloss: 决战 | battle\nNote: | check\n\n决战 one\n' >d.txt
printf 'Title: alpha\nSource: A\nDate: 2025-01-01\n\nalpha two\n' >a.txt
printf 'Title: Charlie\nSource: C\nDate: 2025-01-02\nNote: | c1\n\ncharlie three\n' >c.txt
"$G" -d db import d.txt a.txt c.txt >/dev/null

# list --sort
ids() { "$G" -d db list --tsv "$@" | cut -f1 | tr '\n' ' '; }
[ "$(ids)" = "1 3 2 " ] || fail "date order: $(ids)"
[ "$(ids --sort date)" = "1 3 2 " ] || fail "--sort date"
[ "$(ids --sort title)" = "3 1 2 " ] || fail "--sort title: $(ids --sort title)"
[ "$(ids --sort source)" = "2 1 3 " ] || fail "--sort source"
[ "$(ids --sort notes)" = "1 3 2 " ] || fail "--sort notes: $(ids --sort notes)"
[ "$(ids --sort title --limit 2)" = "3 1 " ] || fail "--sort with --limit"
s=0; "$G" -d db list --sort size 2>err || s=$?
[ $s = 2 ] && grep -q 'none of date, title, source, notes' err || fail "bad --sort" err

# set
"$G" -d db set 2 --title "Alpha corrected" --author "Li Ming" \
	--date "5 January 2025" --tags "x; y" --url https://example.org/a \
	--source "A2" | grep -q '^changed 2$' || fail "set"
"$G" -d db show 2 >show
grep -q 'Alpha corrected' show && grep -q 'Li Ming' show &&
	grep -q 'https://example.org/a' show || fail "set shows" show
"$G" -d db search corrected --tsv | cut -f1 | grep -qx 2 || fail "set indexed"
"$G" -d db list --tsv | head -1 | cut -f1,2 | grep -q "^2	2025-01-05$" || fail "set date orders" 
s=0; "$G" -d db set 2 --date "2025-13-45" 2>err || s=$?
[ $s = 1 ] && grep -q 'not a date' err && grep -q 'nothing changed' err || fail "bad date" err
s=0; "$G" -d db set 2 --title "" 2>err || s=$?
[ $s = 1 ] && grep -q 'needs a title' err || fail "empty title" err
s=0; "$G" -d db set 2 2>err || s=$?; [ $s = 2 ] || fail "set nothing" err
s=0; "$G" -d db set 99 --title x 2>err || s=$?
[ $s = 1 ] && grep -q 'no article with id 99' err || fail "set unknown" err
# the file again, changed: the corrections stay, no second article
printf 'Title: alpha\nSource: A\nDate: 2025-01-01\n\nalpha two and more\n' >a.txt
"$G" -d db import a.txt >/dev/null
[ "$("$G" -d db list --tsv | wc -l)" = 3 ] || fail "re-import made a copy"
"$G" -d db show 2 >show
grep -q 'Alpha corrected' show && grep -q 'and more' show || fail "re-import keeps" show

# notes --marked: none yet (marking is the interface's)
[ -z "$("$G" -d db notes --marked)" ] || fail "no marks"
s=0; "$G" -d db list --marked 2>err || s=$?; [ $s = 2 ] || fail "list --marked" err

# delete: no terminal, no --yes: refused, nothing deleted
s=0; "$G" -d db delete 1 </dev/null >out 2>err || s=$?
[ $s = 2 ] && grep -q 'no terminal' err || fail "delete without a tty" err
[ "$("$G" -d db list --tsv | wc -l)" = 3 ] || fail "refused delete deleted"
"$G" -d db delete --yes 1 3 >out
[ "$(cat out)" = "$(printf 'deleted 1 and its 2 notes\ndeleted 3 and its 1 note')" ] || fail "delete --yes" out
[ "$("$G" -d db list --tsv | cut -f1)" = 2 ] || fail "deleted"
[ -z "$("$G" -d db search 决战 --tsv)" ] || fail "deleted still found"
[ -z "$("$G" -d db notes)" ] || fail "its notes went"
s=0; "$G" -d db delete --yes 7 2>err >/dev/null || s=$?
[ $s = 1 ] && grep -q 'no article with id 7' err || fail "delete unknown" err
# the same file again: a new article
"$G" -d db import d.txt >/dev/null
[ "$("$G" -d db list --tsv | wc -l)" = 2 ] || fail "re-import after delete"

# on a terminal it asks, with the number of notes
id=$("$G" -d db list --tsv | awk -F'\t' '$4 == "Delta" { print $1 }')
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "\"$G\" -d db delete $id" /dev/null >tty.out 2>&1 || true
	grep -q "delete 'Delta' and its 2 notes? (y/n)" tty.out || fail "asks" tty.out
	grep -q "kept $id" tty.out || fail "n keeps" tty.out
	printf 'y\n' | script -qec "\"$G\" -d db delete $id" /dev/null >tty.out 2>&1 || true
	grep -q "deleted $id" tty.out || fail "y deletes" tty.out
fi
exit 0
