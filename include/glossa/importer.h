/*
 * importer.h: importing many files, with the same guarantees for every
 * front end.
 *
 * An importer takes files one at a time (glossa_importer_add_fd(),
 * glossa_importer_add_file(), glossa_importer_add_buffer()) and puts them
 * into the archive in batches: one transaction for up to 20 000 files or
 * 10 seconds of work, whichever comes first (several times faster than a
 * transaction a file; see glossa_import_batch_begin() in archive.h, the
 * layer below, which a front end need not call). What it promises:
 *
 * - Each file's outcome is what a transaction of its own would give. A
 *   file is reported (the callback) once it is in the archive, that is,
 *   once its batch has committed, or when it failed. If a batch is rolled
 *   back by a failure while writing (disk full, I/O, busy at the commit),
 *   its files are imported again one transaction each, opened again by
 *   their path, and each reported as that goes.
 * - Files are reported in the order they were given.
 * - A kill -9 loses at most the open batch, none of it reported.
 * - A stop asked through the archive's interrupt callback
 *   (glossa_db_set_interrupt()) ends the import at once: the open batch is
 *   rolled back and not imported again (that took a minute for a large
 *   batch); each file of it is reported with GLOSSA_INTERRUPTED, and the
 *   call returns GLOSSA_INTERRUPTED. What was committed stays.
 *
 * One importer per handle at a time, used by the handle's thread.
 */
#ifndef GLOSSA_IMPORTER_H
#define GLOSSA_IMPORTER_H

#include <stddef.h>

#include "db.h"
#include "import.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct glossa_importer glossa_importer_t;

/*
 * What became of one file, called once for every file given (and only
 * once), in the order given:
 *   GLOSSA_OK: it is in the archive; res says how (its strings live until
 *     the callback returns), msg is NULL.
 *   GLOSSA_INTERRUPTED: it was read, but a stop rolled its batch back: it
 *     is not in the archive; res is NULL, msg "interrupted".
 *   any other status: it was not imported; res is NULL, msg says why in
 *     words for the user (without the path).
 * A file given after the stop (or when it came before the file was read)
 * is not reported: the add call returns GLOSSA_INTERRUPTED instead.
 */
typedef void glossa_import_cb(void *arg, const char *path,
			      glossa_status_t st,
			      const glossa_import_result_t *res,
			      const char *msg);

/*
 * Begin importing into db (which must stay open until
 * glossa_importer_finish()), reporting each file to cb with arg.
 * GLOSSA_NOMEM is the only failure (then *out is NULL).
 */
glossa_status_t glossa_importer_begin(glossa_db_t *db, glossa_import_cb *cb,
				      void *arg, glossa_importer_t **out);

/*
 * How large a batch may grow: max_files files, max_seconds seconds of
 * work (0: the default, a third of GLOSSA_BUSY_SECONDS and many files).
 * 1 file makes each file a transaction of its own. For tests and
 * benchmarks.
 */
void glossa_importer_set_batch(glossa_importer_t *imp, size_t max_files,
			       double max_seconds);

enum {
	/* a symbolic link at path may be followed when the file is opened
	 * again to replay a failed batch (a file named by the user); without
	 * it, it is opened with O_NOFOLLOW (a file found in a directory) */
	GLOSSA_IMPORTER_FOLLOW = 1 << 0,
};

/*
 * Import the file open as fd (it stays the caller's; it may be closed as
 * soon as the call returns) into the open batch. path names the file in
 * the archive (glossa_import_fd()) and to the callback, and opens it
 * again should the batch be rolled back and replayed (flags:
 * GLOSSA_IMPORTER_FOLLOW). encoding: NULL detects it. The outcome goes to
 * the callback, now or when the batch commits; the call returns GLOSSA_OK
 * whatever became of the file, GLOSSA_INTERRUPTED once the import was
 * stopped (this call or an earlier one; nothing more is imported).
 */
glossa_status_t glossa_importer_add_fd(glossa_importer_t *imp, int fd,
				       const char *path, const char *encoding,
				       int flags);

/* The same for the file at path, opened here (O_NONBLOCK: a FIFO does not
 * hang; refused as not a regular file). */
glossa_status_t glossa_importer_add_file(glossa_importer_t *imp,
					 const char *path,
					 const char *encoding, int flags);

/*
 * The bytes of one article that cannot be read again (standard input):
 * the batch open is committed first, then data goes in with a
 * transaction of its own (glossa_import_buffer(); name as its origin).
 * Same returns as glossa_importer_add_fd().
 */
glossa_status_t glossa_importer_add_buffer(glossa_importer_t *imp,
					   const char *data, size_t len,
					   const char *name,
					   const char *encoding);

/*
 * Commit the open batch now, reporting its files (replaying them on a
 * failure): before the front end waits for something (input from a
 * terminal), so that the archive is not held meanwhile. GLOSSA_OK, or
 * GLOSSA_INTERRUPTED if the import was stopped (now or before): a front
 * end that notices a stop itself calls this to end the import.
 */
glossa_status_t glossa_importer_commit(glossa_importer_t *imp);

/*
 * Commit the open batch (reporting its files; replaying them on a
 * failure) and free the importer; NULL is a no-op. Returns GLOSSA_OK, or
 * GLOSSA_INTERRUPTED if the import was stopped (now or before). Files
 * that failed are not a failure of the importer: the callback said so.
 */
glossa_status_t glossa_importer_finish(glossa_importer_t *imp);

#ifdef __cplusplus
}
#endif

#endif
