# glossa import - reads one article from standard input (a newsreader's
# pipe-to, a browser's text, a clipboard) with a file's rules and
# messages, named (stdin): the size limit, encodings, "not a text file",
# an empty input. It has no file identity: piped again it is the same
# article only by its URL (or Title, Date and Source); without one, a
# new article. "-" may stand among paths, once.
set -eu
G="$GLOSSA"
fail() { echo "FAIL: $1"; shift; for f in "$@"; do echo "--- $f:"; cat "$f"; done; exit 1; }

printf 'Title: piped\nURL: https://example.org/1\nGloss: 稀土 | rare earth\n\n稀土 body\n' |
	"$G" -d db import - >out 2>err || fail "import -" out err
grep -qx 'imported (stdin) (id 1, 1 note)' out || fail "report" out
"$G" -d db show 1 | grep -q '稀土 body' || fail "body not stored"

# the same URL again: updated in place
printf 'Title: piped\nURL: https://example.org/1\n\n稀土 body, again\n' |
	"$G" -d db import - >out 2>err || fail "import - again" out err
grep -qx 'updated (stdin) (id 1, 0 notes)' out || fail "not updated by URL" out

# no key: a new article each time (its origin names no file)
printf 'Title: bare\n\ntext\n' | "$G" -d db import - >out
grep -q '^imported (stdin) (id 2' out || fail "bare" out
printf 'Title: bare\n\ntext\n' | "$G" -d db import - >out
grep -q '^imported (stdin) (id 3' out || fail "bare again is not new" out

# among files, in order
printf 'Title: a file\n\nfile text\n' >a.txt
printf 'Title: c file\n\nfile text\n' >c.txt
printf 'Title: from a pipe\n\npipe text\n' |
	"$G" -d db import a.txt - c.txt >out 2>err || fail "mixed" out err
[ "$(sed -n 2p out)" = "imported (stdin) (id 5, 0 notes)" ] || fail "order" out
grep -qx '3 imported, 0 updated, 0 failed' out || fail "summary" out

# encodings: named by --encoding, or by the text's Encoding: field
printf 'Title: gb\n\n稀土战略是中国的资源，也是世界的。\n' |
	iconv -f UTF-8 -t GB18030 |
	"$G" -d db import --encoding GB18030 - >out 2>err ||
	fail "GB18030" out err
id=$(sed -n 's/^imported (stdin) (id \([0-9]*\).*/\1/p' out)
"$G" -d db show "$id" | grep -q '^稀土战略是中国的资源' || fail "GB18030 text"
printf 'Title: big5\nEncoding: Big5\n\n\247\332\254O\n' |
	"$G" -d db import - >out
id=$(sed -n 's/^imported (stdin) (id \([0-9]*\).*/\1/p' out)
"$G" -d db show "$id" | grep -q '^我是$' || fail "Encoding: Big5"

# refusals, as for a file: exit 1, named (stdin)
rc=0
head -c 2000 /dev/zero | tr '\0' a | "$G" -d db import --max-size 1000 - \
	>out 2>err || rc=$?
[ $rc -eq 1 ] || fail "too large: exit $rc" err
grep -qx '(stdin): too large (more than the limit of 1000 bytes)' err ||
	fail "too large" err
rc=0
printf 'Title: x\n\n\000\001binary' | "$G" -d db import - >out 2>err || rc=$?
[ $rc -eq 1 ] || fail "binary: exit $rc" err
grep -q '^(stdin): not a text file' err || fail "not a text file" err
rc=0
"$G" -d db import - </dev/null >out 2>err || rc=$?
[ $rc -eq 1 ] || fail "empty: exit $rc" err
grep -q '^(stdin): ' err || fail "empty" err

# twice: refused before anything is read
rc=0
"$G" -d db import - a.txt - </dev/null >out 2>err || rc=$?
[ $rc -eq 2 ] || fail "- twice: exit $rc" err
grep -q 'given once' err || fail "- twice" err
# a file named - is ./-
printf 'Title: dash file\n\nx\n' >./-
"$G" -d db import ./- </dev/null >out || fail "./-" out
grep -q '^imported \./- ' out || fail "./-" out
echo ok
