#!/bin/sh
# Reading in comfort: z zooms the focused pane to the whole screen and
# back; > and < open the next and previous article from the article pane
# (the list's cursor follows); the status line says where the article
# pane is (top, NN%, end) and shows the hints of the focused pane; a key
# that does nothing in the focused pane says so; the panes follow each
# other (a note selected scrolls the article to its phrase, ] selects the
# phrase's note). At 80x24, 45x12 and 120x40. Script mode.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
status() { tail -n 1 "$1.txt"; }

for size in 80x24 45x12 120x40; do
	cat >keys <<EOT
j<Enter>
:dump open.txt
z
:dump zoom.txt
jj
:dump zoomdown.txt
z
:dump unzoom.txt
G
:dump end.txt
g
>
:dump next.txt
<Lt><Lt>
:dump prev.txt
q]
:dump notin.txt
x
:dump nokey.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	# the position in the article
	status open | grep -q 'article 2 of 7  top' || fail "$size: top" open.txt
	status end | grep -q 'article 2 of 7  end' || fail "$size: end" end.txt
	status zoomdown | grep -q 'article 2 of 7  [0-9][0-9]*%' || fail "$size: percentage" zoomdown.txt
	# z: the article alone in the frame, and back
	grep -q 'Articles (7)' zoom.txt && fail "$size: the list shows while zoomed" zoom.txt
	grep -q 'Notes (9)' zoom.txt && fail "$size: the notes show while zoomed" zoom.txt
	grep -q '^┌─ Baogang Group' zoom.txt || fail "$size: the article is not zoomed" zoom.txt
	[ "$(grep -c "^│" zoom.txt)" -eq "$(($(wc -l <zoom.txt) - 4))" ] ||
		fail "$size: zoomed rows" zoom.txt
	grep -q 'Articles (7)' unzoom.txt || fail "$size: z did not come back" unzoom.txt
	grep -q 'Notes (9)' unzoom.txt || fail "$size: z did not come back" unzoom.txt
	# > and <: the next and previous article, the list's cursor with it
	status next | grep -q 'article 3 of 7' || fail "$size: >" next.txt
	grep -q '─ From Kachin hillsides' next.txt || fail "$size: > title" next.txt
	status prev | grep -q 'article 1 of 7' || fail "$size: <" prev.txt
	grep -q '─ What Japan learned' prev.txt || fail "$size: < title" prev.txt
	# ] in the list: not there, and said so
	status notin | grep -q '^ \]: not in this pane; ? for help' || fail "$size: not in this pane" notin.txt
	status nokey | grep -q '^ x: no such key; ? for help' || fail "$size: no such key" nokey.txt
done

# the hints of the focused pane (where they fit)
printf 'j<Enter>\n:dump ha.txt\n<Tab>\n:dump hn.txt\n<Tab>\n:dump hl.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
status ha | grep -q '\] phrases  c cursor  z zoom' || fail "article hints" ha.txt
status hn | grep -q 'Space mark  Enter open  c edit' || fail "notes hints" hn.txt
status hl | grep -q 'Enter open  / search' || fail "list hints" hl.txt
# the list zoomed stays zoomed on Enter: the article takes the whole frame
printf 'z\nj<Enter>\n:dump zl.txt\n' >keys
GLOSSA_SCRIPT=keys "$GLOSSA" -d db
grep -q '^┌─ Baogang Group' zl.txt || fail "zoom follows the focus" zl.txt

# the panes follow each other: the last note (决战) brings its phrase into
# the article; ] on the first phrase selects its note (Enter reads it)
for size in 80x24 45x12 120x40; do
	printf 'j<Enter>\n<Tab>G\n:dump last.txt\n<BTab>g]\n:dump phrase.txt\n<Tab><Enter>\n:dump its.txt\n' >keys
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	sed -n '/─ Baogang/,/─ Notes/p' last.txt | grep -q '决战' ||
		fail "$size: the article did not follow the note" last.txt
	p=$(status phrase | sed 's/^ \([^ ]*\) — .*/\1/')
	[ -n "$p" ] || fail "$size: no phrase under ]" phrase.txt
	grep -q "^│ $p " its.txt || fail "$size: ] did not select the note of $p" its.txt
done
exit 0
