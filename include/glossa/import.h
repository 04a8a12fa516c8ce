/*
 * import.h: reading article files into the archive, one file one
 * transaction, or many files in one batch transaction.
 */
#ifndef GLOSSA_IMPORT_H
#define GLOSSA_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What one import did. Zeroed by every import call first; its warnings
 * are allocated (glossa_import_result_clear() them), on failure too. */
typedef struct glossa_import_result {
	int64_t article_id;
	int updated;      /* 1: an existing article was updated in place */
	int unchanged;    /* 1: it was imported from these bytes last time,
			   * and nothing was written */
	int64_t namesake_id; /* a new article only: another article with
			      * its title and date (a copy?), else 0 */
	size_t n_glosses; /* annotations read from the file */
	char **warnings;  /* e.g. a glossed phrase not in the body */
	size_t n_warnings;
} glossa_import_result_t;

/* Free the warnings of a result and zero it (the struct itself is the
 * caller's); NULL is a no-op. */
void glossa_import_result_clear(glossa_import_result_t *res);

/*
 * Import one article from the bytes of a file, in one transaction (or
 * in the open batch, see glossa_import_batch_begin()):
 * decode (encoding NULL: detect), parse, then insert it, or update in
 * place the article it is by a key the user gave: the same URL; else
 * the same file (origin, when it is an absolute path), if that
 * article has no other URL and still has its title or its body; else the
 * same Title, Date and Source, all three given. A title taken from the
 * first line of a file without a header identifies nothing. The same
 * bytes (and encoding) as the article's last import write nothing
 * (res->unchanged).
 *
 * Updating keeps what the user wrote: an annotation created or changed
 * in glossa is never changed or deleted (only placed again in the new
 * body); one from the file that the user left alone keeps its id while
 * the file still gives it and goes when the file no longer does; a
 * file's annotation the user deleted does not come back. origin (not
 * NULL) names the file in the archive and in messages. data, origin and
 * encoding stay the caller's. On failure nothing is written and the
 * message says why.
 *
 * Returns GLOSSA_OK; GLOSSA_BAD_INPUT (the bytes cannot be decoded, or
 * are not an article: the message says where and why); GLOSSA_NOMEM;
 * GLOSSA_INTERRUPTED (the interrupt callback, asked before it starts and
 * before it commits); or an archive error of a write (db.h). In a batch,
 * a failure while writing rolls the whole batch back (see
 * glossa_import_batch_begin()).
 */
glossa_status_t glossa_import_buffer(glossa_db_t *db, const char *data,
				     size_t len, const char *origin,
				     const char *encoding,
				     glossa_import_result_t *res);

/* The largest file glossa_import_file() and glossa_import_fd() read
 * unless glossa_db_set_max_file() says otherwise. */
#define GLOSSA_MAX_FILE (64u * 1024 * 1024)

/* Files larger than bytes are refused by glossa_import_file() and
 * glossa_import_fd() (GLOSSA_BAD_INPUT); 0 restores GLOSSA_MAX_FILE. */
void glossa_db_set_max_file(glossa_db_t *db, uint64_t bytes);

/*
 * The same for a regular file at path, whose absolute path (symbolic
 * links resolved) is the origin. Returns as glossa_import_buffer(), and
 * GLOSSA_IO when the file cannot be opened or read, GLOSSA_BAD_INPUT for
 * a directory, a FIFO or another file that is not a regular one, and a
 * file larger than the limit.
 */
glossa_status_t glossa_import_file(glossa_db_t *db, const char *path,
				   const char *encoding,
				   glossa_import_result_t *res);

/* The same for a file the caller opened (fd stays open and its offset is
 * not used; path names it in the archive and in messages). The file read
 * is the one fd refers to, whatever path names by now: for a caller that
 * opened it with O_NOFOLLOW, or checked which file it is (st_dev, st_ino)
 * first. Returns as glossa_import_file(). */
glossa_status_t glossa_import_fd(glossa_db_t *db, int fd, const char *path,
				 const char *encoding,
				 glossa_import_result_t *res);

/*
 * Batches, for importing many files: between glossa_import_batch_begin()
 * and glossa_import_batch_commit(), the files imported go into one
 * transaction instead of one each, and are in the archive once the batch
 * commits (a kill -9 before that leaves the archive as it was before the
 * batch). It is several times faster: SQLite's FTS5 writes a new index
 * segment at every commit, and each page a batch changes is written
 * once. How many files a batch holds is the caller's choice (a batch
 * holds the archive's write lock: other writers wait for it, up to
 * GLOSSA_BUSY_SECONDS of db.h).
 *
 * Each file is still all or nothing. A file refused before anything is
 * written (unreadable, too large, not text, not an article) leaves the
 * batch as it was. A failure while writing (disk full, I/O, interrupted)
 * rolls the whole batch back: the call returns its error and
 * glossa_import_batch_open() returns 0; the files imported since the
 * batch began are not in the archive, and the caller imports them again
 * (one transaction each, or in a new batch) if it wants them.
 *
 * Begin a batch (a no-op returning GLOSSA_OK when one is open). Returns
 * GLOSSA_OK or an archive error of a write (db.h); then no batch is open.
 */
glossa_status_t glossa_import_batch_begin(glossa_db_t *db);

/* Commit the batch and end it; no batch open is a no-op (GLOSSA_OK).
 * Returns GLOSSA_OK or an archive error of a write (db.h); on failure
 * the batch is rolled back. */
glossa_status_t glossa_import_batch_commit(glossa_db_t *db);

/* Roll the batch back and end it; no batch open is a no-op. */
void glossa_import_batch_rollback(glossa_db_t *db);

/* 1 while a batch is open. */
int glossa_import_batch_open(const glossa_db_t *db);

#ifdef __cplusplus
}
#endif

#endif
