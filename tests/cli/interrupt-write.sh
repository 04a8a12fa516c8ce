# SIGINT, SIGTERM and SIGHUP in the middle of `glossa backup` and
# `glossa export`: the exit status is 128 + the signal, the message says
# the file was not written, and nothing is left: no temporary file beside
# the target, no directory the archive export created. A backup does not
# replace a file that appears at its target while it copies (no --force).
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

. "$GLOSSA_SRC/tests/cli/articles.lib"
many_articles 3000 # in/a0001.txt .. in/a3000.txt
"$G" -d db import in >/dev/null
# a large archive, for a backup that takes a while: 64 MB of padding
# (SQLite's own tool writes it; without it, 3000 articles)
cp db big.db
if command -v sqlite3 >/dev/null; then
	sqlite3 big.db "INSERT INTO meta VALUES ('pad', zeroblob(64000000))"
fi

# Wait until process $1 catches SIGINT, SIGTERM and SIGHUP.
wait_handlers() {
	i=0
	while [ $i -lt 500 ]; do
		mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null || true)
		[ -n "$mask" ] || fail "process $1 ended before it caught signals"
		[ $((0x$mask & 0x4003)) -eq $((0x4003)) ] && return 0
		sleep 0.01
		i=$((i + 1))
	done
	fail "process $1 never installed its signal handlers"
}

# What is in the directory, but the archives' own -wal and -shm and the
# test's own files.
files() {
	ls -A | grep -v -e '-wal$' -e '-shm$' -e '^before$' -e '^after$' \
		-e '^out$' -e '^err$' | sort
}

# interrupt SIG TARGET COMMAND...: run COMMAND, signal it once it catches
# signals, and check that TARGET was not written and nothing was left.
# A command that finished before the signal came is run again (a few
# times: the signal comes within milliseconds, the work takes longer).
interrupt() {
	sig=$1 target=$2
	shift 2
	files >before
	tries=0
	while :; do
		"$@" >out 2>err &
		pid=$!
		wait_handlers "$pid"
		kill -s "$sig" "$pid"
		wait "$pid" && rc=0 || rc=$?
		[ $rc -eq 0 ] || break
		rm -rf "$target"
		tries=$((tries + 1))
		[ $tries -lt 5 ] || fail "$*: always finished before $sig"
	done
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	[ "$rc" -eq "$want" ] || { cat out err; fail "$* ($sig): exit $rc, expected $want"; }
	grep -qx "interrupted: $target not written" err ||
		grep -qx "interrupted: the export to $target did not finish (a directory it made is removed; files written into one that was there stay)" err ||
		{ cat err; fail "$* ($sig): no 'interrupted: $target not written'"; }
	files >after
	cmp -s before after || { diff before after; fail "$* ($sig): left files"; }
	echo "$* ($sig): exit $rc, nothing left"
}

for sig in INT TERM HUP; do
	interrupt $sig copy.db "$G" -d big.db backup copy.db
	interrupt $sig notes.txt "$G" -d db export --all -o notes.txt
	interrupt $sig outdir "$G" -d db export --format archive --all -o outdir
done
"$G" -d big.db check >out || { cat out; fail "check after the interrupted backups"; }

# A file that appears at the target while the backup copies is not
# replaced without --force.
tries=0
while :; do
	"$G" -d big.db backup copy.db >out 2>err &
	pid=$!
	i=0
	while [ -z "$(ls | grep '^copy\.db\.')" ] && [ $i -lt 1000 ]; do
		sleep 0.005
		i=$((i + 1))
	done
	created=0
	(set -C; echo mine >copy.db) 2>/dev/null && created=1
	wait "$pid" && rc=0 || rc=$?
	[ $created -eq 1 ] && break
	# the backup was quicker: try again
	rm -f copy.db
	tries=$((tries + 1))
	[ $tries -lt 5 ] || fail "the backup always finished first"
done
[ $rc -eq 1 ] || { cat out err; fail "backup over a new file: exit $rc"; }
grep -q "copy.db exists" err || { cat err; fail "backup over a new file: message"; }
[ "$(cat copy.db)" = mine ] || fail "backup replaced a file made meanwhile"
[ -z "$(ls | grep '^copy\.db\.')" ] || { ls; fail "temporary files left"; }
echo "a file made during the backup stays: ok"
