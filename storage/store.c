/*
 * store.c: the articles: fetching one with its annotations, marking it
 * read, deleting it.
 *
 * Exported: glossa_article_get, glossa_article_set_read,
 * glossa_article_delete.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"

/* The extra header fields of an article. */
static glossa_status_t read_fields(glossa_db_t *db, glossa_article_t *a)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT name, value FROM article_field"
		    " WHERE article_id = ? ORDER BY seq", &st);
	size_t cap = 0;
	int rc;

	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, a->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (GLOSSA_GROW(a->extra, cap, a->n_extra + 1) < 0) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
						     "reading an article:"
						     " out of memory");
			break;
		}
		glossa_field_t *f = &a->extra[a->n_extra++];
		f->name = glossa_db_column_text(stmt, 0);
		f->value = glossa_db_column_text(stmt, 1);
		if (!f->name || !f->value) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "reading an article:"
					     " out of memory");
			break;
		}
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading an article");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * The body of article id, read from its pages into one allocation:
 * selected as a column, SQLite assembles the whole value first, and its
 * copy doubled a big article's memory for a moment (60 MB: 130 MB).
 * Called while a statement on the row is active, so from the same
 * snapshot. Only in a UTF-8 archive (the bytes are the text's); else,
 * or if the value is not text, the column as usual. NULL with *st (and
 * the message) set on failure; *st is left as it is on success.
 */
static char *read_body(glossa_db_t *db, int64_t id, glossa_status_t *st)
{
	glossa_status_t ignored; /* no encoding read: the column as usual */
	sqlite3_stmt *stmt;
	sqlite3_blob *blob = NULL;
	char *s = NULL;
	int utf8 = 0, n, rc;

	stmt = glossa_db_prepare(db, "PRAGMA encoding", &ignored);
	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		utf8 = sqlite3_stricmp(
			   (const char *)sqlite3_column_text(stmt, 0),
			   "UTF-8") == 0;
	sqlite3_finalize(stmt);
	if (utf8 && sqlite3_blob_open(db->sql, "main", "article", "body", id,
				      0, &blob) == SQLITE_OK) {
		n = sqlite3_blob_bytes(blob);
		if ((s = malloc((size_t)n + 1))) {
			rc = sqlite3_blob_read(blob, s, n, 0);
			s[n] = '\0';
			if (rc != SQLITE_OK || memchr(s, 0, (size_t)n)) {
				free(s);
				s = NULL;
			}
		}
		sqlite3_blob_close(blob);
		if (s)
			return s;
	}
	stmt = glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?",
				 st);
	if (!stmt)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		s = glossa_db_column_text(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		*st = glossa_db_error(db, GLOSSA_NOT_FOUND,
				      "no article with id %lld",
				      (long long)id);
	} else if (rc != SQLITE_ROW) {
		*st = glossa_db_fail(db, rc, "reading an article");
	} else if (!s)
		*st = glossa_db_error(db, GLOSSA_NOMEM,
				      "reading an article: out of memory");
	return s;
}

glossa_status_t glossa_article_get(glossa_db_t *db, int64_t id,
				   glossa_article_t **out)
{
	glossa_status_t st, body_st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT id, title, source, author, url, date, language,"
		    " tags, NULL, encoding, origin, imported, read, date_iso"
		    " FROM article WHERE id = ?", &st);
	glossa_article_t *a;
	int rc;

	*out = NULL;
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE) {
			return glossa_db_error(db, GLOSSA_NOT_FOUND,
					       "no article with id %lld",
					       (long long)id);
		}
		return glossa_db_fail(db, rc, "reading an article");
	}
	if (!(a = calloc(1, sizeof(*a)))) {
		sqlite3_finalize(stmt);
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "reading an article: out of memory");
	}
	a->id = sqlite3_column_int64(stmt, 0);
	a->title = glossa_db_column_text(stmt, 1);
	a->source = glossa_db_column_text(stmt, 2);
	a->author = glossa_db_column_text(stmt, 3);
	a->url = glossa_db_column_text(stmt, 4);
	a->date = glossa_db_column_text(stmt, 5);
	a->language = glossa_db_column_text(stmt, 6);
	a->tags = glossa_db_column_text(stmt, 7);
	a->body = read_body(db, a->id, &body_st);
	a->encoding = glossa_db_column_text(stmt, 9);
	a->origin = glossa_db_column_text(stmt, 10);
	a->imported = sqlite3_column_int64(stmt, 11);
	a->read = sqlite3_column_int(stmt, 12);
	a->date_iso = glossa_db_column_text(stmt, 13);
	sqlite3_finalize(stmt);
	st = body_st;
	if (st == GLOSSA_OK &&
	    (!a->title || !a->source || !a->author || !a->url || !a->date ||
	     !a->date_iso || !a->language || !a->tags || !a->encoding ||
	     !a->origin))
		st = glossa_db_error(db, GLOSSA_NOMEM,
				     "reading an article: out of memory");
	if (st == GLOSSA_OK)
		st = read_fields(db, a);
	if (st == GLOSSA_OK)
		st = glossa_annotations_list(db, id, &a->notes, &a->n_notes);
	if (st != GLOSSA_OK) {
		glossa_article_free(a);
		return st;
	}
	*out = a;
	return GLOSSA_OK;
}

glossa_status_t glossa_article_set_read(glossa_db_t *db, int64_t id,
					int read)
{
	return glossa_db_write_id(db,
				  "UPDATE article SET read = ?2 WHERE id = ?1",
				  id, read != 0, "marking an article");
}

glossa_status_t glossa_article_delete(glossa_db_t *db, int64_t id)
{
	glossa_status_t st = glossa_db_begin(db);

	if (st != GLOSSA_OK)
		return st;
	st = glossa_article_keep(db, id);
	if (st == GLOSSA_OK)
		st = glossa_fts_notes(db, GLOSSA_FTS_ARTICLE_NOTES, id, 0);
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, id, 0);
	if (st == GLOSSA_OK)
		st = glossa_db_write_id(db,
					"DELETE FROM article"
					" WHERE id = ?1 AND ?2",
					id, 1, "deleting an article");
	if (st == GLOSSA_OK) {
		glossa_db_count_add(db, -1);
		return glossa_db_commit(db);
	}
	glossa_db_rollback(db);
	return st;
}
