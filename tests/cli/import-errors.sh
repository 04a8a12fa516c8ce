# Bad files through the real importer: each gets "path: reason" on stderr,
# a non-zero exit, and leaves the archive as it was; good files beside
# them are imported all the same.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }
count() { "$G" -d db list --limit 0 --tsv | wc -l; }

printf 'Title: Good one\nDate: 2025-01-01\n\n好的文章\n' >good.txt
"$G" -d db import good.txt >out 2>err || fail "good file refused"
[ "$(count)" -eq 1 ] || fail "one article expected"

# expect FILE REASON...: importing FILE fails with REASON, nothing added.
expect() {
	file=$1
	shift
	set +e
	"$G" -d db import "$@" "$file" >out 2>err
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat out err; fail "$file: exit $rc, expected 1"; }
	has "$file: $reason" err
	[ "$(count)" -eq 1 ] || fail "$file: the archive changed"
}

: >empty.txt
reason="empty file" expect empty.txt
printf '\357\273\277' >bom-only.txt
reason="empty file" expect bom-only.txt
printf 'Title: x\n\nab\377cd\n' >stray-ff.txt
reason="not valid UTF-8 at byte 12 (line 3)" expect stray-ff.txt
has "--encoding" err
printf 'Title: x\n\n\300\257\n' >overlong.txt
reason="not valid UTF-8 at byte 10" expect overlong.txt
printf 'Title: x\n\n\355\240\200\n' >surrogate.txt
reason="not valid UTF-8 at byte 10" expect surrogate.txt
printf 'Title: x\n\nabc\342\200' >truncated.txt
reason="truncated UTF-8 at byte 13" expect truncated.txt
printf 'Title: x\n\nab\000cd\n' >nul.txt
reason="not a text file" expect nul.txt
head -c 2048 /bin/sh >binary.bin
reason="not a text file" expect binary.bin
printf 'Title: x\nGloss: | nothing\n\nbody\n' >bad-gloss.txt
reason="line 2: Gloss needs a phrase and a translation" expect bad-gloss.txt
printf 'Title: x\nGloss: a\\\n\nbody\n' >bad-escape.txt
reason="line 2: unterminated escape" expect bad-escape.txt
printf 'Title: x\n\nbody\n' >enc.txt
reason='unknown encoding' expect enc.txt --encoding NO-SUCH-ENCODING
mkfifo fifo
reason="not a regular file" expect fifo
reason="No such file or directory" expect missing.txt

# GB18030 text: refused as UTF-8 with the hint, read with --encoding.
printf 'Title: \272\303\n\n\325\275\271\304\n' >gb.txt
reason="not valid UTF-8" expect gb.txt
"$G" -d db import --encoding GBK gb.txt >out 2>err || { cat err; fail "GBK"; }
"$G" -d db search 战鼓 >out
has "好" out

# A directory: good files imported, bad ones reported, exit 1.
mkdir -p dir/sub dir/.hidden
printf 'Title: In a dir\n\nbody one\n' >dir/a.txt
printf 'Title: In a subdir\n\nbody two\n' >dir/sub/b.txt
printf 'Title: Hidden\n\nbody three\n' >dir/.hidden/c.txt
cp nul.txt dir/sub/
set +e
"$G" -d db import dir >out 2>err
rc=$?
set -e
[ $rc -eq 1 ] || fail "a directory with a bad file: exit $rc"
has "dir/sub/nul.txt: not a text file" err
has "2 imported, 0 updated, 1 failed" out
"$G" -d db list --limit 0 >out
has "In a subdir" out
! grep -F Hidden out >/dev/null || fail "hidden files are skipped"
echo ok
