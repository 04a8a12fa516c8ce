/*
 * import.c: reading article files into the archive, one file one
 * transaction, or many files in one batch transaction.
 *
 * Exported: glossa_import_file, glossa_import_buffer,
 * glossa_import_result_clear and the glossa_import_batch_* calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

void glossa_import_result_clear(glossa_import_result_t *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_warnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}

/* The id of the article a is the same article as (same URL, else same
 * title and date), or 0. */
static glossa_status_t find_existing(glossa_db_t *db,
				     const glossa_article_t *a, int64_t *id)
{
	sqlite3_stmt *stmt;
	int rc;

	*id = 0;
	if (a->url[0]) {
		/* url <> '': lets SQLite use the partial index article_url. */
		stmt = glossa_db_cached(db, "SELECT id FROM article"
					    " WHERE url = ?1 AND url <> ''"
					    " LIMIT 1");
	} else {
		stmt = glossa_db_cached(db, "SELECT id FROM article"
					    " WHERE url = '' AND title = ?1"
					    " AND date = ?2 LIMIT 1");
	}
	if (!stmt)
		return db->status;
	sqlite3_bind_text(stmt, 1, a->url[0] ? a->url : a->title, -1,
			  SQLITE_STATIC);
	if (!a->url[0])
		sqlite3_bind_text(stmt, 2, a->date, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	glossa_db_release(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "importing");
	return GLOSSA_OK;
}

/* Insert or update the article row; a->id is set. */
static glossa_status_t write_article(glossa_db_t *db, glossa_article_t *a,
				     int64_t existing)
{
	sqlite3_stmt *stmt;
	const char *texts[] = {a->title, a->source,   a->author,
			       a->url,	 a->date,     a->language,
			       a->tags,	 a->body,     a->encoding,
			       a->origin};
	int rc;

	if (existing)
		stmt = glossa_db_cached(
			db, "UPDATE article SET title = ?1, source = ?2,"
			    " author = ?3, url = ?4, date = ?5,"
			    " language = ?6, tags = ?7, body = ?8,"
			    " encoding = ?9, origin = ?10, imported = ?11"
			    " WHERE id = ?12");
	else
		stmt = glossa_db_cached(
			db, "INSERT INTO article (title, source, author, url,"
			    " date, language, tags, body, encoding, origin,"
			    " imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			    " ?8, ?9, ?10, ?11)");
	if (!stmt)
		return db->status;
	for (int i = 0; i < 10; i++)
		sqlite3_bind_text(stmt, i + 1, texts[i] ? texts[i] : "", -1,
				  SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 11, (int64_t)time(NULL));
	if (existing)
		sqlite3_bind_int64(stmt, 12, existing);
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "storing the article");
	if (existing) {
		a->id = existing;
		return GLOSSA_OK;
	}
	a->id = sqlite3_last_insert_rowid(db->sql);
	glossa_db_count_add(db, 1);
	return GLOSSA_OK;
}

/* Replace the article's unknown header fields with a's. */
static glossa_status_t write_fields(glossa_db_t *db,
				    const glossa_article_t *a)
{
	sqlite3_stmt *del, *ins;
	glossa_status_t st = GLOSSA_OK;
	int rc;

	del = glossa_db_cached(db, "DELETE FROM article_field"
				   " WHERE article_id = ?");
	if (!del)
		return db->status;
	sqlite3_bind_int64(del, 1, a->id);
	rc = sqlite3_step(del);
	glossa_db_release(del);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "storing the article");
	ins = glossa_db_cached(db, "INSERT INTO article_field"
				   " (article_id, seq, name, value)"
				   " VALUES (?, ?, ?, ?)");
	if (!ins)
		return db->status;
	for (size_t i = 0; i < a->n_extra && st == GLOSSA_OK; i++) {
		sqlite3_bind_int64(ins, 1, a->id);
		sqlite3_bind_int64(ins, 2, (int64_t)i);
		sqlite3_bind_text(ins, 3, a->extra[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, a->extra[i].value, -1,
				  SQLITE_STATIC);
		rc = sqlite3_step(ins);
		if (rc != SQLITE_DONE)
			st = glossa_db_fail(db, rc, "storing the article");
		sqlite3_reset(ins);
	}
	glossa_db_release(ins);
	return st;
}

/* Same kind, phrase and texts: the file's copy of a note added by hand
 * (e.g. an exported archive imported again). */
static int same_note(const glossa_annotation_t *x,
		     const glossa_annotation_t *y)
{
	return x->kind == y->kind && strcmp(x->phrase, y->phrase) == 0 &&
	       strcmp(x->translation, y->translation) == 0 &&
	       strcmp(x->note, y->note) == 0;
}

/*
 * For an article imported again: drop the annotations its file gave last
 * time, find the ones added in glossa again in the new body
 * (glossa_reanchor: old place, else best context, else detached), and
 * keep them in *kept for the caller to free.
 */
static glossa_status_t reanchor_notes(glossa_db_t *db,
				      const glossa_article_t *a,
				      glossa_annotation_t **kept,
				      size_t *n_kept)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int rc;

	st = glossa_fts_notes(db, GLOSSA_FTS_FILE_NOTES, a->id, 0);
	if (st != GLOSSA_OK)
		return st;
	stmt = glossa_db_prepare(db, "DELETE FROM annotation"
				     " WHERE article_id = ? AND from_file");
	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, a->id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "updating the article");
	st = glossa_annotations_list(db, a->id, kept, n_kept);
	if (st != GLOSSA_OK)
		return st;
	stmt = glossa_db_prepare(db, "UPDATE annotation SET pos = ?2,"
				     " context_before = ?3,"
				     " context_after = ?4, detached = ?5"
				     " WHERE id = ?1");
	if (!stmt)
		return db->status;
	for (size_t i = 0; i < *n_kept && st == GLOSSA_OK; i++) {
		glossa_annotation_t *n = &(*kept)[i];
		if (!n->phrase[0])
			continue;
		if ((st = glossa_reanchor(a->body, n)) != GLOSSA_OK)
			break;
		sqlite3_bind_int64(stmt, 1, n->id);
		sqlite3_bind_int64(stmt, 2, n->pos);
		sqlite3_bind_text(stmt, 3, n->context_before, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, n->context_after, -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(stmt, 5, n->detached);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_DONE)
			st = glossa_db_fail(db, rc, "updating the article");
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return st;
}

/* Fill the glosses column of an article not in the index yet. */
static glossa_status_t set_glosses(glossa_db_t *db, int64_t id)
{
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "UPDATE article SET glosses = " GLOSSES_OF("?1")
		    " WHERE id = ?1");
	int rc;

	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	return rc == SQLITE_DONE ? GLOSSA_OK
				 : glossa_db_fail(db, rc, "indexing notes");
}

/* Store a parsed article: the body of glossa_import_buffer's
 * transaction. */
static glossa_status_t store(glossa_db_t *db, glossa_article_t *a,
			     glossa_import_result_t *res)
{
	glossa_annotation_t *kept = NULL;
	size_t n_kept = 0;
	glossa_status_t st;
	int64_t existing;

	if ((st = find_existing(db, a, &existing)) != GLOSSA_OK)
		return st;
	if (existing && (st = glossa_fts_article(db, existing, 0)))
		return st;
	if ((st = write_article(db, a, existing)) != GLOSSA_OK)
		return st;
	if ((st = write_fields(db, a)) != GLOSSA_OK)
		return st;
	if (existing && (st = reanchor_notes(db, a, &kept, &n_kept)))
		goto done;
	for (size_t i = 0; i < a->n_notes && st == GLOSSA_OK; i++) {
		glossa_annotation_t *n = &a->notes[i];
		int dup = 0;
		for (size_t k = 0; k < n_kept && !dup; k++)
			dup = same_note(n, &kept[k]);
		n->article_id = a->id;
		if (!dup)
			st = glossa_annotation_insert(db, n, 1);
	}
	/* a new article without notes keeps its glosses column empty */
	if (st == GLOSSA_OK && (existing || a->n_notes))
		st = set_glosses(db, a->id);
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, a->id, 1);
	res->article_id = a->id;
	res->updated = existing != 0;
	res->n_glosses = a->n_notes;
done:
	glossa_annotations_free(kept, n_kept);
	return st;
}

/* GLOSSA_INTERRUPTED (with its message) if the interrupt callback of
 * glossa_db_set_interrupt() asks to stop. */
static glossa_status_t interrupted(glossa_db_t *db)
{
	if (!db->interrupt || !db->interrupt(db->interrupt_arg))
		return GLOSSA_OK;
	glossa_db_set_error(db, "interrupted");
	return db->status = GLOSSA_INTERRUPTED;
}

/* glossa_import_buffer(), freeing owned (data's own allocation, or NULL)
 * as soon as data is decoded: a big file's bytes, its text and its
 * parsed article are not all held at once. */
static glossa_status_t import_buffer(glossa_db_t *db, const char *data,
				     size_t len, char *owned,
				     const char *origin, const char *encoding,
				     glossa_import_result_t *res)
{
	glossa_article_t *a = NULL;
	char *text = NULL, *enc = NULL, *msg = NULL;
	size_t text_len;
	glossa_status_t st;

	memset(res, 0, sizeof(*res));
	st = glossa_decode(data, len, encoding, &text, &text_len, &enc, &msg);
	free(owned);
	if (st == GLOSSA_OK)
		st = glossa_parse(text, text_len, &a, &msg);
	free(text);
	if (st != GLOSSA_OK) {
		glossa_db_set_error(db, "%s",
				    msg ? msg : glossa_status_to_string(st));
		goto out;
	}
	free(a->encoding);
	free(a->origin);
	a->encoding = enc;
	enc = NULL;
	a->origin = glossa_strdup(origin);
	if (!a->origin) {
		st = GLOSSA_NOMEM;
		goto out;
	}
	if ((st = interrupted(db)) != GLOSSA_OK)
		goto out;
	if (!db->batch && (st = glossa_db_begin(db)) != GLOSSA_OK)
		goto out;
	st = store(db, a, res);
	/* Asked to stop before the commit: the file is not imported. */
	if (st == GLOSSA_OK)
		st = interrupted(db);
	if (st == GLOSSA_OK && !db->batch)
		st = glossa_db_commit(db);
	if (st != GLOSSA_OK) {
		/* A batch goes back whole: its other files were written
		 * in the same transaction. */
		db->batch = 0;
		glossa_db_rollback(db);
		glossa_import_result_clear(res);
		goto out;
	}
	/* The parser's warnings become the caller's. */
	res->warnings = a->warnings;
	res->n_warnings = a->n_warnings;
	a->warnings = NULL;
	a->n_warnings = 0;
out:
	free(enc);
	free(msg);
	glossa_article_free(a);
	return st;
}

glossa_status_t glossa_import_buffer(glossa_db_t *db, const char *data,
				     size_t len, const char *origin,
				     const char *encoding,
				     glossa_import_result_t *res)
{
	return import_buffer(db, data, len, NULL, origin, encoding, res);
}

glossa_status_t glossa_import_file(glossa_db_t *db, const char *path,
				   const char *encoding,
				   glossa_import_result_t *res)
{
	struct stat sb;
	char *data;
	size_t len = 0;
	int fd;

	memset(res, 0, sizeof(*res));
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		glossa_db_set_error(db, "%s", strerror(errno));
		return GLOSSA_IO;
	}
	if (fstat(fd, &sb) != 0) {
		glossa_db_set_error(db, "%s", strerror(errno));
		close(fd);
		return GLOSSA_IO;
	}
	if (!S_ISREG(sb.st_mode)) {
		glossa_db_set_error(db, S_ISDIR(sb.st_mode)
						? "is a directory"
						: "not a regular file");
		close(fd);
		return GLOSSA_BAD_INPUT;
	}
	uint64_t limit = db->max_file ? db->max_file : GLOSSA_MAX_FILE;
	if ((uint64_t)sb.st_size > limit || (uint64_t)sb.st_size >= SIZE_MAX) {
		int mb = limit % (1024 * 1024) == 0;
		glossa_db_set_error(db,
				    "file too large (%lld bytes; the limit "
				    "is %llu %s)",
				    (long long)sb.st_size,
				    (unsigned long long)(mb ? limit >> 20
							    : limit),
				    mb ? "MB" : "bytes");
		close(fd);
		return GLOSSA_BAD_INPUT;
	}
	if (!(data = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return GLOSSA_NOMEM;
	}
	while (len < (size_t)sb.st_size) {
		ssize_t got = read(fd, data + len, (size_t)sb.st_size - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			glossa_db_set_error(db, "%s", strerror(errno));
			free(data);
			close(fd);
			return GLOSSA_IO;
		}
		if (got == 0)
			break; /* the file shrank: take what is there */
		len += (size_t)got;
	}
	close(fd);
	return import_buffer(db, data, len, data, path, encoding, res);
}

glossa_status_t glossa_import_batch_begin(glossa_db_t *db)
{
	glossa_status_t st;

	if (db->batch)
		return GLOSSA_OK;
	/* FTS5's merges reread the index segments: with SQLite's default
	 * 2 MB cache that was 40% of a bulk import's time (30 000 articles:
	 * 38 s, 21 s with 16 MB). A batch's changed pages stay in the cache
	 * until its commit rather than spill to the WAL, to be written again
	 * when changed again: with batches of GLOSSA_IMPORT_BATCH_FILES, a
	 * million articles took 958 s with 32 MB and 728 s with 256 MB (peak
	 * RSS 341 MB). Only importing handles grow, and only as far as the
	 * pages they touch. */
	if ((st = glossa_db_exec(db, "PRAGMA cache_size = -262144")))
		return st;
	if ((st = glossa_db_begin(db)) == GLOSSA_OK)
		db->batch = 1;
	return st;
}

glossa_status_t glossa_import_batch_commit(glossa_db_t *db)
{
	if (!db->batch)
		return GLOSSA_OK;
	db->batch = 0;
	return glossa_db_commit(db);
}

void glossa_import_batch_rollback(glossa_db_t *db)
{
	if (!db->batch)
		return;
	db->batch = 0;
	glossa_db_rollback(db);
}

int glossa_import_batch_open(const glossa_db_t *db)
{
	return db->batch;
}
