/*
 * db.c: the archive handle (opening, closing, its message) and the shared
 * SQL helpers of the core (db.h): statements, transactions, errors.
 *
 * Exported: glossa_db_open, glossa_db_close, glossa_db_errmsg,
 * glossa_db_readonly, glossa_db_check_file, glossa_db_count and the
 * private helpers of db.h but those of schema.c and fts.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "db.h"
#include "tokenizer.h"

glossa_status_t glossa_db_error(glossa_db_t *db, glossa_status_t status,
				const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	if (!db)
		return status;
	if (fmt) {
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		va_end(ap);
	}
	free(db->errmsg);
	db->errmsg = msg;
	db->error = status;
	return status;
}

const char *glossa_db_errmsg(const glossa_db_t *db)
{
	if (!db)
		return glossa_status_to_string(GLOSSA_NOMEM);
	if (db->errmsg)
		return db->errmsg;
	/* no message given, or none could be allocated */
	return db->error != GLOSSA_OK ? glossa_status_to_string(db->error)
				      : "no error";
}

int glossa_db_readonly(const glossa_db_t *db)
{
	return db ? db->readonly : 1;
}

/*
 * SQLite's words for rc: the connection's message if its last error is
 * rc, else the generic text of rc (a later call that succeeded, such as
 * the COMMIT after a failed read, leaves "not an error" behind), with the
 * system's reason for an I/O error.
 */
static const char *sqlite_reason(glossa_db_t *db, int rc, char *buf,
				 size_t size)
{
	const char *msg = sqlite3_errstr(rc);
	int sys = 0;

	if (db->sql && (sqlite3_errcode(db->sql) & 0xff) == (rc & 0xff)) {
		msg = sqlite3_errmsg(db->sql);
		sys = sqlite3_system_errno(db->sql);
	}
	if (sys && ((rc & 0xff) == SQLITE_IOERR ||
		    (rc & 0xff) == SQLITE_CANTOPEN))
		snprintf(buf, size, "%s: %s", msg, strerror(sys));
	else
		snprintf(buf, size, "%s", msg);
	return buf;
}

glossa_status_t glossa_db_check_file(glossa_db_t *db)
{
	struct stat sb;

	if (stat(db->path, &sb) != 0) {
		if (errno == ENOENT) {
			return glossa_db_error(db, GLOSSA_NOT_FOUND,
					       "the archive %s was deleted or"
					       " moved away since glossa opened"
					       " it; nothing written",
					       db->path);
		}
		return glossa_db_error(db, GLOSSA_IO,
				       "the archive %s: %s", db->path,
				       strerror(errno));
	}
	if (sb.st_dev != db->file_dev || sb.st_ino != db->file_ino) {
		return glossa_db_error(db, GLOSSA_IO,
				       "the archive %s was replaced by another "
				       "file since glossa opened it; nothing "
				       "written",
				       db->path);
	}
	return GLOSSA_OK;
}

static glossa_status_t sqlite_status(glossa_db_t *db, int rc, const char *what)
{
	const char *path = db->path ? db->path : "archive";
	char reason[256];

	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "%s: out of memory", what);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return glossa_db_error(db, GLOSSA_BUSY,
				       "%s: the archive %s is busy (another "
				       "glossa is writing to it); try again",
				       what, path);
	case SQLITE_FULL:
		return glossa_db_error(db, GLOSSA_FULL,
				       "%s: disk full writing %s", what,
				       path);
	case SQLITE_READONLY:
		return glossa_db_error(db, GLOSSA_READONLY,
				       "%s: the archive %s is read-only",
				       what, path);
	case SQLITE_CORRUPT:
		return glossa_db_error(db, GLOSSA_CORRUPT,
				       "%s: the archive %s is damaged (%s)",
				       what, path,
				       sqlite_reason(db, rc, reason,
						     sizeof(reason)));
	case SQLITE_NOTADB:
		return glossa_db_error(db, GLOSSA_NOT_ARCHIVE,
				       "%s is not a glossa archive", path);
	case SQLITE_INTERRUPT:
		return glossa_db_error(db, GLOSSA_INTERRUPTED,
				       "%s: interrupted", what);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return glossa_db_error(db, GLOSSA_IO,
				       "%s: cannot read or write %s (%s)",
				       what, path,
				       sqlite_reason(db, rc, reason,
						     sizeof(reason)));
	default:
		return glossa_db_error(db, GLOSSA_ERROR, "%s: %s", what,
				       sqlite_reason(db, rc, reason,
						     sizeof(reason)));
	}
}

glossa_status_t glossa_db_fail(glossa_db_t *db, int rc, const char *what)
{
	return sqlite_status(db, rc, what);
}

sqlite3_stmt *glossa_db_prepare(glossa_db_t *db, const char *sql,
				glossa_status_t *st)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK) {
		*st = glossa_db_fail(db, rc, "preparing a query");
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

sqlite3_stmt *glossa_db_cached(glossa_db_t *db, const char *sql,
			       glossa_status_t *st)
{
	struct cached_stmt *c = db->cache;
	size_t i;
	int rc;

	for (i = 0; i < GLOSSA_STMT_CACHE && c[i].sql; i++) {
		if (strcmp(c[i].sql, sql) == 0) {
			sqlite3_reset(c[i].stmt);
			sqlite3_clear_bindings(c[i].stmt);
			return c[i].stmt;
		}
	}
	if (i == GLOSSA_STMT_CACHE) {
		/* Evicting could finalize a statement in use; the callers
		 * use a fixed set of fewer statements than this. */
		*st = glossa_db_error(db, GLOSSA_ERROR,
				      "too many cached statements");
		return NULL;
	}
	if (!(c[i].sql = strdup(sql))) {
		*st = glossa_db_error(db, GLOSSA_NOMEM,
				      "preparing a query: out of memory");
		return NULL;
	}
	rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
				&c[i].stmt, NULL);
	if (rc != SQLITE_OK) {
		*st = glossa_db_fail(db, rc, "preparing a query");
		sqlite3_finalize(c[i].stmt);
		free(c[i].sql);
		c[i].sql = NULL;
		return NULL;
	}
	return c[i].stmt;
}

void glossa_db_release(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

glossa_status_t glossa_db_exec(glossa_db_t *db, const char *sql)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? GLOSSA_OK : glossa_db_fail(db, rc, "archive");
}

glossa_status_t glossa_db_run_id(glossa_db_t *db, const char *sql,
				 int64_t id, const char *what)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(db, sql, &st);
	int rc;

	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	glossa_db_release(stmt);
	return rc == SQLITE_DONE ? GLOSSA_OK : glossa_db_fail(db, rc, what);
}

glossa_status_t glossa_db_begin(glossa_db_t *db)
{
	if (db->readonly) {
		return glossa_db_error(db, GLOSSA_READONLY,
				       "the archive %s is open read-only",
				       db->path);
	}
	db->count_delta = 0;
	/* a build's read transaction may be older than the last commit,
	 * and then could not become a write one */
	glossa_gloss_cache_stop(db->gloss_cache);
	return glossa_db_exec(db, "BEGIN IMMEDIATE");
}

glossa_status_t glossa_db_commit(glossa_db_t *db)
{
	glossa_status_t st = glossa_fts_write_words(db);

	if (st == GLOSSA_OK && db->count_delta) {
		sqlite3_stmt *stmt = glossa_db_cached(
			db, "UPDATE article_count SET n = n + ?1 WHERE one = 1",
			&st);
		int rc;

		if (stmt) {
			sqlite3_bind_int64(stmt, 1, db->count_delta);
			rc = sqlite3_step(stmt);
			glossa_db_release(stmt);
			if (rc != SQLITE_DONE)
				st = glossa_db_fail(db, rc, "counting articles");
		}
	}
	if (st == GLOSSA_OK)
		st = glossa_db_exec(db, "COMMIT");
	if (st != GLOSSA_OK)
		glossa_db_rollback(db);
	db->count_delta = 0;
	return st;
}

void glossa_db_rollback(glossa_db_t *db)
{
	db->count_delta = 0;
	glossa_words_flush(db->words, NULL, NULL);
	/* FULL, IOERR, BUSY and NOMEM may have ended the transaction. */
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

char *glossa_strdup(const char *s)
{
	return strdup(s ? s : "");
}

char *glossa_db_column_text(sqlite3_stmt *stmt, int col)
{
	return glossa_strdup((const char *)sqlite3_column_text(stmt, col));
}

/* The size of path's file with suffix ("-wal"), -1 if there is none. */
off_t glossa_db_side_size(const char *path, const char *suffix)
{
	struct stat sb;
	char *side;
	int rc;

	if (asprintf(&side, "%s%s", path, suffix) < 0)
		return -1;
	rc = stat(side, &sb);
	free(side);
	return rc == 0 ? sb.st_size : -1;
}

/*
 * After a refused open or a read-only connection, remove the -wal and
 * -shm files that SQLite made beside the file (a read-only connection
 * leaves them, and a refused one was told not to checkpoint, so that a
 * reading command leaves nothing behind): what SQLite does when its last
 * connection closes, under the same lock, an exclusive lock on the
 * file's locking bytes (SQLite's file format, "the lock-byte page"),
 * which no other connection to the file can share. The -wal only if it
 * is empty; nothing while another process has the file open, or if the
 * file cannot be opened for writing (such a lock needs it).
 */
static void remove_side_files(const char *path, int had_wal, int had_shm)
{
#ifdef F_OFD_SETLK
	struct flock lk = {
		.l_type = F_WRLCK,
		.l_whence = SEEK_SET,
		.l_start = 0x40000000, /* PENDING_BYTE, RESERVED_BYTE, */
		.l_len = 2 + 510,      /* the 510 SHARED bytes */
	};
	char *side;
	int fd;

	if ((had_wal || glossa_db_side_size(path, "-wal") < 0) &&
	    (had_shm || glossa_db_side_size(path, "-shm") < 0))
		return;
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return;
	/* an open file description's lock: closing fd drops no lock of
	 * another SQLite connection of this process */
	if (fcntl(fd, F_OFD_SETLK, &lk) == 0) {
		if (!had_wal && glossa_db_side_size(path, "-wal") == 0 &&
		    asprintf(&side, "%s-wal", path) >= 0) {
			unlink(side);
			free(side);
		}
		/* the -wal's index, rebuilt from it by the next to open it */
		if (!had_shm && asprintf(&side, "%s-shm", path) >= 0) {
			unlink(side);
			free(side);
		}
	}
	close(fd);
#else
	(void)path, (void)had_wal, (void)had_shm;
#endif
}

/*
 * A WAL archive in a directory we cannot write, with no -wal file: SQLite
 * cannot create its -wal and -shm files to read it, but nobody is writing
 * it either, so it is read as immutable. Not with a -journal beside it:
 * that is a transaction to roll back first (an immutable file ignores it,
 * and would be read half-written). The URI for that, or NULL.
 */
static char *immutable_uri(const char *path)
{
	char *dir, *uri, *q;
	int writable, has_wal;

	has_wal = glossa_db_side_size(path, "-wal") >= 0 ||
		  glossa_db_side_size(path, "-journal") > 0;
	if (!(dir = strdup(path)))
		return NULL;
	q = strrchr(dir, '/');
	if (q)
		q[q == dir] = '\0';
	writable = access(q ? dir : ".", W_OK) == 0;
	free(dir);
	if (has_wal || writable || !(uri = malloc(3 * strlen(path) + 32)))
		return NULL;
	q = uri + sprintf(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
			q += sprintf(q, "%%%02X", *p);
		else
			*q++ = (char)*p;
	strcpy(q, "?immutable=1");
	return uri;
}

/*
 * Say why SQLite could not read the archive when the reason is one of its
 * side files, which SQLite's message does not name: a -journal to roll
 * back where glossa may not write, a -wal that cannot be read, or one
 * holding changes whose -shm index is missing and cannot be made (a
 * directory we may not write).
 */
static void explain_io(glossa_db_t *db, glossa_status_t st)
{
	char *wal, *dir, *q;
	int dir_writable;

	if (glossa_db_side_size(db->path, "-journal") > 0) {
		glossa_db_error(db, st,
				"cannot read the archive %s: %s-journal "
				"holds a transaction that did not finish, "
				"which must be rolled back first, and "
				"glossa may not write the archive or its "
				"directory (open it once where it can be "
				"written)",
				db->path, db->path);
		return;
	}
	if (asprintf(&wal, "%s-wal", db->path) < 0)
		return;
	if (access(wal, F_OK) != 0) {
		free(wal);
		return;
	}
	if (access(wal, R_OK) != 0) {
		glossa_db_error(db, st, "cannot read the archive %s: %s: %s",
				db->path, wal, strerror(errno));
		free(wal);
		return;
	}
	free(wal);
	if (glossa_db_side_size(db->path, "-shm") >= 0 || !(dir = strdup(db->path)))
		return;
	q = strrchr(dir, '/');
	if (q)
		q[q == dir] = '\0';
	dir_writable = access(q ? dir : ".", W_OK) == 0;
	free(dir);
	if (!dir_writable)
		glossa_db_error(db, st,
				"cannot read the archive %s: changes in "
				"%s-wal need an index file %s-shm, which "
				"cannot be made in a directory you may "
				"not write (open the archive once where "
				"it can be written)",
				db->path, db->path, db->path);
}

double glossa_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * SQLite's busy handler: wait for another glossa's write for up to
 * GLOSSA_BUSY_SECONDS, trying every BUSY_POLL_MS. SQLite's own handler
 * (sqlite3_busy_timeout()) sleeps up to 100 ms between tries, and an
 * importer leaves the archive free between two batches for less than
 * that (see glossa_import_batch_begin()).
 */
#define BUSY_POLL_MS 5
static int busy_wait(void *arg, int tries)
{
	glossa_db_t *db = arg;

	if (tries == 0)
		db->busy_since = glossa_clock();
	else if (glossa_clock() - db->busy_since >= GLOSSA_BUSY_SECONDS)
		return 0;
	sqlite3_sleep(BUSY_POLL_MS);
	return 1;
}

/* SQLite's progress handler: the interrupt callback of
 * glossa_db_set_interrupt() stops any statement of the connection. */
static int progress(void *arg)
{
	glossa_db_t *db = arg;

	return db->interrupt ? db->interrupt(db->interrupt_arg) : 0;
}

glossa_status_t glossa_db_open(const char *path, int flags,
			       glossa_db_t **dbp, char **errmsg)
{
	glossa_db_t *db;
	glossa_status_t st;
	struct stat sb;
	char *uri = NULL;
	int oflags, rc;

	*dbp = NULL;
	if (errmsg)
		*errmsg = NULL;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return GLOSSA_NOMEM;
	}
	db->relative_origins = -1;

	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || !(flags & GLOSSA_OPEN_CREATE) ||
		    (flags & GLOSSA_OPEN_READONLY)) {
			int err = errno;

			st = glossa_db_error(db,
					     err == ENOENT ? GLOSSA_NOT_FOUND
							   : GLOSSA_IO,
					     err == ENOENT
						     ? "no archive at %s"
						       " (import articles"
						       " first: glossa import"
						       " FILE...)"
						     : "%s: %s",
					     path, strerror(err));
			goto fail;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		st = glossa_db_error(db, GLOSSA_NOT_ARCHIVE,
				     "%s is not a regular file", path);
		goto fail;
	} else if (access(path, R_OK) != 0) {
		st = glossa_db_error(db, GLOSSA_IO,
				     "%s: %s", path, strerror(errno));
		goto fail;
	} else if ((st = glossa_db_check_header(db, flags)) != GLOSSA_OK) {
		goto fail;
	}
	db->had_wal = glossa_db_side_size(path, "-wal") >= 0;
	db->had_shm = glossa_db_side_size(path, "-shm") >= 0;

	if (flags & GLOSSA_OPEN_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags = SQLITE_OPEN_READWRITE |
			 (flags & GLOSSA_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
reopen:
	rc = sqlite3_open_v2(uri ? uri : path, &db->sql,
			     oflags | SQLITE_OPEN_NOMUTEX |
				     (uri ? SQLITE_OPEN_URI : 0),
			     NULL);
	if (rc != SQLITE_OK) {
		st = glossa_db_fail(db, rc, "opening the archive");
		goto fail;
	}
	/* SQLite opens an unwritable file read-only without a word. */
	db->readonly = sqlite3_db_readonly(db->sql, "main") == 1;
	sqlite3_extended_result_codes(db->sql, 0);
	sqlite3_busy_handler(db->sql, busy_wait, db);
	sqlite3_progress_handler(db->sql, 1000, progress, db);
	rc = sqlite3_exec(db->sql,
			  "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF",
			  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = glossa_tokenizer_register(db->sql, &db->words);
	if (rc == SQLITE_OK)
		rc = glossa_search_register(db);
	if (rc == SQLITE_OK)
		rc = glossa_date_register(db->sql);
	if (rc != SQLITE_OK) {
		st = glossa_db_fail(db, rc, "opening the archive");
		goto fail;
	}
	/*
	 * Two glossas creating the same archive at once meet SQLITE_BUSY on
	 * steps the busy handler does not cover (turning WAL on); the one
	 * that waits tries again, GLOSSA_BUSY_SECONDS in all (each try may
	 * itself wait in the busy handler).
	 */
	double give_up = glossa_clock() + GLOSSA_BUSY_SECONDS;
	while ((st = glossa_db_check_schema(db, flags)) == GLOSSA_BUSY &&
	       glossa_clock() < give_up)
		sqlite3_sleep(50);
	if (st != GLOSSA_OK) {
		if ((st == GLOSSA_READONLY || st == GLOSSA_IO) &&
		    db->readonly && !uri && (uri = immutable_uri(path))) {
			sqlite3_close(db->sql);
			db->sql = NULL;
			oflags = SQLITE_OPEN_READONLY;
			goto reopen;
		}
		if (st == GLOSSA_IO || st == GLOSSA_READONLY)
			explain_io(db, st);
		goto fail;
	}
	/* A connection opened to read (the interface's searches, the
	 * commands that only read) keeps GLOSSA_READ_CACHE_KB of pages
	 * where SQLite keeps 2 MB: bench, 550 real-text queries at 10k,
	 * 134 540 reads of a page from the file, 103 436 with 6 MB, 67 193
	 * with 16 MB. No mmap: the pages it maps count in the resident set
	 * (103 MB at 10k with 256 MB mapped; the interface's target is 32
	 * MB at a million articles). */
	if ((flags & GLOSSA_OPEN_READONLY) &&
	    (st = glossa_db_exec(db, "PRAGMA cache_size = -" GLOSSA_STR(
					     GLOSSA_READ_CACHE_KB))))
		goto fail;
	/* the file just opened and checked: glossa_db_check_file() */
	if (stat(path, &sb) == 0) {
		db->file_dev = sb.st_dev;
		db->file_ino = sb.st_ino;
	}
	free(uri);
	db->tidy = db->readonly;
	*dbp = db;
	return GLOSSA_OK;
fail:
	free(uri);
	if (errmsg)
		*errmsg = strdup(glossa_db_errmsg(db));
	if (db->sql) {
		/* refused: a pending -wal stays the file's, as it was */
		sqlite3_db_config(db->sql, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
				  NULL);
		db->tidy = 1;
	}
	glossa_db_close(db);
	return st;
}

void glossa_db_close(glossa_db_t *db)
{
	if (!db)
		return;
	glossa_gloss_cache_free(db->gloss_cache);
	glossa_ranking_free(db->ranking);
	if (db->snippet_tok)
		db->snippet_api.xDelete(db->snippet_tok);
	for (size_t i = 0; i < GLOSSA_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	sqlite3_close(db->sql);
	if (db->tidy)
		remove_side_files(db->path, db->had_wal, db->had_shm);
	free(db->path);
	free(db->errmsg);
	free(db);
}

void glossa_db_count_add(glossa_db_t *db, int delta)
{
	db->count_delta += delta;
}

glossa_status_t glossa_db_count(glossa_db_t *db, int64_t *count)
{
	glossa_status_t st;
	sqlite3_stmt *stmt =
		glossa_db_prepare(db, "SELECT n FROM article_count", &st);
	int rc;

	if (!stmt)
		return st;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) /* with this transaction's, not yet written */
		*count = sqlite3_column_int64(stmt, 0) + db->count_delta;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? GLOSSA_OK
				: glossa_db_fail(db, rc, "counting articles");
}

/* Run a one-statement write bound to an id and an integer; NOT_FOUND when
 * no row changed. */
glossa_status_t glossa_db_write_id(glossa_db_t *db, const char *sql,
				   int64_t id, int64_t value,
				   const char *what)
{
	glossa_status_t st;
	sqlite3_stmt *stmt;
	int rc;

	if (db->readonly) {
		return glossa_db_error(db, GLOSSA_READONLY,
				       "the archive %s is open read-only",
				       db->path);
	}
	/* a build's read transaction may be older than the last commit,
	 * and then could not become a write one */
	glossa_gloss_cache_stop(db->gloss_cache);
	if (!(stmt = glossa_db_prepare(db, sql, &st)))
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, value);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, what);
	if (sqlite3_changes(db->sql) == 0) {
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
				       "%s: no such id %lld", what,
				       (long long)id);
	}
	return GLOSSA_OK;
}
