#!/bin/sh
# The dictionary in the interface: K looks up the text at the character
# cursor, the selection, or the phrase under the phrase cursor (the
# archive's glosses first, then dictionary words longest first, then
# characters; Traditional text finds its entry); a in the lookup view
# glosses the word with the entry, translation and reading filled in;
# w/b/e move by dictionary words, a glossed phrase (关键矿产) one unit;
# Enter on an archive's gloss lists its articles; I lists the terms
# nobody glossed, a glosses one, Enter looks it up;
# without a dictionary K says where it looked. Exact screens at 80x24 and
# 45x12. Script mode.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }
# the dictionary make builds beside the program
GLOSSA_DICT=$(dirname "$GLOSSA")/cedict.db
export GLOSSA_DICT
[ -f "$GLOSSA_DICT" ] || fail "no dictionary at $GLOSSA_DICT"

printf 'Title: 矿产\nGloss: 关键矿产 | critical minerals\n\n%s\n' \
	'我们要保障关键矿产供应，決戰時刻到了。' >a.txt
"$GLOSSA" -d db import a.txt >/dev/null

# K at the character cursor (on 关, the sixth character): the archive's
# gloss 关键矿产, then 关键, then 关 and 键
cat >keys <<'EOT'
<Enter>
clllll
K
:dump lookup-80x24.txt
jj
:dump chosen.txt
q
:dump closed.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
check lookup-80x24
grep -q '^│›关 (關)  Guān' chosen.txt || fail "j/k: not on 关" chosen.txt
grep -q 'Articles (1)' closed.txt || fail "q: not back in the article" closed.txt
grep -q 'cursor at 5' closed.txt || fail "q: the cursor lost" closed.txt

# y copies the entry under the cursor, in the lookup view (关键矿产, the
# archive's gloss) and in the glossary: one line, OSC 52 in script mode
# to GLOSSA_OSC52_FILE
cat >keys <<'EOT'
<Enter>
clllll
K
y
:dump copied.txt
q
c
L
y
EOT
GLOSSA_OSC52_FILE=osc52 GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
entry='关键矿产 — critical minerals'
printf '\033]52;c;%s\a\033]52;c;%s\a' "$(printf '%s' "$entry" | base64 -w 0)" \
	"$(printf '%s' "$entry" | base64 -w 0)" >want
cmp want osc52 || { od -c osc52 | head; fail "y: not the entry" copied.txt; }
grep -q 'copied the entry' copied.txt || fail "y: no message" copied.txt

# the same at 45x12
cat >keys <<'EOT'
<Enter>
clllll
K
:dump lookup-45x12.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=45x12 "$GLOSSA" -d db
check lookup-45x12

# Enter on the archive's gloss (the first entry): the articles that hold
# it; q: the whole archive again, the lookup closed
cat >keys <<'EOT'
<Enter>
clllll
K
<Enter>
:wait
:dump held.txt
q
:dump back.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -qF 'search: "关键矿产" (1)' held.txt || fail "Enter: not the articles of 关键矿产" held.txt
grep -qF 'Results (1)' held.txt || fail "Enter: no results" held.txt
grep -q 'Articles (1)' back.txt || fail "q: not back to the archive" back.txt

# K on a selection (v e: the word 保障), on the phrase under ] (Esc
# leaves the cursor first), and with no cursor (the first CJK text shown)
cat >keys <<'EOT'
<Enter>
clllve
K
:dump sel.txt
q<Esc>]
K
:dump phrase.txt
q
:dump nocursor0.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -q 'Look up: 保障 ─' sel.txt || fail "K on the selection" sel.txt
grep -q '^│›保障  bǎo zhàng' sel.txt || fail "selection: 保障 first" sel.txt
grep -q 'Look up: 关键矿产 ─' phrase.txt || fail "K on the phrase" phrase.txt
sed -n 4,5p phrase.txt | grep -q '^│›关键矿产 .* 1 article │' ||
	fail "phrase: the archive's gloss first" phrase.txt
printf '<Enter>\nK\n:dump nocursor.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -q 'Look up: 我们要保障关键矿产供应 ─' nocursor.txt ||
	fail "K with no cursor: the first CJK text" nocursor.txt
grep -q '^│›我们 (我們)  wǒ men' nocursor.txt || fail "我们" nocursor.txt

# a from the lookup: Traditional 決戰 finds 决战; its translation and
# reading are at the prompts, then stored
cat >keys <<'EOT'
<Enter>
c$hhhhhh
K
:dump trad.txt
a
:dump prompt1.txt
<Enter>
:dump prompt2.txt
<Enter>
<Enter>
:dump glossed.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -q 'Look up: 決戰時刻到了 ─' trad.txt || fail "K on 決" trad.txt
grep -q '^│›決戰 (决战)  jué zhàn' trad.txt || fail "決戰: its entry" trad.txt
last prompt1.txt | grep -q '^translation of 決戰: .*to fight for supremacy in' ||
	fail "the translation offered" prompt1.txt
last prompt2.txt | grep -q '^reading (optional): jué zhàn' ||
	fail "the reading offered" prompt2.txt
"$GLOSSA" -d db notes >notes.txt
grep -q '^article 1 \[.\] 決戰 (jué zhàn) — decisive battle; to fight a decisive battle; to fight for supremacy in' notes.txt ||
	fail "the gloss stored" notes.txt
grep -q '決戰〔decisive battle' glossed.txt || fail "not shown" glossed.txt

# w/b/e by words: 我们|要|保障|关键矿产 (glossed: one unit)|供应
cat >keys <<'EOT'
<Enter>
c
w
:dump w1.txt
w
:dump w2.txt
w
:dump w3.txt
e
:dump e1.txt
w
:dump w4.txt
b
:dump b1.txt
b
:dump b2.txt
<Esc>
cwwwve
:dump sel2.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
n=0
for want in w1:2 w2:3 w3:5 e1:8 w4:9 b1:5 b2:3; do
	f=${want%%:*}
	last "$f.txt" | grep -q "^cursor at ${want#*:} " ||
		fail "$f: not at ${want#*:}" "$f.txt"
done
last sel2.txt | grep -q '^selected 关键矿产 (at 5)' ||
	fail "v e: the glossed phrase whole" sel2.txt

# I: the terms nobody glossed, with reading and first sense; Enter looks
# one up; a glosses it (translation and reading offered) and it leaves
# the list
cat >keys <<'EOT'
<Enter>
I
:dump terms-80x24.txt
jj
<Enter>
:dump termlook.txt
q
:dump termback.txt
a
<Enter>
<Enter>
<Enter>
:dump termdone.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -q 'Terms nobody has glossed: 矿产' terms-80x24.txt ||
	fail "I: the terms view" terms-80x24.txt
grep -q '^│ 保障  *bǎo zhàng  *to ensure' terms-80x24.txt ||
	fail "I: 保障 with reading and sense" terms-80x24.txt
grep -q '关键矿产\|決戰 ' terms-80x24.txt &&
	fail "I: a glossed phrase listed" terms-80x24.txt
third=$(sed -n 6p terms-80x24.txt | sed 's/^│ \([^ ]*\) .*/\1/')
grep -q "Look up: $third ─" termlook.txt || fail "Enter: $third" termlook.txt
grep -q 'Terms nobody has glossed' termback.txt ||
	fail "q: not back in the terms" termback.txt
"$GLOSSA" -d db notes >notes.txt
grep -q "^article 1 \[.\] $third ([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ ]*) — " notes.txt ||
	fail "a in the terms: $third stored with its reading" notes.txt
grep -q "^│ $third " termdone.txt && fail "$third still listed" termdone.txt
last termdone.txt | grep -q "^added $third" || fail "a: what it said" termdone.txt
grep -q 'Terms nobody has glossed' termdone.txt ||
	fail "a: the terms view closed" termdone.txt

# no dictionary: K says where it looked ($GLOSSA_DICT: that file only)
printf '<Enter>\nK\n:dump nodict.txt\nI\n:dump nodict2.txt\n' >keys
GLOSSA_DICT=$PWD/none.db GLOSSA_SCRIPT=keys GLOSSA_SIZE=200x24 "$GLOSSA" -d db
last nodict.txt | grep -q "none.db" || fail "K: the file not named" nodict.txt
grep -q 'Look up' nodict.txt && fail "K: a view with no dictionary" nodict.txt
last nodict2.txt | grep -q "none.db" || fail "I: the file not named" nodict2.txt
# none anywhere: the program alone in a directory, no $GLOSSA_DICT
if [ ! -e /usr/local/share/glossa/cedict.db ]; then
	mkdir bin
	cp "$GLOSSA" bin/glossa
	printf '<Enter>\nK\n:dump nowhere.txt\n' >keys
	env -u GLOSSA_DICT GLOSSA_SCRIPT=keys GLOSSA_SIZE=250x24 bin/glossa -d db
	last nowhere.txt | grep -q "^no dictionary: none at $XDG_DATA_HOME/glossa/cedict.db, $PWD/bin/cedict.db, /usr/local/share/glossa/cedict.db; load one with 'glossa dict import FILE'" ||
		fail "K: where it looked" nowhere.txt
fi
