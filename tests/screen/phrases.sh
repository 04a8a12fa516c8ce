#!/bin/sh
# The phrase cursor: ] and [ step over the glossed phrases of the article
# (its own, and those glossed in other articles) in reading order, and the
# status line shows the phrase under the cursor with its translation (and,
# for a gloss elsewhere, the article it comes from). The article's own
# gloss wins over a gloss elsewhere where both apply; the cursor resets
# when another article opens; n/N do not break it. Script mode, dumps
# compared with tests/screen/expected/ (GLOSSA_UPDATE_EXPECTED=1 rewrites
# them).
set -eu
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null

. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }

# the list, newest first: row 2 is Baogang, row 3 the heavy rare earths,
# row 5 the 14th Five-Year Plan reading (which has 稀土, glossed in the
# Japanese article, and 决战, glossed in Baogang)
"$GLOSSA" -d db list --limit 0 >list.txt
sed -n 2p list.txt | grep -q Baogang
sed -n 3p list.txt | grep -q 'heavy rare earth'
sed -n 5p list.txt | grep -q '十四五'

# Baogang, at 80x24 and 40x15: the first ] lands on the slogan
for size in 80x24 40x15; do
	cat >keys <<'EOT'
j<Enter>
:dump before.txt
]
:dump phrase1.txt
]]]
:dump phrase4.txt
[
:dump back.txt
[[[[
:dump top.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	cp phrase1.txt phrase-$size.txt
	check phrase-$size
	# no cursor before the first ]: the status line is the list's
	last before.txt | grep -q '^article 2 of 7' ||
		fail "status before ] at $size" before.txt
	[ "$(last phrase1.txt)" = "擂响战鼓再出发 — beating the war drums again" ] ||
	    [ "$size" = 40x15 ] || fail "status after ] at $size" phrase1.txt
	last phrase1.txt | grep -q '^擂响战鼓再出发 — beating' ||
		fail "status after ] at $size" phrase1.txt
	# the phrase is on screen (the article pane), not only in the notes
	sed -n '/Baogang Group beats/,/Notes (9)/p' phrase1.txt |
		grep -q '擂响战' || fail "phrase not shown" phrase1.txt
	# reading order: slogan, the quoted "window of opportunity", 抓早,
	# 科技创新; [ goes back one
	last phrase4.txt | grep -q '^科技创新 — technological innovation' ||
		fail "4th phrase at $size" phrase4.txt
	last back.txt | grep -q '^抓早 — early action' ||
		fail "[ at $size" back.txt
	last top.txt | grep -q '^no more glossed phrases above' ||
		fail "[ past the first at $size" top.txt
done

# a phrase glossed elsewhere: 稀土 in the Five-Year Plan article, at
# 120x40 where the whole status line fits
want='稀土 — rare earths (Chinese) (glossed in: What Japan learned from 2010: レアアース and economic security)'
phrase_steps 'jjjj<Enter>' 40 s >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=120x40 "$GLOSSA" -d db
found=
i=1
while [ $i -le 40 ]; do
	if [ "$(last s$i.txt)" = "$want" ]; then
		found=$i
		break
	fi
	i=$((i + 1))
done
[ -n "$found" ] || fail "] never landed on 稀土 glossed elsewhere" s40.txt
# the article's own glosses come without "glossed in"
last s1.txt | grep -q '^原材料工业 — raw materials industry$' ||
	fail "first phrase of the plan article" s1.txt
# 决战, glossed in Baogang, is reached too
cat s*.txt | grep -q '^ 决战 — decisive battle (glossed in: Baogang Group' ||
	fail "决战 glossed elsewhere not reached" s40.txt
last s40.txt | grep -q '^no more glossed phrases below' ||
	fail "] past the last" s40.txt
# the dump where the cursor first lands on 稀土, at 80x24
printf 'jjjj<Enter>\n' >keys
i=1
while [ $i -le "$found" ]; do
	echo ']' >>keys
	i=$((i + 1))
done
echo ':dump elsewhere-80x24.txt' >>keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
check elsewhere-80x24
last elsewhere-80x24.txt | grep -q '^稀土 — rare earths (Chinese) (glossed in: What' ||
	fail "status on 稀土 at 80x24" elsewhere-80x24.txt

# the heavy rare earths article glosses 中重稀土 and 离子型稀土 itself: the
# cursor stops on 稀土 (glossed elsewhere) only where it stands outside
# them (today nowhere: every 稀土 of its body is inside one of them), and
# on those two as the article's own glosses
body() { sed '1,/^$/d' "$GLOSSA_SRC/sample-archive/$1"; }
count() { body heavy-rare-earths-myanmar-ganzhou.txt | grep -o "$1" | wc -l; }
alone=$(($(count 稀土) - $(count 中重稀土) - $(count 离子型稀土)))
[ "$(count 中重稀土)" -gt 0 ] && [ "$(count 离子型稀土)" -gt 0 ]
phrase_steps 'jj<Enter>' 60 h >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=120x40 "$GLOSSA" -d db
for f in h*.txt; do last "$f"; done | grep -v '^no more' >stops.txt
[ "$(grep -c '^稀土 — ' stops.txt)" = "$alone" ] ||
	fail "stops on 稀土: $(grep -c '^稀土 — ' stops.txt), want $alone" \
		stops.txt
[ "$(grep -c '^中重稀土 — medium and heavy rare earths$' stops.txt)" = \
	"$(count 中重稀土)" ] || fail "stops on 中重稀土" stops.txt
[ "$(grep -c '^离子型稀土 — ion-adsorption rare earths$' stops.txt)" = \
	"$(count 离子型稀土)" ] || fail "stops on 离子型稀土" stops.txt
last h60.txt | grep -q '^no more glossed phrases below'

# another article resets the cursor; n/N keep it working
cat >keys <<'EOT'
j<Enter>
]]
:dump c1.txt
qj<Enter>
:dump c2.txt
]
:dump c3.txt
/科技<Enter>
<Enter>
]
:dump c4.txt
n
:dump c5.txt
]
:dump c6.txt
N
[
:dump c7.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
last c1.txt | grep -q ' — ' || fail "no phrase after ]]" c1.txt
last c2.txt | grep -q '^article 3 of 7' || fail "cursor kept" c2.txt
grep -q 'From Kachin hillsides' c3.txt
last c3.txt | grep -q ' — ' || fail "] in the next article" c3.txt
last c4.txt | grep -q '^擂响战鼓再出发 — ' || fail "] after a search" c4.txt
last c5.txt | grep -q '^match 1 of 1' || fail "n" c5.txt
last c6.txt | grep -q '^科技创新 — technological innovation' ||
	fail "] after n" c6.txt
last c7.txt | grep -q ' — ' || fail "[ after N" c7.txt
