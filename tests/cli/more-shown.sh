# list and search say on standard error that more exist than shown,
# when standard output is a terminal: "50 of 1,234 shown; --limit 0 for
# all" (thousands with commas); nothing when all are shown, nothing when
# standard output is a file or a pipe.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 0; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
many_articles 1234
"$G" -d db import in >/dev/null

# on_tty CMD: run CMD with standard output on a terminal, its standard
# error (only) into err.txt
on_tty() {
	TERM=xterm script -qec "$* 2>err.txt" /dev/null >/dev/null </dev/null
}

on_tty "$G" -d db list
grep -qx '50 of 1,234 shown; --limit 0 for all.\{0,1\}' err.txt ||
	{ cat err.txt; fail "list: no '50 of 1,234 shown'"; }
on_tty "$G" -d db list --limit 7
grep -q '^7 of 1,234 shown; --limit 0 for all' err.txt ||
	{ cat err.txt; fail "list --limit 7"; }
on_tty "$G" -d db list --limit 0
[ ! -s err.txt ] || { cat err.txt; fail "list --limit 0 said something"; }
on_tty "$G" -d db list --limit 1234
[ ! -s err.txt ] || { cat err.txt; fail "list of all said something"; }

on_tty "$G" -d db search end
grep -q '^20 of 1,234 shown; --limit 0 for all' err.txt ||
	{ cat err.txt; fail "search: no '20 of 1,234 shown'"; }
on_tty "$G" -d db search --limit 3 end
grep -q '^3 of 1,234 shown; --limit 0 for all' err.txt ||
	{ cat err.txt; fail "search --limit 3"; }
on_tty "$G" -d db search body17
[ ! -s err.txt ] || { cat err.txt; fail "search with all shown said something"; }

# not a terminal: nothing on standard error
"$G" -d db list >out.txt 2>err.txt
[ ! -s err.txt ] || { cat err.txt; fail "list to a file said something"; }
[ "$(wc -l <out.txt)" -eq 50 ] || fail "list to a file: not 50 rows"
"$G" -d db search end 2>err.txt | cat >/dev/null
[ ! -s err.txt ] || { cat err.txt; fail "search to a pipe said something"; }
echo ok
