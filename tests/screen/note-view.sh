#!/bin/sh
# The note view: Enter in the notes pane reads the note whole (phrase,
# reading, translation, the note wrapped with its newlines as line
# breaks, the sentence it stands in, its article); c edits it there, q
# and Esc close it. A note's newlines are line breaks in the notes pane
# too (up to three rows), never "^J". At 80x24, 45x12 and 120x40, and
# one exact screen at 80x24. Script mode.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d s import "$GLOSSA_SRC/sample-archive" >/dev/null
# 补短板, the sixth note of the fifth article of the list
id=$("$GLOSSA" -d s notes --tsv | awk -F'\t' '$5 == "补短板" && $3 == "gloss" { print $1 }')
"$GLOSSA" -d s edit "$id" --note "$(printf 'first line of the note\nsecond line: the barrel\nthird line\nfourth line')" >/dev/null

for size in 80x24 45x12 120x40; do
	cat >keys <<EOT
jjjj<Enter>
<Tab>jjjjj
:dump pane-$size.txt
<Enter>
:dump note-$size.txt
q
:dump closed-$size.txt
<Enter>
<Esc>
:dump esc-$size.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d s
	for f in pane note closed; do
		grep -qF '^J' $f-$size.txt && fail "$size: ^J in $f" $f-$size.txt
	done
	# the view: title bar, its frame, the note's lines as lines
	head -n 1 note-$size.txt | grep -q '› note' || fail "$size: title bar" note-$size.txt
	grep -q 'Gloss 6 of 8' note-$size.txt || fail "$size: frame title" note-$size.txt
	grep -q '│ 补短板  bǔ duǎn bǎn' note-$size.txt || fail "$size: phrase and reading" note-$size.txt
	grep -q '│ second line: the barrel *│' note-$size.txt || fail "$size: second line" note-$size.txt
	grep -q '│ fourth line *│' note-$size.txt || fail "$size: fourth line" note-$size.txt
	# q and Esc close it: the notes pane again
	grep -q 'Notes (8)' closed-$size.txt || fail "$size: q did not close" closed-$size.txt
	grep -q 'Notes (8)' esc-$size.txt || fail "$size: Esc did not close" esc-$size.txt
done
# the sentence and the article, where there is room for them
grep -qF '│ in the text: 所谓补短板' note-120x40.txt || fail "the sentence" note-120x40.txt
grep -q '│ article: 读“十四五”原材料工业规划' note-120x40.txt || fail "the article" note-120x40.txt
# the pane: the note's lines under its text, at most three rows
grep -q '│ *second line: the barrel *│' pane-80x24.txt || fail "pane: second line" pane-80x24.txt
grep -q '│ *third line … *│' pane-80x24.txt || fail "pane: third row" pane-80x24.txt
check note-80x24

# c edits from the view: the translation changed shows there at once
cat >keys <<EOT
jjjj<Enter>
<Tab>jjjjj<Enter>
c<C-u>patching the weak links<Enter>
<Enter>
<Enter>
:dump edited.txt
q
:dump after.txt
EOT
GLOSSA_SCRIPT=keys "$GLOSSA" -d s
grep -q 'translation: patching the weak links' edited.txt || fail "c: not shown" edited.txt
grep -q '│ second line: the barrel *│' edited.txt || fail "c: the note's lines lost" edited.txt
"$GLOSSA" -d s notes --tsv | awk -F'\t' -v id="$id" '$1 == id { print $7 }' | grep -qx 'patching the weak links' ||
	fail "c: not saved"
"$GLOSSA" -d s notes --tsv | awk -F'\t' -v id="$id" '$1 == id { print $8 }' |
	grep -qx 'first line of the note\\nsecond line: the barrel\\nthird line\\nfourth line' ||
	fail "c: the note changed"
grep -q 'Notes (8)' after.txt || fail "q after c" after.txt
exit 0
