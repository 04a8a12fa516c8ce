# SIGINT, SIGTERM and SIGHUP in the middle of an import: the open batch
# is rolled back, not imported again ("interrupted: PATH and the files
# after it not imported (N files rolled back)"), what was committed
# stays, glossa exits at once with 128 + the signal, and the archive
# passes `glossa check` with exactly the articles reported imported.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
many_articles 9999 # in/a0001.txt .. in/a9999.txt
# A file refused before anything is written commits the batch before it
# (else a batch is GLOSSA_IMPORT_BATCH_FILES files or 10 s of work).
printf 'not\000text\n' >in/a0500.txt

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

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Send signal $1 to process $2 and wait for it: sets rc, and fails if
# it took 5 s or more to exit (only a hang takes that long; it used to
# import a rolled-back batch's files again one by one: 69 s for 12 000).
stop() {
	t0=$(now_ms)
	kill -s "$1" "$2"
	wait "$2" && rc=0 || rc=$?
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 5000 ] || fail "$1: exit took $ms ms"
}

# After an interrupted import of in/ with out and err: the message, the
# summary, `glossa check`, and the archive holds exactly the articles
# reported imported, the files before the first one not imported.
# $1 names the case.
check_stopped() {
	failed=$(grep -c '^in/a[0-9]*\.txt: ' err || true)
	grep -Eq '^interrupted: in/a[0-9]+\.txt and the files after it not imported( \([0-9]+ files? rolled back\))?$' err ||
		{ cat err; fail "$1: no 'interrupted: PATH and the files after it not imported'"; }
	[ "$(grep -c '^interrupted' err)" -eq 1 ] || { cat err; fail "$1: one message"; }
	first=$(sed -n 's/^interrupted: in\/a0*\([0-9]*\)\.txt .*/\1/p' err)
	reported=$(grep -c '^imported ' out || true)
	tail -1 out | grep -qx "$reported imported, 0 updated, $failed failed" ||
		{ tail -1 out; fail "$1: summary"; }
	"$G" -d db check >check.out 2>&1 || { cat check.out; fail "$1: check"; }
	"$G" -d db list --limit 0 --tsv | cut -f4 | sed 's/^Article //' |
		sort -n >in-archive
	sed -n 's/^imported in\/a0*\([0-9]*\)\.txt .*/\1/p' out | sort -n >said
	cmp -s in-archive said ||
		fail "$1: $(wc -l <in-archive) articles, $reported reported"
	[ "$reported" -eq $((first - 1 - failed)) ] ||
		fail "$1: first not imported $first, after $reported imported"
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
	stop "$sig" "$pid"
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	[ "$rc" -eq "$want" ] || { tail -3 out err; fail "$sig: exit $rc, expected $want"; }
	check_stopped "$sig"
	echo "$sig after ${d}s: $reported imported, stopped at $first, exit $rc in $ms ms"
done

# A batch committed, then Ctrl-C while the next holds some thousand
# files: the first stays, the second goes back whole, at once.
rm -f db db-wal db-shm
"$G" -d db import in >out 2>err &
pid=$!
wait_handlers "$pid"
i=0
until grep -q '^in/a0500.txt: ' err; do
	[ $i -lt 3000 ] || fail "committed batch: no message for in/a0500.txt"
	sleep 0.01
	i=$((i + 1))
done
sleep 0.3 # a thousand files or more into the next batch
stop INT "$pid"
[ "$rc" -eq 130 ] || { tail -3 out err; fail "committed batch: exit $rc (finished before the signal?)"; }
check_stopped "committed batch"
[ "$reported" -eq 499 ] || fail "committed batch: $reported imported, not 499"
back=$(sed -n 's/.*(\([0-9]*\) files\{0,1\} rolled back)$/\1/p' err)
echo "committed batch: $reported imported, $back rolled back, exit in $ms ms"

# One large file (30 MB of words, most of a second to index): SIGINT
# stops it whichever step it is in, and nothing of it is stored.
rm -f db db-wal db-shm
"$G" -d db import in/a0001.txt >/dev/null
{ printf 'Title: Large\n\n'; yes 'word' | head -c 30000000 | tr '\n' ' '; } >large.txt
"$G" -d db import large.txt >out 2>err &
pid=$!
wait_handlers "$pid"
sleep 0.25
stop INT "$pid"
[ "$rc" -eq 130 ] || { cat out err; fail "large file: exit $rc"; }
grep -qx 'interrupted: large.txt and the files after it not imported (1 file rolled back)' err ||
	{ cat err; fail "large file: message"; }
"$G" -d db check >check.out 2>&1 || { cat check.out; fail "large file: check"; }
[ "$("$G" -d db list --limit 0 --tsv | wc -l)" -eq 1 ] || fail "large file: stored"
echo "large file: interrupted, not stored"
