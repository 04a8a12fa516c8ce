/*
 * db.h: the archive handle. An archive is one SQLite file of articles and
 * annotations; a glossa_db_t is an archive open.
 *
 * Statuses. Every call that returns a glossa_status_t returns GLOSSA_OK
 * on success. On failure the handle keeps a message meant for the user
 * (glossa_db_errmsg()) that says what went wrong, naming the archive or
 * the file concerned, and the status says what kind of failure it is.
 * Besides the statuses each call lists, any call that reads the archive
 * may fail with one of these, called "an archive error" below:
 *   GLOSSA_NOMEM        out of memory
 *   GLOSSA_IO           the file (or its -wal or -shm) cannot be read or
 *                       written
 *   GLOSSA_CORRUPT      the archive is damaged
 *   GLOSSA_BUSY         another glossa held the archive longer than a
 *                       call waits (GLOSSA_BUSY_SECONDS)
 *   GLOSSA_INTERRUPTED  the interrupt callback or glossa_db_interrupt()
 *                       stopped it (search.h)
 *   GLOSSA_ERROR        an SQLite error glossa does not expect (a bug)
 * and any call that writes also with GLOSSA_READONLY (the archive is open
 * read-only) or GLOSSA_FULL (disk full). A call that writes either writes
 * all it says or nothing.
 *
 * Memory. What a call returns through a pointer is the caller's, to free
 * with the function the call names, and stays valid after the handle is
 * closed; strings the caller passes in stay the caller's and are copied
 * when kept. On failure, out-parameters are left empty (NULL, 0) unless
 * the call says otherwise. Destructors (..._free, ..._clear) accept NULL.
 *
 * Threads. A handle is used by one thread at a time: the archive is
 * opened with SQLITE_OPEN_NOMUTEX (SQLite's "multi-thread" mode), so
 * SQLite does not serialise calls on one connection, and the handle's
 * own state (its message, its statement cache, the phrase trie) has no
 * lock either. Two threads may use two handles of one archive at once
 * (SQLite's locks and WAL keep them consistent). The one call another
 * thread may make on a handle in use is glossa_db_interrupt() (search.h),
 * never during or after glossa_db_close().
 * The core's process-wide state is read-only once made, each piece made
 * once under pthread_once(): the tokenizer's table of Traditional
 * characters, and the C.UTF-8 locale objects that text.h and the query
 * parser use for character classes and widths (newlocale(); the
 * process's own locale is never read or changed). The core calls no
 * sqlite3_config(), and sets no signal handler.
 *
 * Nothing here prints, reads configuration or exits.
 */
#ifndef GLOSSA_PUBLIC_DB_H /* storage/db.h, the private one, has GLOSSA_DB_H */
#define GLOSSA_PUBLIC_DB_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct glossa_db glossa_db_t;

/*
 * How long a call waits for another glossa's write (another process, or
 * another handle) before it fails with GLOSSA_BUSY, in seconds. A front
 * end that holds the archive for long (a batch of imports, import.h)
 * keeps each hold well under it, so that a note saved meanwhile in
 * another glossa waits for the batch instead of failing.
 */
#define GLOSSA_BUSY_SECONDS 30.0

enum {
	GLOSSA_OPEN_CREATE = 1 << 0,   /* create the file if it is missing */
	GLOSSA_OPEN_READONLY = 1 << 1, /* never write */
};

/*
 * Open (or with GLOSSA_OPEN_CREATE create) the archive at path, bring its
 * schema up to date (each migration one transaction) and register the
 * search tokenizer. A file that is not a glossa archive is refused
 * (GLOSSA_NOT_ARCHIVE), one from a newer glossa too (GLOSSA_TOO_NEW), and
 * an empty file unless GLOSSA_OPEN_CREATE (it is made an archive only
 * then). A refused file is left byte for byte as it was (a pending -wal
 * is not checkpointed), with no -wal or -shm file made beside it. A file
 * that cannot be written is opened read-only (glossa_db_readonly() says
 * so) when no migration is needed.
 *
 * Returns GLOSSA_OK; GLOSSA_NOT_FOUND (no file at path, and not
 * GLOSSA_OPEN_CREATE, or with GLOSSA_OPEN_READONLY); GLOSSA_NOT_ARCHIVE
 * (not a regular file, not SQLite, another program's database, empty);
 * GLOSSA_TOO_NEW; GLOSSA_READONLY (it needs a migration, or its list of
 * words made again, but cannot be written); GLOSSA_IO (cannot be read,
 * or its -journal or -wal cannot be dealt with here: the message says
 * which); GLOSSA_NOMEM; GLOSSA_BUSY
 * (another glossa is creating or migrating it); GLOSSA_CORRUPT;
 * GLOSSA_ERROR.
 *
 * On success *dbp is the handle (close with glossa_db_close()). On
 * failure *dbp is NULL and, if errmsg is not NULL, *errmsg an allocated
 * message naming the file (free()), or NULL when even that could not be
 * allocated. path is copied.
 */
glossa_status_t glossa_db_open(const char *path, int flags,
			       glossa_db_t **dbp, char **errmsg);

/* Close the archive, freeing the handle and all it holds (the message of
 * glossa_db_errmsg() too); NULL is a no-op. What the caller got from the
 * handle (articles, pages, annotations) stays valid. */
void glossa_db_close(glossa_db_t *db);

/*
 * The message of the last failed call on db, for the user: UTF-8 text
 * without a final newline. Never NULL: "no error" before any failure, the
 * status's own text (glossa_status_to_string()) when the message could
 * not be allocated; for db NULL (a failed open), "out of memory". The
 * string belongs to db and stays valid until the next call on db (any
 * call may replace it; copy it to keep it) or glossa_db_close(), as
 * sqlite3_errmsg()'s does. A successful call does not clear it.
 */
const char *glossa_db_errmsg(const glossa_db_t *db);

/* 1 when the archive was opened read-only (asked for, or forced because
 * the file cannot be written); 1 for NULL. */
int glossa_db_readonly(const glossa_db_t *db);

/*
 * Whether the archive's path still names the file db has open. If it was
 * deleted or moved away (GLOSSA_NOT_FOUND) or another file took its place
 * (GLOSSA_IO: say, one moved over it), a write would go to a file nobody
 * can open any more and be lost at close; the message names the path
 * and says so. GLOSSA_IO also when the path cannot be looked at (stat()).
 * An interface calls this before each write and keeps the user's text
 * when it fails. A stat() of the path, nothing read from the archive.
 */
glossa_status_t glossa_db_check_file(glossa_db_t *db);

/* The schema version this glossa writes (SQLite's user_version). */
int glossa_db_schema_version(void);

/* Number of articles into *count (with those the open batch added). Returns
 * GLOSSA_OK or an archive error; *count is unchanged on failure. */
glossa_status_t glossa_db_count(glossa_db_t *db, int64_t *count);

#ifdef __cplusplus
}
#endif

#endif
