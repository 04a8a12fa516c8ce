# Bad archives and bad moments for an archive: truncated, corrupted,
# non-SQLite, another program's SQLite file, one from a newer glossa: every
# command says so, exits 1 and leaves the file's bytes as they were. A
# read-only archive (file or directory) can be read but not imported into.
# Two imports at once both succeed. `glossa check` and `glossa backup`.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }

"$G" -d good.db import "$GLOSSA_SRC/sample-archive" >/dev/null
"$G" -d good.db check >out || { cat out; fail "check on a good archive"; }
has "integrity_check: ok" out
has "article_fts: ok" out
has "annotation_fts: ok" out
has "good.db: 7 articles: ok" out
# a reading command leaves nothing beside the archive (SQLite's read-only
# connections leave their -wal and -shm files)
for cmd in "list" "search 稀土" "show 1" "export --all" "glossary"; do
	"$G" -d good.db $cmd >out 2>err || { cat err; fail "$cmd on a good archive"; }
	[ ! -e good.db-wal ] && [ ! -e good.db-shm ] ||
		{ ls -l; fail "$cmd left files beside the archive"; }
done
size=$(stat -c %s good.db)
pages=$((size / 4096))
article="$GLOSSA_SRC/sample-archive/baogang-2025-strategy.txt"

# poke FILE OFFSET COUNT: overwrite COUNT bytes at OFFSET with 'Z'.
poke() {
	head -c "$3" /dev/zero | tr '\0' Z |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# put32 FILE OFFSET N: a big-endian 32-bit number into the header.
put32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 >> 24 & 255)) \
		$(($3 >> 16 & 255)) $(($3 >> 8 & 255)) $(($3 & 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

head -c $((size / 2)) good.db >truncated.db
cp good.db corrupted.db
# the middle of every page after the first
p=1
while [ $p -lt $pages ]; do
	poke corrupted.db $((p * 4096 + 1800)) 600
	p=$((p + 1))
done
echo 'not an SQLite file at all, just text' >text.db
head -c 4096 /bin/sh >binary.db
cp good.db newer.db
put32 newer.db 60 99        # user_version
cp good.db other.db
put32 other.db 68 305419896 # application_id: somebody else's
cp good.db negative.db
put32 negative.db 60 -5     # user_version is signed (glossa crashed on it)

# refused DB REASON: every command exits 1 with REASON; DB is unchanged
# and nothing is written beside it.
refused() {
	db=$1 reason=$2
	cp "$db" "$db.orig"
	for cmd in "list" "search 稀土" "show 1" "notes" "check" \
		${import-"import $article"} "gloss 1 稀土 rare" "note 1 a" \
		"export --all" "glossary" "backup copy-of-$db"; do
		set +e
		"$G" -d "$db" $cmd >out 2>err
		rc=$?
		set -e
		[ $rc -eq 1 ] || { cat out err; fail "$db $cmd: exit $rc"; }
		has "$reason" err
		has "$db" err
		! grep -qi "sqlite_\|database is locked" err ||
			{ cat err; fail "$db $cmd: SQLite's words reach the user"; } 
		cmp -s "$db" "$db.orig" || fail "$db $cmd: the file changed"
		[ ! -e "$db-wal" ] && [ ! -e "$db-shm" ] &&
			[ ! -e "$db-journal" ] && [ ! -e "copy-of-$db" ] ||
			{ ls -l; fail "$db $cmd: wrote beside it"; }
	done
}
refused truncated.db "is damaged"
refused text.db "is not a glossa archive"
refused binary.db "is not a glossa archive"
refused newer.db "was written by a newer glossa (schema 99"
refused other.db "is not a glossa archive (it is an SQLite database of something else)"
refused negative.db "is not a glossa archive (its schema version -5"
# another program's database without an application_id: only SQLite can
# tell (it has tables), and its -wal and -shm files go again
cp good.db noid.db
put32 noid.db 68 0
refused noid.db "is not a glossa archive (it is an SQLite database of something else)"
# An empty file is no archive for the commands that read (nor for gloss
# or note, which need an article): only import makes it one.
: >empty.db
import= refused empty.db "empty.db is empty, not a glossa archive yet"
unset import
[ ! -s empty.db ] || fail "empty.db was written"
"$G" -d empty.db import "$article" >out 2>err || { cat err; fail "import into an empty file"; }
"$G" -d empty.db list >out || fail "list after import into an empty file"
has "Baogang" out

# A pending -wal (changes not yet in the file) that makes the archive a
# newer glossa's: refusing it checkpoints nothing, and SQLite's tool
# makes it (a -wal its closing connection keeps).
if command -v sqlite3 >/dev/null; then
	cp good.db walnew.db
	sqlite3 walnew.db ".dbconfig no_ckpt_on_close on" \
		"PRAGMA user_version = 99" >/dev/null
	rm -f walnew.db-shm
	cp walnew.db-wal walnew.wal.orig
	cp walnew.db walnew.orig
	for cmd in "list" "search 稀土" "check" "import $article" \
		"gloss 1 稀土 rare" "backup walnew-copy.db"; do
		set +e
		"$G" -d walnew.db $cmd >out 2>err
		rc=$?
		set -e
		[ $rc -eq 1 ] || { cat out err; fail "walnew.db $cmd: exit $rc"; }
		has "walnew.db was written by a newer glossa (schema 99" err
		cmp -s walnew.db walnew.orig || fail "walnew.db $cmd: the file changed"
		cmp -s walnew.db-wal walnew.wal.orig ||
			fail "walnew.db $cmd: its -wal changed"
		[ ! -e walnew.db-shm ] && [ ! -e walnew-copy.db ] ||
			{ ls -l; fail "walnew.db $cmd: wrote beside it"; }
	done
	echo "a newer archive with a pending -wal: ok"
else
	echo "SKIP a pending -wal: no sqlite3 program"
fi

# corrupted in the middle of its pages: check finds it; what touches the
# damage says so; the file's bytes stay as they were.
cp corrupted.db corrupted.orig
set +e
"$G" -d corrupted.db check >out 2>err
rc=$?
set -e
[ $rc -eq 1 ] || { cat out err; fail "check on a corrupted archive: exit $rc"; }
has "damaged" out
has "the archive corrupted.db is damaged" err
# Damage inside the index's data can go unseen by a search that reads
# it (FTS5 keeps no checksums: a word no longer matches), so the commands
# get an archive damaged in every byte after each page's first 100.
cp good.db wrecked.db
p=1
while [ $p -lt $pages ]; do
	poke wrecked.db $((p * 4096 + 100)) 3996
	p=$((p + 1))
done
cp wrecked.db wrecked.orig
for cmd in "search 稀土" "import $article" "export --all"; do
	set +e
	"$G" -d wrecked.db $cmd >out 2>err
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat out err; fail "wrecked $cmd: exit $rc"; }
	has "the archive wrecked.db is damaged" err
	cmp -s wrecked.db wrecked.orig || fail "wrecked $cmd: the file changed"
done

# A directory or a FIFO as the archive.
mkdir dir.db
set +e
"$G" -d dir.db list >out 2>err; rc=$?
set -e
[ $rc -eq 1 ] && has "dir.db is not a regular file" err

# --- read-only ------------------------------------------------------------
if [ "$(id -u)" != 0 ]; then
	as_user() { "$@"; }
elif command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
elif su nobody -s /bin/sh -c true 2>/dev/null; then
	as_user() { su nobody -s /bin/sh -c '"$0" "$@"' "$@"; }
else
	as_user=
fi
if command -v as_user >/dev/null 2>&1; then
	[ "$(id -u)" != 0 ] || chmod o+rx "$PWD"
	# a read-only file in a directory the user may write
	mkdir rofile rodir
	cp good.db rofile/a.db
	chmod 444 rofile/a.db
	chmod 777 rofile
	# a directory the user may not write (no -wal or -shm can be made)
	cp good.db rodir/a.db
	chmod 444 rodir/a.db
	chmod 555 rodir
	for db in rofile/a.db rodir/a.db; do
		cp "$db" ro.orig
		as_user "$G" -d "$db" list >out 2>err || { cat err; fail "$db: list"; }
		[ "$(wc -l <out)" -eq 7 ] || fail "$db: list"
		as_user "$G" -d "$db" search baogang >out 2>err || { cat err; fail "$db: search"; }
		has "Baogang" out
		as_user "$G" -d "$db" show 1 >out 2>err || { cat err; fail "$db: show"; }
		as_user "$G" -d "$db" check >out 2>err || { cat out err; fail "$db: check"; }
		has "integrity_check: ok" out
		set +e
		as_user "$G" -d "$db" import "$article" >out 2>err
		rc=$?
		set -e
		[ $rc -eq 1 ] || { cat out err; fail "$db: import exit $rc"; }
		has "the archive $db is read-only" err
		set +e
		as_user "$G" -d "$db" note 1 "a note" >out 2>err
		rc=$?
		set -e
		[ $rc -eq 1 ] || { cat out err; fail "$db: note exit $rc"; }
		has "read-only" err
		# the interface opens it; marking read says why it cannot
		printf '<Enter>\n:dump %s\n' "$PWD/rofile/screen.txt" >keys
		chmod 644 keys
		rm -f rofile/screen.txt
		GLOSSA_SCRIPT=keys as_user "$G" -d "$db" || fail "$db: the interface"
		has "Baogang" rofile/screen.txt
		tail -1 rofile/screen.txt | grep -q "read-only" ||
			{ tail -1 rofile/screen.txt; fail "$db: no read-only message"; }
		cmp -s "$db" ro.orig || fail "$db: the file changed"
	done
	[ ! -e rodir/a.db-wal ] || fail "a -wal file in a read-only directory"
	echo "read-only file and directory: ok"
	# Side files that a read-only directory keeps from being used: the
	# message says which, not SQLite's "not an error" or a schema 0.
	if command -v sqlite3 >/dev/null; then
		# a pending -wal without its -shm
		mkdir walro
		cp good.db walro/a.db
		sqlite3 walro/a.db ".dbconfig no_ckpt_on_close on" \
			"INSERT INTO meta VALUES ('x', 'y')" >/dev/null
		rm -f walro/a.db-shm
		chmod 555 walro
		# a -journal of a transaction that did not finish (it had set
		# user_version to 0 in the file)
		mkdir hot
		cp good.db hot/a.db
		sqlite3 hot/a.db "PRAGMA journal_mode = DELETE" \
			"PRAGMA synchronous = OFF" "BEGIN" \
			"PRAGMA user_version = 0" \
			"UPDATE article SET read = 1 - read" \
			".shell cp hot/a.db-journal hot/saved" "COMMIT" >/dev/null
		mv hot/saved hot/a.db-journal
		chmod 555 hot
		for c in "walro/a.db:walro/a.db-wal need an index file walro/a.db-shm" \
			"hot/a.db:hot/a.db-journal holds a transaction that did not finish"; do
			db=${c%%:*}
			for cmd in list check; do
				set +e
				as_user "$G" -d "$db" $cmd >out 2>err
				rc=$?
				set -e
				[ $rc -eq 1 ] || { cat out err; fail "$db $cmd: exit $rc"; }
				has "${c#*:}" err
				! grep -q "not an error\|(0 to" err || { cat err; fail "$db $cmd: a wrong reason"; }
			done
		done
		chmod 755 walro hot
		# where it can be written, the transaction is rolled back
		"$G" -d hot/a.db list >out 2>err || { cat err; fail "hot/a.db: list"; }
		[ "$(wc -l <out)" -eq 7 ] || fail "hot/a.db: list"
		echo "side files in a read-only directory: ok"
	fi
else
	echo "SKIP read-only archives: running as root without setpriv or su"
fi

# --- two imports at once ---------------------------------------------------
# into a new archive (both create it and migrate it) and then into an
# existing one; no "busy" or "locked" reaches the user.
mkdir one two
awk 'BEGIN { for (i = 1; i <= 300; i++) {
	for (d = 1; d <= 2; d++) {
		f = sprintf("%s/a%03d.txt", d == 1 ? "one" : "two", i)
		printf "Title: %s %d\nGloss: 词 | word\n\n词 body %d\n", d == 1 ? "One" : "Two", i, i > f
		close(f)
	} } }'
for round in new existing; do
	[ $round = new ] && rm -f both.db both.db-wal both.db-shm
	"$G" -d both.db import one >out1 2>err1 &
	p1=$!
	"$G" -d both.db import two >out2 2>err2 &
	p2=$!
	wait $p1 || { cat err1; fail "$round: first import failed"; }
	wait $p2 || { cat err2; fail "$round: second import failed"; }
	! grep -qi "busy\|locked" err1 err2 || { cat err1 err2; fail "$round: busy"; }
	[ "$("$G" -d both.db list --limit 0 --tsv | wc -l)" -eq 600 ] || fail "$round: 600 articles expected"
	"$G" -d both.db check >out || { cat out; fail "$round: check"; }
done
echo "two imports at once: ok"

# --- backup -------------------------------------------------------------------
"$G" -d good.db backup copy.db >out 2>err || { cat err; fail "backup"; }
has "backed up good.db to copy.db" out
"$G" -d copy.db check >out || { cat out; fail "check of the backup"; }
"$G" -d copy.db list --limit 0 --tsv >l2
"$G" -d good.db list --limit 0 --tsv >l1
cmp l1 l2 || fail "the backup lists other articles"
set +e
"$G" -d good.db backup copy.db >out 2>err; rc=$?
set -e
[ $rc -eq 1 ] && has "copy.db exists" err && has "--force" err
"$G" -d good.db backup --force copy.db >out 2>err || { cat err; fail "backup --force"; }
ln -s copy.db link.db
for target in link.db dir.db good.db; do
	set +e
	"$G" -d good.db backup --force $target >out 2>err; rc=$?
	set -e
	[ $rc -eq 1 ] || fail "backup to $target: exit $rc"
done
# the archive's own files, even with --force: a copy there would make
# the archive read as damaged
mkdir sub
cp good.db l1.orig
for target in good.db-wal good.db-shm good.db-journal ./good.db \
	"$PWD/good.db-wal" sub/../good.db-shm; do
	set +e
	"$G" -d good.db backup --force "$target" >out 2>err; rc=$?
	set -e
	[ $rc -eq 1 ] || { cat out err; fail "backup to $target: exit $rc"; }
	has "is the archive" err
	case $target in
	*.db) cmp -s good.db l1.orig || fail "backup to $target: written" ;;
	*) [ ! -e "$target" ] || fail "backup to $target: written" ;;
	esac
	"$G" -d good.db check >out 2>&1 || { cat out; fail "backup to $target: archive damaged"; }
done
# while an import writes to it
"$G" -d both.db import one >/dev/null 2>&1 &
p1=$!
"$G" -d both.db backup --force live.db >out 2>err || { cat err; fail "backup while importing"; }
wait $p1
"$G" -d live.db check >out || { cat out; fail "check of the live backup"; }
[ -z "$(ls | grep -E '\.db\.[A-Za-z0-9]{6}$')" ] || { ls; fail "temporary files left"; }
echo ok
