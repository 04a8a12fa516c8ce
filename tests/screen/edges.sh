#!/bin/sh
# Small things, at 80x24 and 45x12: G and End go to the end of the help
# (g and Home back to its top); a gloss or note accepted at the prompt as
# it was says "unchanged" and writes nothing; counts agree with their
# nouns (1 note, 2 notes) in the interface's messages; at 80 columns a
# message that names a long path keeps the file's name.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }
top='Keys (q or ? closes this help)'
end='│ ?  '   # the key of the table's last entry (help)

for size in 80x24 45x12; do
	cat >keys <<'EOT'
?
:dump h0.txt
G
:dump h1.txt
g
:dump h2.txt
<End>
:dump h3.txt
<Home>
:dump h4.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	grep -qF "$top" h0.txt || fail "$size: no help" h0.txt
	if grep -qF "$end" h0.txt; then fail "$size: the help fits: no test" h0.txt; fi
	grep -qF "$end" h1.txt || fail "$size: G: not at the end" h1.txt
	if grep -qF "$top" h1.txt; then fail "$size: G: still at the top" h1.txt; fi
	grep -qF "$top" h2.txt || fail "$size: g: not at the top" h2.txt
	grep -qF "$end" h3.txt || fail "$size: End: not at the end" h3.txt
	grep -qF "$top" h4.txt || fail "$size: Home: not at the top" h4.txt

	# Baogang (row 2): its second note, a gloss, accepted as it was at
	# its three prompts; its first, a note, at its one
	cp db e.db
	"$GLOSSA" -d e.db notes --tsv >before.tsv
	cat >keys <<'EOT'
j<Enter>
<Tab>
j
c
<Enter>
<Enter>
<Enter>
:dump g.txt
k
c<Enter>
:dump n.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d e.db
	last g.txt | grep -q '^unchanged 擂响战鼓' || fail "$size: gloss: not unchanged" g.txt
	last n.txt | grep -q '^unchanged 2025' || fail "$size: note: not unchanged" n.txt
	"$GLOSSA" -d e.db notes --tsv | cmp -s before.tsv - || fail "$size: a note changed"

	# marks and exports: 1 note, 2 notes
	rm -f one.txt two.txt
	cat >keys <<'EOT'
j<Enter>
<Tab>
<Space>
:dump m1.txt
<Space>
:dump m2.txt
e
:dump p2.txt
<C-u>two.txt<Enter>
:dump e2.txt
u
<Space>
e
:dump p1.txt
<C-u>one.txt<Enter>
:dump e1.txt
u
EOT
	# (u last: marks persist, and the next size starts with none)
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	last m1.txt | grep -q '^1 note marked' || fail "$size: 1 note marked" m1.txt
	last m2.txt | grep -q '^2 notes marked' || fail "$size: 2 notes marked" m2.txt
	last p2.txt | grep -q '^export marked notes to:' || fail "$size: prompt, 2" p2.txt
	last p1.txt | grep -q '^export the marked note to:' || fail "$size: prompt, 1" p1.txt
	last e2.txt | grep -q '^exported 2 notes to' || fail "$size: exported 2" e2.txt
	last e1.txt | grep -q '^exported 1 note to' || fail "$size: exported 1" e1.txt
done

# At 80 columns a message that names a long path keeps the file's name:
# an editor's text that is not UTF-8 is kept in $TMPDIR.
mkdir -p "$PWD/a-temporary-directory-with-a-rather-long-name/and-a-second-level"
tmp="$PWD/a-temporary-directory-with-a-rather-long-name/and-a-second-level"
printf '#!/bin/sh\nprintf "caf\\351\\n" >"$1"\n' >latin1.sh
chmod +x latin1.sh
printf 'j<Enter>\n<Tab>\nj\nE\n:dump latin1.txt\n' >keys
TMPDIR="$tmp" VISUAL="$PWD/latin1.sh" GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 \
	"$GLOSSA" -d db
f=$(ls "$tmp")
[ -n "$f" ] || fail "the editor's file was removed" latin1.txt
last latin1.txt | grep -q "^the text is not UTF-8: not changed; it is kept in …/$f\$" ||
	fail "the file's name is cut" latin1.txt
