#!/bin/sh
# Importing again never loses what the user wrote (issue 16's cases, as
# a user types them): a gloss changed in glossa survives the same file
# and a changed file, with its id; two files without a header that begin
# with the same line are two articles; the same file again is
# "unchanged"; a file's gloss the user deleted does not come back.
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }

printf 'Title: R\nURL: http://r/\nGloss: alpha | orig\n\nalpha beta\n' >r.txt
"$G" -d db import r.txt >/dev/null
"$G" -d db edit 1 --translation "MINE" >/dev/null
"$G" -d db import r.txt >out
grep -qx 'unchanged r.txt (id 1)' out || fail "same bytes" out
grep -qx '0 imported, 0 updated, 0 failed, 1 unchanged' out || fail sum out
"$G" -d db notes >notes
grep -qx 'article 1 \[1\] alpha — MINE' notes || fail "edit kept" notes
printf 'Title: R\nURL: http://r/\nGloss: alpha | orig\n\nnew alpha beta\n' >r.txt
"$G" -d db import r.txt >out
grep -qx 'updated r.txt (id 1, 1 note)' out || fail "updated" out
"$G" -d db notes >notes
[ "$(cat notes)" = 'article 1 [1] alpha — MINE' ] || fail "edit kept, once" notes

# a gloss from the file, deleted in glossa, stays deleted
printf 'Title: S\nURL: http://s/\nGloss: beta | b\n\nalpha beta\n' >s.txt
"$G" -d db import s.txt >/dev/null
"$G" -d db unannotate 2 >/dev/null
printf 'Title: S\nURL: http://s/\nGloss: beta | b\n\nalpha beta gamma\n' >s.txt
"$G" -d db import s.txt >/dev/null
[ -z "$("$G" -d db notes 2)" ] || fail "deleted gloss came back"

# the first line of a file without a header identifies nothing
printf '新闻稿\n\n包钢…\n' >a.txt
printf '新闻稿\n\n北方稀土…\n' >b.txt
"$G" -d db import a.txt b.txt >out
grep -q '^imported b.txt (id 4, 0 notes): a new article, though article 3 has its title and date$' out ||
	fail "namesake" out
grep -qx '2 imported, 0 updated, 0 failed' out || fail "two articles" out
"$G" -d db show 3 | grep -q 包钢 || fail "a.txt kept"
"$G" -d db show 4 | grep -q 北方稀土 || fail "b.txt kept"

# the same file, named another way, is the same article
mkdir -p d
printf 'Draft\n\nfirst\n' >d/n.txt
"$G" -d db import d/n.txt >/dev/null
printf 'Draft\n\nsecond\n' >d/n.txt
(cd d && "$G" -d ../db import ./n.txt) >out
grep -q '^updated ./n.txt (id 5' out || fail "same file" out
