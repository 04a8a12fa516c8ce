# export and backup write a file the one safe way (storage/atomic.c): an
# existing file is refused without --force and replaced with it, the new
# file has the mode any new file gets (0666 less the umask, here 027; a
# backup used to be 0600), and a failure leaves no temporary file.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }
# No temporary file beside $1 (path.XXXXXX).
no_temp() { [ -z "$(ls -a | grep -F "$1." || true)" ] || { ls -a; fail "temporary file beside $1"; }; }

printf 'Title: One\nGloss: word | a gloss\n\na word here.\n' >one.txt
"$G" -d db import one.txt >/dev/null
umask 027

for cmd in export backup; do
	if [ $cmd = export ]; then
		run() { "$G" -d db export --output "$@"; }
	else
		run() { "$G" -d db backup "$@"; }
	fi
	# a new file: the mode of a new file under the umask
	run new.$cmd >out 2>err || { cat err; fail "$cmd to a new file"; }
	[ "$(stat -c %a new.$cmd)" = 640 ] ||
		fail "$cmd: mode $(stat -c %a new.$cmd), not 640 (0666 less umask 027)"
	no_temp new.$cmd
	# an existing file: refused without --force, left as it was
	echo mine >old.$cmd
	chmod 600 old.$cmd
	set +e
	run old.$cmd >out 2>err; rc=$?
	set -e
	[ $rc -eq 1 ] || fail "$cmd over a file without --force: exit $rc"
	has "old.$cmd exists" err
	has "--force" err
	[ "$(cat old.$cmd)" = mine ] || fail "$cmd replaced a file without --force"
	no_temp old.$cmd
	# with --force: replaced, by a new file (its mode too)
	if [ $cmd = export ]; then
		run old.$cmd --force >out 2>err || { cat err; fail "$cmd --force"; }
	else
		run --force old.$cmd >out 2>err || { cat err; fail "$cmd --force"; }
	fi
	[ "$(cat old.$cmd)" != mine ] || fail "$cmd --force did not replace"
	[ "$(stat -c %a old.$cmd)" = 640 ] || fail "$cmd --force: mode $(stat -c %a old.$cmd)"
	no_temp old.$cmd
	# the process umask is the user's, after as before: a file made
	# after the command (same shell) has the usual mode
	: >after.$cmd
	[ "$(stat -c %a after.$cmd)" = 640 ] || fail "umask changed"
done
"$G" -d new.backup check >/dev/null || fail "the backup does not check"
has "a gloss" new.export

# A failure after the temporary file was made: nothing is left behind.
set +e
"$G" -d db export --output gone.txt --article 999 >out 2>err; rc=$?
set -e
[ $rc -eq 1 ] || { cat err; fail "export of a missing article: exit $rc"; }
[ ! -e gone.txt ] || fail "gone.txt written"
no_temp gone.txt
# a backup into a directory it cannot write (not as root: root can)
if [ "$(id -u)" != 0 ]; then
	mkdir ro && chmod 500 ro
	set +e
	"$G" -d db backup ro/copy.db >out 2>err; rc=$?
	set -e
	[ $rc -eq 1 ] || fail "backup into a read-only directory: exit $rc"
	[ -z "$(ls -a ro | grep -v '^\.\.\?$' || true)" ] || fail "files left in ro/"
fi
# never over the archive itself, nor its log, even with --force
for what in "export --all --force -o db" "export --all --force -o db-wal" \
	"backup --force db"; do
	set +e
	"$G" -d db $what >out 2>err; rc=$?
	set -e
	[ $rc -ne 0 ] || fail "$what: exit 0"
	grep -q 'give the path of a new file elsewhere' err ||
		fail "$what: $(cat err)"
	"$G" -d db check >/dev/null || fail "$what: the archive is damaged"
done
echo ok
