/*
 * maint.h: looking after the archive file: checking it and backing it up.
 */
#ifndef GLOSSA_MAINT_H
#define GLOSSA_MAINT_H

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Check the archive, in this order: SQLite's integrity_check and
 * foreign_key_check; the article count kept (schema 5) against the
 * articles; FTS5's integrity-check of both full-text indexes against the
 * text they index (the whole text tokenized again: slow at a large
 * archive; skipped, and said so, when the archive is read-only); then,
 * when all that is sound, that every word of the indexes is in the word
 * list that prefix searches use (one found short is made again at the
 * next writable open: check writes that mark, nothing else), and the
 * articles whose Date cannot be read, listed as a warning ("dates:
 * warning: ..."), which is no damage.
 *
 * *report (allocated, the caller's to free(); NULL on any other failure
 * than GLOSSA_CORRUPT) says what was checked and what was found, one
 * line a check ("integrity_check: ok"), the last one the archive's
 * article count. Returns GLOSSA_OK when all is sound; GLOSSA_CORRUPT
 * when anything is damaged (the report says what, the message names the
 * archive); or an archive error (db.h). The interrupt callback can stop
 * it (GLOSSA_INTERRUPTED).
 */
glossa_status_t glossa_db_check(glossa_db_t *db, char **report);

/*
 * Copy the archive to path with SQLite's online backup API (safe while
 * others read or write it; one snapshot): into a temporary file beside
 * path, synced, then given its name and the directory synced. An
 * existing path is replaced only with force (without it, a file that
 * appears meanwhile is not replaced either: GLOSSA_EXISTS). The archive
 * itself and the files SQLite keeps beside it (-wal, -shm, -journal) are
 * refused even with force, as are a symbolic link, a directory and
 * anything else not a regular file at path (GLOSSA_BAD_INPUT). The
 * interrupt callback (glossa_db_set_interrupt()) is asked every few
 * megabytes: when it says stop, GLOSSA_INTERRUPTED. On any failure the
 * temporary file is removed and path is as it was.
 *
 * Returns GLOSSA_OK; GLOSSA_BAD_INPUT, GLOSSA_EXISTS, GLOSSA_INTERRUPTED
 * as above; GLOSSA_IO or GLOSSA_FULL (writing path or beside it);
 * GLOSSA_BUSY (the archive stayed locked); GLOSSA_NOMEM.
 */
glossa_status_t glossa_db_backup(glossa_db_t *db, const char *path,
				 int force);

#ifdef __cplusplus
}
#endif

#endif
