# What `glossa import DIR` reads: every regular file of the tree once.
# A symbolic link inside the tree is never followed (one named on the
# command line is, once): no loops, nothing from outside the tree. A
# file or directory reached twice (a hard link, the same path named
# twice, a directory and its subdirectory) is read once. One line on
# stderr says what was skipped; skipping is no error.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

article() { printf 'Title: %s\n\nThe body of %s.\n' "$2" "$2" >"$1"; }

mkdir -p L/sub
article L/a.txt A
article L/sub/b.txt B
article outside.txt Outside
ln -s . L/self
ln -s . L/same
ln -s .. L/sub/up
ln -s "$PWD/outside.txt" L/out.txt
ln L/a.txt L/hard.txt
mkfifo L/fifo

titles() { "$G" -d db list --limit 0 --tsv | cut -f4 | sort | tr '\n' ' '; }

# Two links to . made 65 014 updates in 20 s before (and counting).
timeout 60 "$G" -d db import L >out 2>err && rc=0 || rc=$?
[ "$rc" -eq 0 ] || { tail -3 out err; fail "import L: exit $rc"; }
[ "$(titles)" = "A B " ] || fail "import L: the archive holds $(titles)"
[ "$(grep -c '^imported ' out)" -eq 2 ] || { cat out; fail "import L: not 2 imported"; }
tail -1 out | grep -qx '2 imported, 0 updated, 0 failed' || fail "import L: summary"
grep -qx 'skipped 4 symbolic links inside directories (not followed), 1 special file (FIFO, device or socket), 1 duplicate (a file or directory already read, by another name)' err ||
	{ cat err; fail "import L: what was skipped"; }
[ "$(wc -l <err)" -eq 1 ] || { cat err; fail "import L: other messages"; }

# The same files by other paths: each read once.
rm -f db
"$G" -d db import L L/sub L/a.txt ./L L/ >out 2>err || fail "twice: exit $?"
[ "$(grep -c '^imported ' out)" -eq 2 ] || { cat out; fail "twice: not 2 imported"; }
grep -q ', 5 duplicates (a file or directory already read, by another name)$' err ||
	{ cat err; fail "twice: duplicates"; }
"$G" -d db import L/sub L >out 2>err || fail "sub first: exit $?"
grep -qx '0 imported, 0 updated, 0 failed, 2 unchanged' out || { cat out; fail "sub first"; }
# A file of one link (the walk does not remember those) named after or
# before the directory it is in.
rm -f db
[ "$(stat -c %h L/sub/b.txt)" -eq 1 ] || fail "b.txt has other links"
"$G" -d db import L L/sub/b.txt >out 2>err || fail "named after: exit $?"
[ "$(grep -c '^imported ' out)" -eq 2 ] || { cat out; fail "named after: not 2 imported"; }
grep -q ', 2 duplicates (a file or directory already read, by another name)$' err ||
	{ cat err; fail "named after: duplicates"; }
rm -f db
"$G" -d db import L/sub/b.txt L >out 2>err || fail "named before: exit $?"
[ "$(grep -c '^imported ' out)" -eq 2 ] || { cat out; fail "named before: not 2 imported"; }
head -1 out | grep -q '^imported L/sub/b.txt ' || { cat out; fail "named before: order"; }
grep -q ', 2 duplicates (a file or directory already read, by another name)$' err ||
	{ cat err; fail "named before: duplicates"; }

# Links named on the command line are followed (once: not the links
# inside the directory they lead to).
rm -f db
ln -s L toL
ln -s outside.txt out-link
"$G" -d db import toL out-link >out 2>err || { cat err; fail "named links: exit $?"; }
[ "$(titles)" = "A B Outside " ] || fail "named links: the archive holds $(titles)"
grep -q '^imported toL/sub/b.txt ' out || { cat out; fail "named links: paths"; }
grep -q '^skipped 4 symbolic links inside directories' err || { cat err; fail "named links: skipped"; }

# Nothing skipped, nothing said; an import of one file names its notes
# in the singular.
rm -f db
printf 'Title: One\nGloss: body | the body\n\nThe body.\n' >one.txt
"$G" -d db import one.txt >out 2>err || fail "one: exit $?"
[ ! -s err ] || { cat err; fail "one: messages"; }
grep -qx 'imported one.txt (id 1, 1 note)' out || { cat out; fail "one: 1 note"; }
echo "ok"
