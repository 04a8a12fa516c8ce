/*
 * importer.c: many files into the archive in batches, each file's
 * outcome what a transaction of its own would give (importer.h).
 *
 * Exported: the glossa_importer_* calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"

/* A file of the open batch, reported when the batch commits. */
struct pending {
	char *path;
	char *encoding; /* NULL: detect */
	int flags;      /* GLOSSA_IMPORTER_FOLLOW */
	glossa_import_result_t res;
};

struct glossa_importer {
	glossa_db_t *db;
	glossa_import_cb *cb;
	void *arg;
	size_t max_files;
	double max_seconds;
	struct pending *pending;
	size_t n_pending, cap_pending;
	double batch_start;
	int stopped; /* a stop ended the import */
};

glossa_status_t glossa_importer_begin(glossa_db_t *db, glossa_import_cb *cb,
				      void *arg, glossa_importer_t **out)
{
	glossa_importer_t *imp = calloc(1, sizeof(*imp));

	*out = imp;
	if (!imp) {
		return glossa_db_error(db, GLOSSA_NOMEM, "out of memory");
	}
	imp->db = db;
	imp->cb = cb;
	imp->arg = arg;
	glossa_importer_set_batch(imp, 0, 0);
	return GLOSSA_OK;
}

void glossa_importer_set_batch(glossa_importer_t *imp, size_t max_files,
			       double max_seconds)
{
	imp->max_files = max_files ? max_files : GLOSSA_IMPORT_BATCH_FILES;
	imp->max_seconds =
		max_seconds > 0 ? max_seconds : GLOSSA_IMPORT_BATCH_SECONDS;
}

/* Whether the archive's interrupt callback asks to stop. */
static int stop_asked(const glossa_importer_t *imp)
{
	const glossa_db_t *db = imp->db;

	return db->interrupt && db->interrupt(db->interrupt_arg);
}

static void report_failed(glossa_importer_t *imp, const char *path,
			  glossa_status_t st, const char *msg)
{
	imp->cb(imp->arg, path, st, NULL, msg);
}

/* Report a file imported alone with status st (res, cleared here). */
static void report(glossa_importer_t *imp, const char *path,
		   glossa_status_t st, glossa_import_result_t *res)
{
	if (st == GLOSSA_OK)
		imp->cb(imp->arg, path, st, res, NULL);
	else
		report_failed(imp, path, st, glossa_db_errmsg(imp->db));
	glossa_import_result_clear(res);
}

/* Forget the first n files of the batch (reported, or imported again). */
static void drop_pending(glossa_importer_t *imp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		glossa_import_result_clear(&imp->pending[i].res);
		free(imp->pending[i].path);
		free(imp->pending[i].encoding);
	}
	if (n < imp->n_pending)
		memmove(imp->pending, imp->pending + n,
			(imp->n_pending - n) * sizeof(*imp->pending));
	imp->n_pending -= n;
}

/* Stop the import: roll back the open batch and report its files as not
 * imported. Always GLOSSA_INTERRUPTED. */
static glossa_status_t stop(glossa_importer_t *imp)
{
	glossa_import_batch_rollback(imp->db);
	for (size_t i = 0; i < imp->n_pending; i++)
		report_failed(imp, imp->pending[i].path, GLOSSA_INTERRUPTED,
			      "interrupted");
	drop_pending(imp, imp->n_pending);
	imp->stopped = 1;
	return glossa_db_error(imp->db, GLOSSA_INTERRUPTED, "interrupted");
}

/* Stop, and report path (read, not imported) as interrupted too. */
static glossa_status_t stop_at(glossa_importer_t *imp, const char *path)
{
	stop(imp);
	report_failed(imp, path, GLOSSA_INTERRUPTED, "interrupted");
	return GLOSSA_INTERRUPTED;
}

/* Open a file of the import again: a link is followed only with
 * GLOSSA_IMPORTER_FOLLOW. O_NONBLOCK: a FIFO must not wait for a writer. */
static int open_file(const char *path, int flags)
{
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
				  (flags & GLOSSA_IMPORTER_FOLLOW ? 0
								  : O_NOFOLLOW));
}

/* Import one file (fd, or path opened again if fd is -1) in a transaction
 * of its own and report it. GLOSSA_INTERRUPTED, with nothing reported,
 * when a stop came: the caller stops. */
static glossa_status_t import_alone(glossa_importer_t *imp, int fd,
				    const char *path, const char *encoding,
				    int flags)
{
	glossa_import_result_t res;
	glossa_status_t st;
	int own = fd < 0;

	if (own && (fd = open_file(path, flags)) < 0) {
		report_failed(imp, path, GLOSSA_IO, strerror(errno));
		return GLOSSA_OK;
	}
	st = glossa_import_fd(imp->db, fd, path, encoding, &res);
	if (own)
		close(fd);
	if (st == GLOSSA_INTERRUPTED)
		return st;
	report(imp, path, st, &res);
	return GLOSSA_OK;
}

/* End the open batch: commit and report its files, or, if the batch was
 * rolled back (the commit failed, or a file failed while writing), import
 * them again one by one; after a stop, stop instead. 1 if it committed. */
static int end_batch(glossa_importer_t *imp)
{
	glossa_db_t *db = imp->db;

	if (stop_asked(imp)) {
		stop(imp);
		return 0;
	}
	if (glossa_import_batch_open(db) &&
	    glossa_import_batch_commit(db) == GLOSSA_OK) {
		for (size_t i = 0; i < imp->n_pending; i++)
			imp->cb(imp->arg, imp->pending[i].path, GLOSSA_OK,
				&imp->pending[i].res, NULL);
		drop_pending(imp, imp->n_pending);
		return 1;
	}
	while (imp->n_pending) {
		struct pending *p = &imp->pending[0];
		if (stop_asked(imp) ||
		    import_alone(imp, -1, p->path, p->encoding, p->flags) ==
			    GLOSSA_INTERRUPTED) {
			stop(imp);
			break;
		}
		drop_pending(imp, 1);
	}
	return 0;
}

/* Keep an imported file of the batch to report later (res becomes the
 * batch's); 0 if out of memory (then the batch ends now). */
static int keep_pending(glossa_importer_t *imp, const char *path,
			const char *encoding, int flags,
			glossa_import_result_t *res)
{
	struct pending p = {.flags = flags, .res = *res};

	if (GLOSSA_GROW(imp->pending, imp->cap_pending, imp->n_pending + 1) <
		    0 ||
	    !(p.path = strdup(path)) ||
	    (encoding && !(p.encoding = strdup(encoding)))) {
		free(p.path);
		return 0;
	}
	imp->pending[imp->n_pending++] = p;
	return 1;
}

/* What an add call returns once the file is dealt with. */
static glossa_status_t added(glossa_importer_t *imp)
{
	return imp->stopped ? GLOSSA_INTERRUPTED : GLOSSA_OK;
}

glossa_status_t glossa_importer_add_fd(glossa_importer_t *imp, int fd,
				       const char *path, const char *encoding,
				       int flags)
{
	glossa_db_t *db = imp->db;
	glossa_import_result_t res;
	glossa_status_t st;

	if (imp->stopped || stop_asked(imp))
		return stop(imp);
	if (!glossa_import_batch_open(db)) {
		if (glossa_import_batch_begin(db) != GLOSSA_OK) {
			/* e.g. busy: the file says why on its own */
			if (import_alone(imp, fd, path, encoding, flags) ==
			    GLOSSA_INTERRUPTED)
				return stop_at(imp, path);
			return GLOSSA_OK;
		}
		imp->batch_start = glossa_clock();
	}
	st = glossa_import_fd(db, fd, path, encoding, &res);
	if (st == GLOSSA_OK) {
		if (!keep_pending(imp, path, encoding, flags, &res)) {
			if (end_batch(imp))
				imp->cb(imp->arg, path, GLOSSA_OK, &res, NULL);
			else if (imp->stopped)
				report_failed(imp, path, GLOSSA_INTERRUPTED,
					      "interrupted");
			else if (import_alone(imp, fd, path, encoding,
					      flags) == GLOSSA_INTERRUPTED)
				stop_at(imp, path);
			glossa_import_result_clear(&res);
			return added(imp);
		}
		if (imp->n_pending >= imp->max_files ||
		    glossa_clock() - imp->batch_start >= imp->max_seconds)
			end_batch(imp);
		return added(imp);
	}
	if (st == GLOSSA_INTERRUPTED)
		return stop_at(imp, path);
	if (glossa_import_batch_open(db)) {
		/* Refused before writing: the batch is intact. Commit it
		 * first, so that the reports keep the files' order. A stop
		 * that came meanwhile rolls the batch back: this file is then
		 * one of those not imported, as the batch's files are. */
		char *msg = strdup(glossa_db_errmsg(db));
		end_batch(imp);
		if (imp->stopped)
			report_failed(imp, path, GLOSSA_INTERRUPTED,
				      "interrupted");
		else
			report_failed(imp, path, st,
				      msg ? msg : glossa_status_to_string(st));
		free(msg);
		return added(imp);
	}
	/* The batch was rolled back: its files go in again one by one,
	 * then this one, unless a stop came. */
	end_batch(imp);
	if (imp->stopped)
		report_failed(imp, path, GLOSSA_INTERRUPTED, "interrupted");
	else if (import_alone(imp, fd, path, encoding, flags) ==
		 GLOSSA_INTERRUPTED)
		stop_at(imp, path);
	return added(imp);
}

glossa_status_t glossa_importer_add_file(glossa_importer_t *imp,
					 const char *path,
					 const char *encoding, int flags)
{
	glossa_status_t st;
	int fd;

	if (imp->stopped || stop_asked(imp))
		return stop(imp);
	if ((fd = open_file(path, flags)) < 0) {
		report_failed(imp, path, GLOSSA_IO, strerror(errno));
		return GLOSSA_OK;
	}
	st = glossa_importer_add_fd(imp, fd, path, encoding, flags);
	close(fd);
	return st;
}

glossa_status_t glossa_importer_add_buffer(glossa_importer_t *imp,
					   const char *data, size_t len,
					   const char *name,
					   const char *encoding)
{
	glossa_import_result_t res;
	glossa_status_t st;

	if (glossa_importer_commit(imp) != GLOSSA_OK || stop_asked(imp))
		return stop(imp);
	st = glossa_import_buffer(imp->db, data, len, name, encoding, &res);
	if (st == GLOSSA_INTERRUPTED)
		return stop_at(imp, name);
	report(imp, name, st, &res);
	return GLOSSA_OK;
}

glossa_status_t glossa_importer_commit(glossa_importer_t *imp)
{
	if (imp->stopped)
		return stop(imp);
	end_batch(imp);
	return added(imp);
}

glossa_status_t glossa_importer_finish(glossa_importer_t *imp)
{
	glossa_status_t st;

	if (!imp)
		return GLOSSA_OK;
	if (!imp->stopped)
		end_batch(imp);
	st = added(imp);
	drop_pending(imp, imp->n_pending);
	free(imp->pending);
	free(imp);
	return st;
}
