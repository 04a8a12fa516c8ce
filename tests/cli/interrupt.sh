# SIGINT, SIGTERM and SIGHUP in the middle of an import: the file being
# imported is rolled back ("interrupted: PATH not imported"), the files
# before it stay, the exit status is 128 + the signal, and the archive
# passes `glossa check` with exactly the articles reported imported.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
many_articles 5000 # in/a0001.txt .. in/a5000.txt

# Wait until process $1 catches SIGINT, SIGTERM and SIGHUP, so
# that a signal sent under load never arrives before them.
wait_handlers() {
	i=0
	while [ $i -lt 500 ]; do
		mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
		[ -n "$mask" ] && [ $((0x$mask & 0x4003)) -eq $((0x4003)) ] && return 0
		sleep 0.01
		i=$((i + 1))
	done
	fail "process $1 never installed its signal handlers"
}

seed=${INTERRUPT_SEED:-$$}
echo "seed $seed"
set -- $(awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 6; i++)
	printf "%.3f ", 0.03 + rand() * 0.12 }')
round=0
for sig in INT TERM HUP INT TERM HUP; do
	round=$((round + 1))
	d=$1
	shift
	rm -f db db-wal db-shm
	"$G" -d db import in >out 2>err &
	pid=$!
	wait_handlers "$pid"
	sleep "$d"
	kill -s "$sig" "$pid"
	wait "$pid" && rc=0 || rc=$?
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	[ "$rc" -eq "$want" ] || { tail -3 out err; fail "$sig: exit $rc, expected $want"; }
	grep -q '^interrupted: in/a[0-9]*\.txt not imported$' err ||
		{ cat err; fail "$sig: no 'interrupted: PATH not imported'"; }
	[ "$(grep -c '^interrupted' err)" -eq 1 ] || fail "$sig: one message"
	stopped=$(sed -n 's/^interrupted: in\/a0*\([0-9]*\)\.txt not imported$/\1/p' err)
	reported=$(grep -c '^imported ' out || true)
	tail -1 out | grep -qx "$reported imported, 0 updated, 0 failed" ||
		{ tail -1 out; fail "$sig: summary"; }
	"$G" -d db check >check.out 2>&1 || { cat check.out; fail "$sig: check"; }
	"$G" -d db list --limit 0 --tsv >list
	[ "$(wc -l <list)" -eq "$reported" ] ||
		fail "$sig: $(wc -l <list) articles, $reported reported"
	! grep -q "	Article $stopped\$" list ||
		fail "$sig: article $stopped was imported after all"
	[ "$reported" -eq $((stopped - 1)) ] ||
		fail "$sig: stopped at $stopped after $reported"
	echo "$sig after ${d}s: $reported imported, stopped at $stopped, exit $rc"
done

# One large file (30 MB of words, most of a second to index): SIGINT
# stops it whichever step it is in, and nothing of it is stored.
rm -f db db-wal db-shm
"$G" -d db import in/a0001.txt >/dev/null
{ printf 'Title: Large\n\n'; yes 'word' | head -c 30000000 | tr '\n' ' '; } >large.txt
"$G" -d db import large.txt >out 2>err &
pid=$!
wait_handlers "$pid"
sleep 0.25
kill -s INT "$pid"
wait "$pid" && rc=0 || rc=$?
[ "$rc" -eq 130 ] || { cat out err; fail "large file: exit $rc"; }
grep -qx 'interrupted: large.txt not imported' err || { cat err; fail "large file: message"; }
"$G" -d db check >check.out 2>&1 || { cat check.out; fail "large file: check"; }
[ "$("$G" -d db list --limit 0 --tsv | wc -l)" -eq 1 ] || fail "large file: stored"
echo "large file: interrupted, not stored"
