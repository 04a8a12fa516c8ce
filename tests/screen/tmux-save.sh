#!/bin/sh
# Typed text survives a failure to save it, in a real terminal: a save
# that waits for another process's write says "saving…" meanwhile; a note
# whose save fails (another process made the archive refuse it) comes
# back at the prompt with its text and the reason above it, and Enter
# saves it once the archive takes it again; with the archive replaced
# (another archive moved over it) or deleted under the open interface,
# the status line says so, naming the file, the text stays at the prompt
# and nothing is written to the file the interface still has open.
set -eu
command -v tmux >/dev/null || { echo "tmux is not installed"; exit 1; }
hold="$GLOSSA_HELPERS/dbhold"
[ -x "$hold" ] || { echo "no $hold (make check-screen builds it)"; exit 1; }
export LC_ALL=C.UTF-8
. "$GLOSSA_SRC/tests/screen/tmux.lib"
notes() { "$GLOSSA" -d "$1" notes --tsv | cut -f8; }
prompt_is() {
	screen | tail -n 1 | sed 's/ *$//' | grep -qxF -- "$1" || {
		echo "the prompt is not: $1"
		screen
		exit 1
	}
}

printf 'Title: one\nDate: 2025-01-01\n\nfirst article\n' >a.txt
printf 'Title: other\nDate: 2025-01-02\n\nanother archive\n' >b.txt
"$GLOSSA" -d db import a.txt >/dev/null
"$GLOSSA" -d other.db import b.txt >/dev/null

$T new-session -d -s g -x 160 -y 30 "\"$GLOSSA\" -d db; echo EXIT=\$?; sleep 5"
wait_for 'Articles (1)'

# --- a write that waits for another's: it says so ----------------------
$T send-keys -t g Tab A
wait_for 'note on the article:'
$T send-keys -t g -l 'after a wait'
"$hold" db 3 >held &
hpid=$!
i=0
until grep -q held held 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "dbhold did not take the lock"; exit 1; }
	sleep 0.1
done
$T send-keys -t g Enter
wait_for 'saving…'
wait $hpid
wait_for 'added after a wait'
[ "$(notes db)" = "after a wait" ] || { notes db; exit 1; }
"$GLOSSA" -d db unannotate "$("$GLOSSA" -d db notes --tsv | cut -f1)" >/dev/null

# --- a write that fails, then succeeds ---------------------------------
"$hold" db 0 "CREATE TRIGGER no_insert BEFORE INSERT ON annotation
	BEGIN SELECT RAISE(ABORT, 'the disk is full (test)'); END" >/dev/null
$T send-keys -t g A
wait_for 'note on the article:'
$T send-keys -t g -l 'kept through a failure'
$T send-keys -t g Enter
wait_for 'not added (Enter tries again, Esc keeps it in a file): '
wait_for 'the disk is full (test)'
prompt_is 'note on the article: kept through a failure'
[ -z "$(notes db)" ] || { echo "stored although it failed"; exit 1; }
"$hold" db 0 "DROP TRIGGER no_insert" >/dev/null
$T send-keys -t g Enter
wait_for 'added kept through a failure'
[ "$(notes db)" = "kept through a failure" ] || { notes db; exit 1; }

# --- the archive replaced ----------------------------------------------
# keep.db is the file the interface has open, under a second name
ln db keep.db
$T send-keys -t g A
wait_for 'note on the article:'
$T send-keys -t g -l 'not for the orphan'
mv other.db db
$T send-keys -t g Enter
wait_for 'the archive db was replaced by another file'
prompt_is 'note on the article: not for the orphan'
# giving up keeps the text in a file beside the archive
$T send-keys -t g Escape
wait_for 'not saved; the text is kept in db.unsaved-'
grep -qx 'not for the orphan' db.unsaved-*.txt || { cat db.unsaved-*.txt; exit 1; }
rm db.unsaved-*.txt

# --- the archive deleted -----------------------------------------------
rm db
$T send-keys -t g A
wait_for 'note on the article:'
$T send-keys -t g -l 'nor for a deleted one'
$T send-keys -t g Enter
wait_for 'the archive db was deleted or moved away'
prompt_is 'note on the article: nor for a deleted one'
# edited at the prompt that came back, then given up: the edited text
$T send-keys -t g -l ', edited'
$T send-keys -t g Escape
wait_for 'not saved; the text is kept in db.unsaved-'
grep -qx 'nor for a deleted one, edited' db.unsaved-*.txt ||
	{ cat db.unsaved-*.txt; exit 1; }
# marking read or unread is a write too
$T send-keys -t g BTab m
wait_for 'the archive db was deleted or moved away'
$T send-keys -t g Q
wait_for 'EXIT=0'
[ ! -e db ] || { echo "db was created again"; exit 1; }
# The interface's file, read as keep.db: SQLite does not checkpoint into
# a file that is no longer at its path, so what the interface wrote is
# in db-wal still. It holds the first note only.
mv db-wal keep.db-wal
rm -f db-shm
[ "$(notes keep.db)" = "kept through a failure" ] || { notes keep.db; exit 1; }
"$GLOSSA" -d keep.db check >/dev/null
