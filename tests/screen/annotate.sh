#!/bin/sh
# Annotating while reading, in script mode: a CJK phrase selected with the
# character cursor across a line wrap and glossed (its phrase, position
# and context checked with `glossa notes --tsv`); a gloss edited at the
# prompt and a note in $EDITOR; a delete, refused, confirmed and undone;
# a gloss adopted from another article; the glossary view, its filter,
# and Enter listing the articles that contain a phrase. Dumps compared
# with tests/screen/expected/ (GLOSSA_UPDATE_EXPECTED=1 rewrites them).
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }
tsv() { "$GLOSSA" -d "$1" notes --tsv; }

# --- a phrase across a line wrap ---------------------------------------
# At 80 columns the article pane wraps at 77: 38 CJK characters a line.
# The phrase 稀土战略 stands at code points 36-39 (two on each line) and
# also at 0-3, so its position shows the selection was used, not the
# first occurrence.
a='稀土战略一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十甲乙'
b='甲乙丙丁戊己庚辛壬癸'
printf 'Title: wrap test\nDate: 2025-01-01\n\n%s稀土战略%s\n' "$a" "$b" >wrap.txt
"$GLOSSA" -d db import wrap.txt >/dev/null
cat >keys <<'EOT'
<Enter>
c
:dump cursor.txt
$h
v
lll
:dump select.txt
a
:dump ask.txt
strategic rare earths<Enter>
xī tǔ zhàn lüè<Enter>
<Enter>
:dump glossed.txt
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d db
last cursor.txt | grep -q '^cursor at 0 ' || fail "c: no cursor" cursor.txt
[ "$(last select.txt)" = "selected 稀土战略 (at 36) — a gloss, A note, K look up, Esc cancel" ] ||
	fail "selection across the wrap" select.txt
# the phrase is split over two rows of the article
grep -q '十甲乙稀土 *│$' select.txt && grep -q '│ 战略甲乙丙' select.txt ||
	fail "the phrase does not wrap" select.txt
last ask.txt | grep -q '^translation of 稀土战略:' || fail "no prompt" ask.txt
cp select.txt select-80x24.txt
check select-80x24
cp glossed.txt glossed-80x24.txt
check glossed-80x24
tsv db >notes.tsv
[ "$(wc -l <notes.tsv)" = 1 ] || fail "one gloss" notes.tsv
[ "$(cut -f3-8,11 notes.tsv)" = \
  "$(printf 'gloss\t36\t稀土战略\txī tǔ zhàn lüè\tstrategic rare earths\t\t0')" ] ||
	fail "stored gloss" notes.tsv
[ "$(cut -f9 notes.tsv)" = "$a" ] && [ "$(cut -f10 notes.tsv)" = "$b" ] ||
	fail "context" notes.tsv
# the translation in place, after the phrase
grep -q '〔strategic rare earths〕' glossed.txt || fail "in place" glossed.txt

# the first 稀土战略 (at 0) glossed, then glossed again: refused by the
# core, its message shown, and what was typed stays at the prompt
cp db db2
cat >keys <<'EOT'
<Enter>
c
v
lll
a
first<Enter>
<Enter>
<Enter>
c
v
lll
a
other words<Enter>
<Enter>
my typed note<Enter>
:dump twice.txt
<Esc>
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d db2
grep -q 'not added (Enter tries again, Esc keeps it in a file): already glossed' twice.txt ||
	fail "a second gloss: no reason" twice.txt
grep -q 'my typed note' twice.txt || fail "the typed note is lost" twice.txt
[ "$(tsv db2 | wc -l)" = 2 ] || fail "a second gloss stored"

# Esc at the prompt adds nothing; a without a selection says how
cat >keys <<'EOT'
<Enter>
a
:dump nosel.txt
cv
l
a
<Esc>
:dump cancel.txt
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d db
last nosel.txt | grep -q '^select the phrase first' || fail "a alone" nosel.txt
last cancel.txt | grep -q '^not added' || fail "Esc" cancel.txt
[ "$(tsv db | wc -l)" = 1 ] || fail "cancelled gloss stored"

# --- editing, deleting, undoing (the sample archive) -------------------
"$GLOSSA" -d s import "$GLOSSA_SRC/sample-archive" >/dev/null
# Baogang (row 2): its notes in position order; the second is the slogan
bid=$("$GLOSSA" -d s list --tsv | sed -n 2p | cut -f1)
"$GLOSSA" -d s notes "$bid" --tsv >before.tsv
slogan=$(awk -F'\t' '$5 == "擂响战鼓再出发" {print $1}' before.tsv)
[ -n "$slogan" ]
cat >keys <<'EOT'
j<Enter>
<Tab>
j
c
:dump edit1.txt
<C-u>war drums, once more<Enter>
<Enter>
<C-u>edited<Enter>
:dump edited.txt
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d s
last edit1.txt | grep -q '^translation of 擂响战鼓再出发: beating the war drums again' ||
	fail "edit prompt with the current value" edit1.txt
cp edited.txt edited-80x24.txt
check edited-80x24
"$GLOSSA" -d s notes "$bid" --tsv >after.tsv
awk -F'\t' -v id="$slogan" '$1 == id' after.tsv >row
[ "$(cut -f7 row)" = "war drums, once more" ] || fail "translation" row
[ "$(cut -f8 row)" = "edited" ] || fail "note" row
[ "$(cut -f6 row)" = "léi xiǎng zhàn gǔ zài chū fā" ] || fail "reading kept" row

# the note in $EDITOR: a script that rewrites the file
cat >ed.sh <<'EOT'
#!/bin/sh
printf 'from the editor\nline two\n' >"$1"
EOT
chmod +x ed.sh
cat >keys <<'EOT'
j<Enter>
<Tab>
j
E
:dump editor.txt
EOT
VISUAL= EDITOR="$PWD/ed.sh" GLOSSA_SCRIPT=keys "$GLOSSA" -d s
last editor.txt | grep -q '^changed 擂响战鼓再出发' || fail "editor" editor.txt
"$GLOSSA" -d s notes "$bid" --tsv | awk -F'\t' -v id="$slogan" '$1 == id' >row
[ "$(cut -f8 row)" = 'from the editor\nline two' ] || fail "editor's text" row
# an editor that fails changes nothing
cat >keys <<'EOT'
j<Enter>
<Tab>
j
E
:dump edfail.txt
EOT
VISUAL=false GLOSSA_SCRIPT=keys "$GLOSSA" -d s
last edfail.txt | grep -q 'failed: not changed' || fail "false" edfail.txt
"$GLOSSA" -d s notes "$bid" --tsv | awk -F'\t' -v id="$slogan" '$1 == id' >row2
cmp row row2

# delete: n keeps it, y deletes it, U brings it back
n0=$("$GLOSSA" -d s notes "$bid" --tsv | wc -l)
cat >keys <<'EOT'
j<Enter>
<Tab>
j
d
:dump ask-delete.txt
n
:dump kept.txt
d
y
:dump deleted.txt
U
:dump undone.txt
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d s
last ask-delete.txt | grep -q '^delete the gloss 擂响战鼓再出发? (y/n)' ||
	fail "delete question" ask-delete.txt
last kept.txt | grep -q '^not deleted' || fail "n" kept.txt
last deleted.txt | grep -q '^deleted; U brings it back' || fail "y" deleted.txt
grep -q "Notes ($((n0 - 1)))" deleted.txt || fail "count after delete" deleted.txt
cp deleted.txt deleted-80x24.txt
check deleted-80x24
last undone.txt | grep -q '^restored' || fail "U" undone.txt
grep -q "Notes ($n0)" undone.txt || fail "count after undo" undone.txt
"$GLOSSA" -d s notes "$bid" --tsv >undone.tsv
[ "$(wc -l <undone.tsv)" = "$n0" ]
# the same gloss, at the same place, with the edited fields
awk -F'\t' '$5 == "擂响战鼓再出发"' undone.tsv | cut -f3- >r1
cut -f3- row >r0
cmp r0 r1 || fail "restored differently" r0 r1

# --- adopting a gloss from another article -----------------------------
# the Five-Year Plan reading (row 5) has 稀土, glossed in the Japanese
# article: ] to it, then +
pid=$("$GLOSSA" -d s list --tsv | sed -n 5p | cut -f1)
phrase_steps 'jjjj<Enter>' 40 p >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=120x40 "$GLOSSA" -d s
k=
i=1
while [ $i -le 40 ]; do
	if last p$i.txt | grep -q '^稀土 — rare earths (Chinese) (glossed in'; then
		k=$i
		break
	fi
	i=$((i + 1))
done
[ -n "$k" ] || fail "no 稀土 glossed elsewhere" p40.txt
"$GLOSSA" -d s notes "$pid" --tsv | awk -F'\t' '$5 == "稀土"' >none
[ ! -s none ] || fail "稀土 already glossed" none
{
	echo 'jjjj<Enter>'
	i=1
	while [ $i -le "$k" ]; do
		echo ']'
		i=$((i + 1))
	done
	echo '+'
	echo ':dump adopted.txt'
} >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=120x40 "$GLOSSA" -d s
last adopted.txt | grep -q '^adopted 稀土 — rare earths (Chinese)' ||
	fail "+" adopted.txt
"$GLOSSA" -d s notes "$pid" --tsv | awk -F'\t' '$5 == "稀土"' >one
[ "$(wc -l <one)" = 1 ] && [ "$(cut -f7 one)" = "rare earths (Chinese)" ] ||
	fail "adopted gloss" one
# + on one of the article's own glosses does nothing
printf 'jjjj<Enter>\n]\n+\n:dump own.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=120x40 "$GLOSSA" -d s
last own.txt | grep -q '^put the phrase cursor' || fail "+ on own" own.txt

# --- the glossary ------------------------------------------------------
cat >keys <<'EOT'
L
:dump glossary.txt
/rare earth<Enter>
:dump filtered.txt
j
<Enter>
:dump results.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d s
cp glossary.txt glossary-100x30.txt
check glossary-100x30
cp filtered.txt filtered-100x30.txt
check filtered-100x30
# every phrase of `glossa glossary`, with its article count
n=$("$GLOSSA" -d s glossary --tsv | wc -l)
grep -q "^│ $n phrases" glossary.txt || fail "phrase count $n" glossary.txt
# 稀土, glossed twice now with the same translation, in 3 articles
grep -q '^│ 稀土 .* rare earths (Chinese) .* 3 articles │' filtered.txt ||
	fail "稀土 row" filtered.txt
# Enter on the second entry lists the articles that contain it
second=$("$GLOSSA" -d s glossary --tsv 'rare earth' | sed -n 2p | cut -f1)
want=$("$GLOSSA" -d s glossary --tsv 'rare earth' | sed -n 2p | cut -f5)
grep -q "glossary › $second (" results.txt || fail "query" results.txt
grep -q "Results ($want)" results.txt || fail "results" results.txt

# two translations of one phrase in two articles: both shown (the
# adopted gloss given another; a second gloss of 稀土 there is refused)
! "$GLOSSA" -d s gloss "$pid" 稀土 "REE" 2>/dev/null || fail "a second 稀土"
"$GLOSSA" -d s edit "$(cut -f1 one)" --translation "REE" >/dev/null
printf 'L\n/稀土<Enter>\n:dump two.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d s
grep -q '^│ 稀土 .* rare earths (Chinese); REE .* 3 articles │' two.txt ||
	fail "two translations" two.txt
