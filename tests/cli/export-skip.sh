# export --all and --query leave out the articles with nothing to export
# (no glosses, no notes) in text, Markdown and Anki; --format archive
# takes every article. Exporting nothing says "nothing to export", exits
# 1 and writes no file. Archive files are named from titles in any script.
set -eu
G="$GLOSSA"
fail() { echo "FAIL: $1"; shift; for f in "$@"; do echo "--- $f:"; cat "$f"; done; exit 1; }

printf 'Title: Noted\n\nalpha 战鼓 text\n' >a.txt
printf 'Title: 读“十四五”规划：稀土\n\nbeta text\n' >b.txt
"$G" -d db import a.txt b.txt >/dev/null
"$G" -d db gloss 1 战鼓 "war drums" >/dev/null

for fmt in text markdown anki; do
	"$G" -d db export --format $fmt --all >out 2>err || fail "$fmt --all" err
	grep -q 'war drums' out || fail "$fmt: the gloss is missing" out
	! grep -q '十四五\|beta' out || fail "$fmt --all: the bare article" out
	"$G" -d db export --format $fmt --query text >out 2>err ||
		fail "$fmt --query" err
	! grep -q '十四五' out || fail "$fmt --query: the bare article" out
	# nothing: a message, exit 1, no output, no file
	rc=0
	"$G" -d db export --format $fmt --query beta >out 2>err || rc=$?
	[ $rc -eq 1 ] || fail "$fmt nothing: exit $rc" err
	grep -q 'nothing to export' err || fail "$fmt nothing: message" err
	[ ! -s out ] || fail "$fmt nothing: output" out
	rc=0
	"$G" -d db export --format $fmt --query beta -o none.$fmt 2>err || rc=$?
	[ $rc -eq 1 ] || fail "$fmt nothing -o: exit $rc" err
	[ ! -e none.$fmt ] || fail "$fmt nothing: a file was written"
done

# one note, one note: "1 note", not "1 notes"
"$G" -d db export --all -o one.txt >out 2>err || fail "export -o" err
grep -qx 'exported 1 note to one.txt' out || fail "1 note" out

# the archive format: every article, named from its title
"$G" -d db export --format archive --all -o arch >out 2>err || fail "archive" err
[ "$(ls arch)" = "$(printf '0001-noted.txt\n0002-读十四五规划-稀土.txt')" ] ||
	{ ls arch; fail "archive names"; }
# an empty archive: nothing, and no directory left behind
printf 'Title: x\n\nx\n' >x.txt
"$G" -d empty import x.txt >/dev/null
rc=0
"$G" -d empty export --format archive --query nomatchatall -o arch2 2>err || rc=$?
[ $rc -eq 1 ] || fail "archive nothing: exit $rc" err
grep -q 'nothing to export' err || fail "archive nothing: message" err
[ ! -e arch2 ] || fail "archive nothing: a directory was left"
echo ok
