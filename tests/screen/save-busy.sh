#!/bin/sh
# Typed text survives a failure to save it (script mode): a note added
# while another process holds the archive's write lock for longer than
# the old busy timeout (5 s) waits and is saved; an $EDITOR that writes
# Latin-1 bytes leaves its file, named in the message; an edit whose save
# fails leaves the editor's file too, and nothing is changed.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }
hold="$GLOSSA_HELPERS/dbhold"
[ -x "$hold" ] || fail "no $hold (make check-screen builds it)"

printf 'Title: one\nDate: 2025-01-01\n\nfirst article\n' >a.txt
"$GLOSSA" -d db import a.txt >/dev/null

# --- the write lock held for 8 s ---------------------------------------
# Tab, not Enter: opening would mark the article read, a write of its own.
"$hold" db 8 >held &
hpid=$!
i=0
until grep -q held held 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "dbhold did not take the lock"
	sleep 0.1
done
cat >keys <<'EOT'
<Tab>
A
saved after the lock<Enter>
:dump busy.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=160x30 "$GLOSSA" -d db
wait $hpid
last busy.txt | grep -q '^added saved after the lock' || fail "not saved" busy.txt
[ "$("$GLOSSA" -d db notes --tsv | cut -f8)" = "saved after the lock" ] ||
	fail "the note is not in the archive"

# --- an editor that writes Latin-1 -------------------------------------
mkdir tmp
cat >latin1.sh <<'EOT'
#!/bin/sh
printf 'caf\351 cr\350me\n' >"$1"
EOT
chmod +x latin1.sh
printf '<Tab><Tab>\nE\n:dump latin1.txt\n' >keys
TMPDIR="$PWD/tmp" VISUAL="$PWD/latin1.sh" GLOSSA_SCRIPT=keys \
	GLOSSA_SIZE=200x30 "$GLOSSA" -d db
f=$(ls tmp)
[ -n "$f" ] || fail "the editor's file was removed" latin1.txt
last latin1.txt | grep -qF "not UTF-8: not changed; it is kept in $PWD/tmp/$f" ||
	fail "the message does not name the file" latin1.txt
[ "$(cat "tmp/$f")" = "$(printf 'caf\351 cr\350me')" ] || fail "the file's text"
[ "$("$GLOSSA" -d db notes --tsv | cut -f8)" = "saved after the lock" ] ||
	fail "the note changed"
rm -f tmp/*

# --- an edit whose save fails ------------------------------------------
"$hold" db 0 "CREATE TRIGGER no_update BEFORE UPDATE ON annotation
	BEGIN SELECT RAISE(ABORT, 'the disk is full (test)'); END" >/dev/null
cat >good.sh <<'EOT'
#!/bin/sh
printf 'the new text\n' >"$1"
EOT
chmod +x good.sh
TMPDIR="$PWD/tmp" VISUAL="$PWD/good.sh" GLOSSA_SCRIPT=keys \
	GLOSSA_SIZE=200x30 "$GLOSSA" -d db
cp latin1.txt failed.txt
f=$(ls tmp)
[ -n "$f" ] || fail "the editor's file was removed" failed.txt
last failed.txt | grep -q '^not changed: .*the disk is full (test)' &&
	last failed.txt | grep -qF "; the text is kept in $PWD/tmp/$f" ||
	fail "the message" failed.txt
[ "$(cat "tmp/$f")" = "the new text" ] || fail "the file's text"
[ "$("$GLOSSA" -d db notes --tsv | cut -f8)" = "saved after the lock" ] ||
	fail "the note changed"
