#!/bin/sh
# SIGINT, SIGTERM or SIGHUP during `glossa dict import`: it stops at once
# with 128 + the signal, says "interrupted: ... not written", and the
# user's dictionary is as it was, with no file left beside it: while it
# reads standard input (a pipe that never ends), and while it builds
# (a large file).
set -eu
G=$GLOSSA
fail() { echo "$1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
user=$XDG_DATA_HOME/glossa/cedict.db
dir=$XDG_DATA_HOME/glossa

# Wait until process $1 catches SIGINT, SIGTERM and SIGHUP.
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

printf '決戰 决战 [jue2 zhan4] /showdown (test)/\n' >small.u8
"$G" dict import small.u8 >/dev/null 2>&1 || fail "dict import"
cp "$user" before.db

# Reading a pipe that stays open.
mkfifo pipe
exec 3<>pipe
printf '決 决 [jue2] /to decide/\n' >&3
"$G" dict import - <pipe >out 2>err &
pid=$!
wait_handlers $pid
kill -s INT $pid
rc=0; wait $pid || rc=$?
exec 3>&-
[ $rc = 130 ] || fail "SIGINT while reading: exit $rc, not 130" out err
grep -q '^glossa: interrupted: nothing written$' err || fail "reading: message" err
cmp -s "$user" before.db || fail "reading: the dictionary changed"

# Building from a large file (a million entries: seconds of work).
awk 'BEGIN { for (i = 0; i < 1000000; i++)
	printf "詞%d 词%d [ci2 %d] /word number %d/\n", i, i, i, i }' >big.u8
for case in TERM:143 HUP:129; do
	sig=${case%:*} want=${case#*:}
	"$G" dict import big.u8 >out 2>err &
	pid=$!
	wait_handlers $pid
	sleep 0.3
	kill -s $sig $pid
	rc=0; wait $pid || rc=$?
	[ $rc = $want ] || fail "SIG$sig while building: exit $rc, not $want" out err
	grep -q "^glossa: interrupted: .*cedict.db not written$" err ||
		fail "SIG$sig: message" err
	cmp -s "$user" before.db || fail "SIG$sig: the dictionary changed"
	[ "$(ls "$dir")" = cedict.db ] || { ls -la "$dir"; fail "SIG$sig: files left"; }
done
exit 0
