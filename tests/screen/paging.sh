#!/bin/sh
# The list reads pages around the cursor (keyset by date and id): with 300
# articles, G, PgUp, g, j and k land on the right rows and positions.
set -eu
mkdir arts
i=1
while [ "$i" -le 300 ]; do
	d=$(printf '2020-%02d-%02d' $((i % 12 + 1)) $((i % 28 + 1)))
	printf 'Title: article %03d\nDate: %s\n\nbody %d\n' "$i" "$d" "$i" \
		>arts/a$i.txt
	i=$((i + 1))
done
"$GLOSSA" -d db import arts >/dev/null
"$GLOSSA" -d db list --limit 0 >list.txt

# the list pane is 5 rows at 80x24: PgUp moves 4
js=$(i=0; while [ $i -lt 150 ]; do printf j; i=$((i + 1)); done)
cat >keys <<EOT
G
:dump last.txt
<PgUp><PgUp><PgUp><PgUp><PgUp><PgUp><PgUp><PgUp><PgUp><PgUp>
:dump up.txt
g
:dump first.txt
$js
k
:dump mid.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
tail -n 1 last.txt | grep -q 'article 300 of 300'
tail -n 1 up.txt | grep -q 'article 260 of 300'
tail -n 1 first.txt | grep -q 'article 1 of 300'
tail -n 1 mid.txt | grep -q 'article 150 of 300'
# the selected article's title is in the article pane's border, and the
# row order is the list order of the CLI (date, then id, descending)
title() { sed -n 's/^├─ \(article [0-9]*\) ─.*/\1/p' "$1" | head -n 1; }
[ -n "$(title last.txt)" ]
[ "$(wc -l <list.txt)" -eq 300 ] || { echo "glossa list gave $(wc -l <list.txt) rows"; exit 1; }
for f in last:300 up:260 first:1 mid:150; do
	n=${f#*:}
	sed -n "${n}p" list.txt | grep -q "$(title ${f%:*}.txt)" || {
		echo "row $n: $(title ${f%:*}.txt) is not line $n of glossa list"
		exit 1
	}
done
