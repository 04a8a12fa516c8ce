#!/bin/sh
# A long article is laid out a chunk at a time (each ends at a newline of
# the body), the rest when no key waits. Its phrases (own and elsewhere,
# overlapping), translations in place, query matches, tabs and a long
# paragraph with no newline must come out as if the body were laid out
# whole, and keys that arrive before the layout is complete (one script
# line: no idle time between them) must give the screens they give once
# it is complete (one key a line). Script mode.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }

# about 90 KB: 700 short paragraphs that start with a query match and end
# with a glossed phrase (so both sit at the edges of chunks), and near the
# end one of 18 KB with no newline
awk 'BEGIN {
	printf "Title: A long article\nDate: 2030-01-01\n"
	printf "Gloss: 稀土战略 | strategic rare earths\n"
	printf "Gloss: 战略 | strategy\n\n"
	for (i = 1; i <= 700; i++) {
		if (i == 690) {
			for (k = 0; k < 400; k++)
				printf "Fox 长段落 擂响战鼓再出发 %d, ", k
			printf "\n\n"
			continue
		}
		printf "Fox %d 第%d段：稀土战略是关键。The quick brown fox " \
		       "擂响战鼓 again,\tand 稀土战略\n\n", i, i
	}
	printf "The end 稀土战略"
}' >big.txt
cat >other.txt <<'EOT'
Title: Other
Date: 2029-01-01
Gloss: 擂响战鼓 | beat the war drums
Gloss: 稀土 | rare earths

擂响战鼓 稀土
EOT
"$GLOSSA" -d db import other.txt big.txt >/dev/null
[ "$(wc -c <big.txt)" -gt 80000 ]
# the same archive with a gloss whose phrase holds a newline (and is not
# in the body): the body is then laid out in one piece
cp db whole.db
id=$("$GLOSSA" -d whole.db list --tsv | awk -F '\t' '$0 ~ /A long article/ { print $1 }')
"$GLOSSA" -d whole.db gloss --detached "$id" "$(printf 'zz\nzz')" never >/dev/null

# The same keys, several a line (lazy.keys) and one a line (eager.keys),
# with a dump after each line of lazy.keys.
cat >steps <<'EOT'
<Enter><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn>
t]]]]
t<PgDn><PgDn>]]
ttG
t[[[
t<PgUp><PgUp><PgUp><PgUp>[
tcjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj
twwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww
tvlllllll
<Esc><Esc>t/fox<Enter>
tg<Enter>nnnnn
tGN
tggnnn
tG<PgUp><PgUp><PgUp><PgUp><PgUp><PgUp>]
EOT
n=0
: >lazy.keys
: >eager.keys
: >whole.keys
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n:dump lazy%d.txt\n' "$line" $n >>lazy.keys
	# one key a line
	printf '%s\n' "$line" |
		sed 's/\(<[^>]*>\|[^<]\)/\1\n/g' |
		grep -v '^$' >>eager.keys
	printf ':dump eager%d.txt\n' $n >>eager.keys
	printf '%s\n:dump whole%d.txt\n' "$line" $n >>whole.keys
done <steps
for size in 80x24 100x30; do
	mkdir -p e
	cp db e/db
	GLOSSA_SCRIPT=lazy.keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	GLOSSA_SCRIPT=eager.keys GLOSSA_SIZE=$size "$GLOSSA" -d e/db
	GLOSSA_SCRIPT=whole.keys GLOSSA_SIZE=$size "$GLOSSA" -d whole.db
	i=1
	while [ $i -le $n ]; do
		cmp -s lazy$i.txt eager$i.txt ||
			fail "$size: step $i differs with one key a line" \
				lazy$i.txt eager$i.txt
		# the article pane and the status line; the notes differ
		for f in lazy whole; do
			sed -n '/^├─ A long article/,/^├─ Notes/p' $f$i.txt |
				sed '$d' >$f$i.pane
			tail -n 1 $f$i.txt >>$f$i.pane
		done
		[ -s lazy$i.pane ] && cmp -s lazy$i.pane whole$i.pane ||
			fail "$size: step $i differs laid out whole" \
				lazy$i.txt whole$i.txt
		i=$((i + 1))
	done
	# the end of the text, its translation in place
	grep -q 'The end 稀土战略〔strategic rare earths〕' lazy4.txt ||
		fail "$size: G does not show the end" lazy4.txt
	# every match counted: n/N need the whole text
	matches=$(grep -o -i fox big.txt | wc -l)
	last lazy11.txt | grep -q "^match 5 of $matches " ||
		fail "$size: n ($matches matches)" lazy11.txt
	last lazy12.txt | grep -q "^match [0-9]* of $matches " ||
		fail "$size: G N" lazy12.txt
	# the phrase cursor on the gloss elsewhere inside the long paragraph
	last lazy14.txt | grep -q '^擂响战鼓 — beat the war drums (glossed in: Other)$' ||
		fail "$size: ] in the long paragraph" lazy14.txt
	# the character cursor went past the first chunk
	last lazy7.txt | grep -q '^cursor at [0-9]* ' || fail "$size: c j" lazy7.txt
	[ "$(last lazy7.txt | sed 's/cursor at \([0-9]*\).*/\1/')" -gt 1000 ] ||
		fail "$size: cursor not far down" lazy7.txt
done
