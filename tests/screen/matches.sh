#!/bin/sh
# n/N find what the search found (the core's matcher): after /mobilize on
# "mobilization", after /發展 on 发展, after /"decisive battle" on that
# phrase and never on "battle" alone; n after g finds the first match;
# after ] the phrase has two lines of context below it, also after a
# resize; the character cursor starts on the match n showed or on the
# phrase ] showed; e goes to the end of the word, and v...w selects whole
# words. Script mode, at 80x24 and 45x12; the cursor's selection in the
# status line shows where it stands.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }

{
	printf 'Title: Battles of the war\nDate: 2025-01-02\n\n'
	printf 'The battle began at dawn.\n'
	printf 'The general called for a mobilization of every reserve.\n'
	printf 'Then came the decisive battle that ended it.\n'
	printf '中国的发展很快。\n'
	i=1
	while [ $i -le 40 ]; do
		printf 'Filler line %d, one more battle.\n' $i
		i=$((i + 1))
	done
} >war.txt
{
	printf 'Title: Glossed\nDate: 2025-01-01\nGloss: Zanzibar | 桑给巴尔\n\n'
	i=1
	while [ $i -le 40 ]; do
		printf 'Plain line %d.\n' $i
		i=$((i + 1))
	done
	printf 'Here is Zanzibar in its place.\n'
	printf 'After one.\nAfter two.\nAfter three.\nAfter four.\n'
} >gloss.txt
"$GLOSSA" -d db import war.txt gloss.txt >/dev/null

for size in 80x24 45x12; do
	# the three cases: n, then the cursor from there, to the word's end
	cat >keys <<'EOT'
/mobilize
<Enter>
n
:dump mob.txt
c
v
e
:dump mob-sel.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	last mob.txt | grep -q '^match 1 of 1' || fail "$size: /mobilize: n" mob.txt
	last mob-sel.txt | grep -q '^selected mobilization (at' ||
		fail "$size: /mobilize: not on mobilization" mob-sel.txt

	cat >keys <<'EOT'
/發展
<Enter>
n
c
v
l
:dump fz.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	last fz.txt | grep -q '^selected 发展 (at' ||
		fail "$size: /發展: not on 发展" fz.txt

	cat >keys <<'EOT'
/"decisive battle"
<Enter>
n
:dump db1.txt
n
:dump db2.txt
c
v
e
e
:dump db-sel.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	last db1.txt | grep -q '^match 1 of 1' ||
		fail "$size: /\"decisive battle\": not one match" db1.txt
	last db2.txt | grep -q '^no more matches below' ||
		fail "$size: /\"decisive battle\": a second match" db2.txt
	last db-sel.txt | grep -q '^selected decisive battle (at' ||
		fail "$size: /\"decisive battle\": not on the phrase" db-sel.txt

	# v...w: whole words, without the next word's first character
	cat >keys <<'EOT'
/"decisive battle"
<Enter>
n
c
v
w
:dump vw1.txt
w
:dump vw2.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	last vw1.txt | grep -q '^selected decisive (at' ||
		fail "$size: v w: not the word" vw1.txt
	last vw2.txt | grep -q '^selected decisive battle (at' ||
		fail "$size: v w w: not two words" vw2.txt

	# n after g: the first match again, then the next ones
	cat >keys <<'EOT'
/battle
<Enter>
n
n
n
n
:dump g1.txt
g
n
:dump g2.txt
n
:dump g3.txt
G
N
:dump g4.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	last g1.txt | grep -q '^match 4 of 43' || fail "$size: n n n n" g1.txt
	last g2.txt | grep -q '^match 1 of 43' || fail "$size: g n: not the first" g2.txt
	last g3.txt | grep -q '^match 2 of 43' || fail "$size: g n n" g3.txt
	last g4.txt | grep -q '^match 43 of 43' || fail "$size: G N: not the last" g4.txt

	# ]: two lines below the phrase, also after a resize; c starts there
	cat >keys <<'EOT'
/Zanzibar
<Enter>
<Enter>
]
:dump ctx1.txt
:resize 60x16
:dump ctx2.txt
:resize 80x11
:dump ctx3.txt
c
v
e
:dump ctx-sel.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	for f in ctx1 ctx2 ctx3; do
		# the article's lines, not the snippet in the list
		grep -q '^│ Here is Zanzibar.*in its place\. *│$' $f.txt ||
			fail "$size: $f: no phrase" $f.txt
		grep -q '^│ After two\. *│$' $f.txt ||
			fail "$size: $f: not two lines of context" $f.txt
	done
	last ctx-sel.txt | grep -q '^selected Zanzibar (at' ||
		fail "$size: c after ]: not on the phrase" ctx-sel.txt
done
