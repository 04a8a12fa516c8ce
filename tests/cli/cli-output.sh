# The CLI's small promises: an empty archive path is refused (it was
# SQLite's temporary database: exit 0 and the article gone); a write
# error on stdout names stdout and its real cause; glossary --limit
# limits; counts in messages agree with their nouns (1 note, 2 notes).
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

printf 'Title: One\nGloss: body | the body\n\nThe body.\n' >one.txt
printf 'Title: Two\nGloss: alpha | a\nGloss: beta | b\n\nalpha beta gamma.\n' >two.txt

# --- an empty archive path
for opt in "-d" "--db="; do
	if [ "$opt" = "-d" ]; then set -- -d ""; else set -- --db=; fi
	"$G" "$@" import one.txt >out 2>err && rc=0 || rc=$?
	[ "$rc" -eq 2 ] || { cat out err; fail "$opt '': exit $rc"; }
	grep -q 'empty' err || { cat err; fail "$opt '': message"; }
	"$G" "$@" list >out 2>err && rc=0 || rc=$?
	[ "$rc" -eq 2 ] || fail "$opt '' list: exit $rc"
done
# An empty $GLOSSA_DB counts as unset: the default archive.
GLOSSA_DB= "$G" import one.txt >out 2>err || { cat err; fail "GLOSSA_DB='': exit $?"; }
[ -f "$XDG_DATA_HOME/glossa/archive.db" ] || fail "GLOSSA_DB='': not the default archive"

# --- plurals
"$G" -d db import one.txt two.txt >out 2>err || { cat err; fail "import: exit $?"; }
grep -qx 'imported one.txt (id 1, 1 note)' out || { cat out; fail "1 note"; }
grep -qx 'imported two.txt (id 2, 2 notes)' out || { cat out; fail "2 notes"; }
"$G" -d db export --article 1 --output one.md --format markdown >out ||
	fail "export: exit $?"
grep -qx 'exported 1 note to one.md' out || { cat out; fail "exported 1 note"; }
"$G" -d db export --output all.txt >out || fail "export all: exit $?"
grep -qx 'exported 3 notes to all.txt' out || { cat out; fail "exported 3 notes"; }
"$G" -d db1 import one.txt >/dev/null
"$G" -d db1 check >out || fail "check: exit $?"
grep -qx 'db1: 1 article: ok' out || { cat out; fail "check: 1 article"; }
"$G" -d db check >out || fail "check: exit $?"
grep -qx 'db: 2 articles: ok' out || { cat out; fail "check: 2 articles"; }

# --- glossary --limit
[ "$("$G" -d db glossary | wc -l)" -eq 3 ] || fail "glossary: not 3 phrases"
"$G" -d db glossary --limit 2 >out || fail "glossary --limit 2: exit $?"
[ "$(wc -l <out)" -eq 2 ] || { cat out; fail "glossary --limit 2: $(wc -l <out) lines"; }
grep -q '^alpha — a  \[1 gloss, 1 article\]$' out || { cat out; fail "glossary --limit 2: first"; }
[ "$("$G" -d db glossary --limit 0 --tsv | wc -l)" -eq 3 ] || fail "glossary --limit 0"
[ "$("$G" -d db glossary --tsv --limit 1 a | wc -l)" -eq 1 ] || fail "glossary --limit 1 FILTER"
"$G" -d db glossary --limit x >out 2>err && rc=0 || rc=$?
[ "$rc" -eq 2 ] || fail "glossary --limit x: exit $rc"

# --- a full stdout: the error names stdout and says why
if [ -w /dev/full ]; then
	. "$GLOSSA_SRC/tests/cli/articles.lib"
	many_articles 300
	"$G" -d db import in >/dev/null
	for c in "list" "list --limit 0 --tsv" "notes" "show 1" "search body" \
		"glossary" "export" "export --format anki" "check"; do
		# shellcheck disable=SC2086
		"$G" -d db $c >/dev/full 2>err && rc=0 || rc=$?
		[ "$rc" -eq 1 ] || { cat err; fail "$c >/dev/full: exit $rc"; }
		grep -qx 'glossa: error writing to standard output: No space left on device' err ||
			{ cat err; fail "$c >/dev/full: message"; }
	done
fi
echo ok
