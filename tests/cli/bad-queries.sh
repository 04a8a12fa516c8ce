# Bad queries through `glossa search`: every input SEARCH.md lists as an
# FTS5 error in SQLite 3.40.1, empty and blank queries, punctuation only,
# a single CJK character, a 10,000-term query. None is an error from
# SQLite: exit 0 and nothing from FTS5 or SQL on stderr; only a malformed
# date, an unknown in: or an unknown field is refused, in words, with
# exit 1.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

"$G" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null

# fine QUERY...: exit 0, no SQLite words on stderr
fine() {
	set +e
	"$G" -d db search --limit 0 "$@" >out 2>err
	rc=$?
	set -e
	q=$(printf '%s' "$*" | cut -c1-60)
	[ $rc -eq 0 ] || { head -c 500 err; fail "search '$q': exit $rc"; }
	! grep -qi "fts5\|sql\|syntax\|no such column\|malformed" err ||
		{ head -c 500 err; fail "search '$q': SQLite's words"; }
}

for q in '"hello' 'AND' 'NOT x' 'x OR' '(x' ':x' 'C++' '+x' 'a.b' '100%' \
	"it's" '*' '-hello' 'e-mail' '"foo:bar"' 'OR' 'NEAR(a b)' '"' '""' \
	'^x' '{title}: x' 'title:' 'x*y' '- -' '\' 'NOT' 'AND OR NOT' \
	'title:"unterminated' 'in:notes' '稀土 OR' '(稀土' 'https://x.org/a' \
	'08:30' 'x2:y' 'Note:'; do
	fine "$q"
done
fine -- '--x'
# empty and blank: everything
fine ''
[ "$(wc -l <out)" -ge 7 ] || fail "an empty query lists the archive"
fine '   '
fine '	'
# punctuation only
fine '!!! ??? ... ,,, ;;; ()[]{}'
fine '。，、；：？！“”'
# a single CJK character finds it anywhere
fine 决
grep -q "Baogang" out || fail "决 finds the Baogang article"
fine 稀
[ -s out ] || fail "稀 finds something"
# 10,000 terms (ORed and ANDed): an answer, quickly
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "w%d ", i }' >q10k
fine "$(cat q10k)"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%sw%d", i ? " OR " : "", i }' >q10k-or
fine "$(cat q10k-or) baogang"
# 10,000 CJK words (70 KB, near the limit of one argument), and a word
# repeated 10,000 times: FTS5 takes time quadratic in repeated matching
# terms (minutes for these), so they count once.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "稀土 " }' >q70k
t0=$(date +%s)
fine "$(cat q70k)"
grep -q "Baogang\|稀土" out || fail "稀土 x 10,000 finds nothing"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "rare earth " }' >q-rare
fine "$(cat q-rare)"
t1=$(date +%s)
[ $((t1 - t0)) -lt 10 ] || fail "repeated terms took $((t1 - t0)) s"

# refused in words
for q in after:yesterday before:2025-13 in:nowhere foo:bar -url:x; do
	set +e
	"$G" -d db search "$q" >out 2>err
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat err; fail "search '$q': exit $rc, expected 1"; }
	[ -s err ] || fail "search '$q': no message"
	! grep -qi "fts5\|sql" err || { cat err; fail "search '$q': SQLite's words"; }
done
"$G" -d db search foo:bar 2>err && fail "foo:bar"
grep -q "unknown field foo: the fields are title:, source:, author:" err ||
	{ cat err; fail "foo:bar: the message names the fields"; }
# an option search does not have is not a query ("--sort" was the
# exclusion of "sort"); a word after -- is
set +e
"$G" -d db search --sort date drums >out 2>err
rc=$?
set -e
[ $rc -eq 2 ] || { cat out err; fail "search --sort: exit $rc, expected 2"; }
grep -q 'unknown option --sort' err || { cat err; fail "search --sort: the message"; }
[ ! -s out ] || fail "search --sort: results"
"$G" -d db search -- --sort >/dev/null || fail "search -- --sort"
"$G" -d db check >/dev/null || fail "check"
echo ok
