# SIGKILL in the middle of an import, ten times: each time the archive
# afterwards passes `glossa check` (SQLite's and FTS5's integrity checks)
# and holds no partial article: every article has exactly the glosses of
# its file and its body. The archive is kept from round to round; round 0
# imports half the files whole, so that the kills hit updates in place as
# well as inserts (a batch of GLOSSA_IMPORT_BATCH_FILES or 10 s is more
# than a round lasts, so a round alone would commit nothing).
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
many_articles 5000 # in/a0001.txt .. in/a5000.txt

seed=${KILL9_SEED:-$$}
echo "seed $seed (KILL9_SEED=$seed to repeat)"
delays=$(awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 10; i++)
	printf "%.3f ", 0.02 + rand() * 0.3 }')

mkdir half
ls in | head -n 2500 | while read -r f; do cp "in/$f" half/; done
"$G" -d db import half >/dev/null
[ "$("$G" -d db list --limit 0 --tsv | wc -l)" -eq 2500 ] ||
	fail "round 0: not 2500 articles"

mid=0
round=0
for d in $delays; do
	round=$((round + 1))
	"$G" -d db import in >out 2>err &
	pid=$!
	sleep "$d"
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null && rc=0 || rc=$?
		[ "$rc" -eq 137 ] && mid=$((mid + 1))
	else
		wait "$pid" || { cat err; fail "round $round: import failed"; }
	fi
	"$G" -d db check >check.out 2>&1 ||
		{ cat check.out; fail "round $round (kill after ${d}s): check"; }
	# every article: its glosses, as many as its file has
	"$G" -d db list --limit 0 --tsv >list
	"$G" -d db notes --tsv >notes
	awk -F'\t' 'FNR == NR { n[$2]++; next }
		{ split($4, w, " "); i = w[2]
		  if (n[$1] != i % 5 + 1) { print "article " i " has " n[$1] + 0 " glosses"; bad = 1 } }
		END { exit bad }' notes list ||
		fail "round $round (kill after ${d}s): partial article"
	# and its body: the archive format export gives back each article
	rm -rf exp
	"$G" -d db export --format archive --all --output exp >/dev/null
	articles=$(wc -l <list)
	bodies=$(cat exp/* 2>/dev/null | grep -c '^body[0-9]* 词1 词2 词3 词4 词5 end\.$' || true)
	[ "$articles" -eq "$bodies" ] ||
		fail "round $round: $articles articles but $bodies bodies"
	echo "round $round: killed after ${d}s, $articles articles, check ok"
done
echo "$mid of 10 rounds killed the import mid-way"
[ "$mid" -ge 3 ] || fail "too few rounds hit a running import ($mid)"
