#!/bin/sh
# Managing articles in the interface: O cycles the list's order (the
# title bar says which, and how many are unread); D asks (with the
# article's number of notes) and deletes, U brings it back with its
# notes and its place in search; S corrects a field at the prompt;
# marks made with Space persist across restarts and M lists them.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
n=$("$GLOSSA" -d db list --tsv | wc -l)
first_title=$("$GLOSSA" -d db list --tsv --sort title --limit 1 | cut -f4)
first_date=$("$GLOSSA" -d db list --tsv --limit 1 | cut -f4)
baogang_notes=$("$GLOSSA" -d db notes 1 --tsv | wc -l)

cat >keys <<EOT
:dump start.txt
O
:dump by-title.txt
OOO
:dump by-date.txt
g<Enter>q
:dump read.txt
D
:dump ask.txt
n
:dump kept.txt
D
y
:dump deleted.txt
U
:dump restored.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
head -1 start.txt | grep -q "$n articles, $n unread, by date" || fail "title bar" start.txt
head -1 by-title.txt | grep -q 'by title' || fail "O: by title" by-title.txt
sed -n 3p by-title.txt | grep -qF "$(printf '%.30s' "$first_title")" || fail "title order" by-title.txt
head -1 by-date.txt | grep -q 'by date' || fail "O cycles back" by-date.txt
head -1 read.txt | grep -q "$((n - 1)) unread" || fail "unread count" read.txt
tail -1 ask.txt | grep -q "^delete '.*' and its [0-9]* notes? (y/n)" || fail "D asks" ask.txt
tail -1 kept.txt | grep -q 'not deleted' || fail "n keeps" kept.txt
head -1 kept.txt | grep -q "$n articles" || fail "n deleted" kept.txt
head -1 deleted.txt | grep -q "$((n - 1)) articles" || fail "y deletes" deleted.txt
grep -qF "$(printf '%.30s' "$first_date")" deleted.txt && fail "still listed" deleted.txt
head -1 restored.txt | grep -q "$n articles" || fail "U restores" restored.txt
tail -1 restored.txt | grep -q 'article restored' || fail "U says" restored.txt
"$GLOSSA" -d db search 擂响战鼓 --tsv | cut -f1 | grep -qx 1 || fail "restored in search"
[ "$("$GLOSSA" -d db notes 1 --tsv | wc -l)" = "$baogang_notes" ] || fail "notes restored"

# a note deleted after an article: U brings the note back, U again the
# article (the note's delete never drops the article's undo)
cat >keys <<EOT
D
y
<Tab>
<Tab>
d
y
:dump both.txt
U
:dump note-back.txt
U
:dump art-back.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
head -1 both.txt | grep -q "$((n - 1)) articles" || fail "D then d" both.txt
tail -1 note-back.txt | grep -q 'restored; U again brings the article back' ||
	fail "U: the note first" note-back.txt
head -1 art-back.txt | grep -q "$n articles" || fail "U again: the article" art-back.txt

# S: field=value, indexed at once
cat >keys <<EOT
/擂响战鼓<Enter>
S
title=Baotou beats the drums<Enter>
:dump set.txt
/baotou<Enter>
:dump found.txt
S
date=2025-13-45<Enter>
:dump bad.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
tail -1 set.txt | grep -q 'title changed' || fail "S" set.txt
grep -q 'Baotou beats the drums' found.txt || fail "S indexed" found.txt
tail -1 bad.txt | grep -q 'not changed: .*not a date' || fail "S bad date" bad.txt

# marks persist: marked in one run, listed by M in the next
cat >keys <<EOT
/擂响战鼓<Enter>
<Tab><Tab>
<Space>
:dump marked.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
tail -1 marked.txt | grep -q '1 note marked' || fail "Space marks" marked.txt
"$GLOSSA" -d db notes --marked >marked-cli.txt
[ "$(wc -l <marked-cli.txt)" = 1 ] && grep -q '^article 1 ' marked-cli.txt ||
	fail "notes --marked" marked-cli.txt
[ "$("$GLOSSA" -d db search is:marked --tsv | cut -f1)" = 1 ] || fail "is:marked"
cat >keys <<EOT
M
:dump marks.txt
u
:dump unmarked.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
grep -q '1 marked note' marks.txt && grep -q '› marks' marks.txt || fail "M" marks.txt
tail -1 unmarked.txt | grep -q 'unmarked; 0 notes marked' || fail "u unmarks" unmarked.txt
[ -z "$("$GLOSSA" -d db notes --marked)" ] || fail "unmark persists"
exit 0
