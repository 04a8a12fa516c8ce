# glossa search and glossa list QUERY rank every match within rank-time
# (1000 ms by default), so that the best match of a common word comes
# first however old it is; with rank-time 0 (or past it) only the 2000
# newest are ranked, and the command says so on standard error.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
drums_articles # in/a0001.txt .. in/a2100.txt, article 1 the best match
"$G" -d db import in >/dev/null

: >none.conf
printf 'set rank-time 0\n' >zero.conf

GLOSSA_CONFIG=none.conf "$G" -d db search --tsv --limit 3 drums >all.out 2>all.err
[ "$(head -1 all.out | cut -f1)" = 1 ] || { cat all.out; fail "every match ranked: article 1 is not first"; }
[ ! -s all.err ] || { cat all.err; fail "every match ranked: a notice"; }

GLOSSA_CONFIG=zero.conf "$G" -d db search --tsv --limit 3 drums >newest.out 2>newest.err
[ "$(head -1 newest.out | cut -f1)" != 1 ] || fail "rank-time 0: article 1 first (it is not among the 2000 newest)"
grep -qx 'glossa: ranked the 2000 newest of 2100 matches (rank-time is 0); the older ones follow them, newest first' newest.err ||
	{ cat newest.err; fail "rank-time 0: no notice"; }

# a query of fewer matches is ranked whole, with no notice either way
GLOSSA_CONFIG=zero.conf "$G" -d db search --tsv '"article 7,"' >few.out 2>few.err
[ "$(cut -f1 few.out)" = 7 ] || { cat few.out; fail "a phrase of one match"; }
[ ! -s few.err ] || { cat few.err; fail "a query of one match: a notice"; }

# glossa list QUERY pages through every match, pages of 512 of the one
# ranking (as search --limit 0 orders them), or of the newest 2000 ranked
GLOSSA_CONFIG=none.conf "$G" -d db list --tsv --limit 0 drums >list.out 2>list.err
[ "$(wc -l <list.out)" -eq 2100 ] || fail "list: $(wc -l <list.out) rows"
[ "$(sort -n list.out | cut -f1 | uniq | wc -l)" -eq 2100 ] || fail "list: a row twice"
[ "$(head -1 list.out | cut -f1)" = 1 ] || fail "list: article 1 is not first"
[ ! -s list.err ] || { cat list.err; fail "list, every match ranked: a notice"; }
GLOSSA_CONFIG=none.conf "$G" -d db search --tsv --limit 0 drums >search.out
[ "$(cut -f1 list.out)" = "$(cut -f1 search.out)" ] || fail "list: not search's order"
GLOSSA_CONFIG=zero.conf "$G" -d db list --tsv --limit 0 drums >list.out 2>list.err
[ "$(sort -n list.out | cut -f1 | uniq | wc -l)" -eq 2100 ] || fail "list, rank-time 0: not every row once"
[ "$(head -1 list.out | cut -f1)" != 1 ] || fail "list, rank-time 0: article 1 first"
grep -qx 'glossa: ranked the 2000 newest of 2100 matches (rank-time is 0); the older ones follow them, newest first' list.err ||
	{ cat list.err; fail "list, rank-time 0: no notice"; }
echo "search and list: article 1 first with every match ranked; notices with rank-time 0"

# filters alone are listed in list order: nothing ranked, no notice
GLOSSA_CONFIG=none.conf "$G" -d db list --tsv --limit 3 is:unread >f.out 2>f.err
[ "$(wc -l <f.out)" -eq 3 ] && [ ! -s f.err ] || { cat f.err; fail "list is:unread: a notice"; }
GLOSSA_CONFIG=zero.conf "$G" -d db search --tsv --limit 3 is:unread >f.out 2>f.err
[ "$(head -1 f.out | cut -f1)" = 2100 ] && [ ! -s f.err ] ||
	{ cat f.out f.err; fail "search is:unread, rank-time 0: a notice, or not in list order"; }
GLOSSA_CONFIG=zero.conf "$G" -d db search --tsv --limit 3 -- -nothing >f.out 2>f.err
[ ! -s f.err ] || { cat f.err; fail "search -nothing: a notice"; }
echo "filters alone: list order, no notice"
