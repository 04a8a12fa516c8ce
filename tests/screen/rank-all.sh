#!/bin/sh
# A word with more matches than the 2000 newest that the first results
# rank: the interface then ranks every match (within rank-time; script
# mode has no limit) and shows the best first, the oldest article here;
# with rank-time 0 the title says that only the 2000 newest are ranked.
# Paging down the whole ranking reads every match once.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1"; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
drums_articles
"$GLOSSA" -d db import in >/dev/null
: >none.conf
printf 'set rank-time 0\n' >zero.conf

printf '/drums<Enter>\n:dump all.txt\nG\n:dump end.txt\n' >keys
GLOSSA_CONFIG=none.conf GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
head -n 1 all.txt | grep -qF 'drums (2100)' || fail "every match ranked: the title" all.txt
grep -q 'Results (2100)' all.txt || fail "every match ranked: the pane title" all.txt
grep -A1 'Results (2100)' all.txt | grep -q 'Drums drums' ||
	fail "every match ranked: the oldest, best match is not first" all.txt
last all.txt | grep -q '2100 articles found, the best first' ||
	fail "every match ranked: the message" all.txt
# the end of the ranking: the worst match, read as a page of the whole
# ranking (not the 2000 newest's)
grep -q 'Article 2 ' end.txt || fail "G: the last of the whole ranking" end.txt

printf '/drums<Enter>\n:dump newest.txt\n' >keys
GLOSSA_CONFIG=zero.conf GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
head -n 1 newest.txt | grep -qF 'drums (2100, 2000 newest ranked)' ||
	fail "rank-time 0: the title" newest.txt
grep -q 'Results (2100, 2000 newest ranked)' newest.txt ||
	fail "rank-time 0: the pane title" newest.txt
grep -A1 'Results (2100' newest.txt | grep -q 'Drums drums' &&
	fail "rank-time 0: article 1 (not among the 2000 newest) first" newest.txt
last newest.txt | grep -q '^ 2100 articles found; the 2000 newest ranked  ' ||
	fail "rank-time 0: the message" newest.txt

# filters alone come in list order: no ranking, and the title and the
# message say so, with rank-time 0 too
printf '/is:unread<Enter>\n:dump filters.txt\n' >keys
GLOSSA_CONFIG=zero.conf GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
head -n 1 filters.txt | grep -qF 'is:unread (2100)' || fail "is:unread: the title" filters.txt
last filters.txt | grep -q '^ 2100 articles found  ' || fail "is:unread: the message" filters.txt

# without the searcher's thread, the same: ranked when no key waits
printf '/drums<Enter>\n:dump nothread.txt\n' >keys
GLOSSA_TEST_NO_SEARCH_THREAD=1 GLOSSA_CONFIG=none.conf GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
grep -A1 'Results (2100)' nothread.txt | grep -q 'Drums drums' ||
	fail "without the thread: the best match is not first" nothread.txt
