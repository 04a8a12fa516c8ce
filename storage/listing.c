/*
 * listing.c: reading the article list page by page, in list order.
 *
 * Exported: glossa_list, glossa_list_position, glossa_page_clear.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"

#define ROW_COLUMNS                                                     \
	"a.id, a.date_iso, a.source, a.title, a.read,"                  \
	" (SELECT count(*) FROM annotation n WHERE n.article_id = a.id)," \
	" a.date_iso = '' AND a.date <> ''"

void glossa_page_clear(glossa_page_t *page)
{
	if (!page)
		return;
	for (size_t i = 0; i < page->n; i++) {
		free(page->rows[i].date);
		free(page->rows[i].source);
		free(page->rows[i].title);
		free(page->rows[i].snippet);
		free(page->rows[i].matched_notes);
	}
	free(page->rows);
	page->rows = NULL;
	page->n = 0;
}

/* Read the ROW_COLUMNS of stmt into row. */
static glossa_status_t read_row(glossa_db_t *db, sqlite3_stmt *stmt,
				glossa_row_t *row)
{
	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(stmt, 0);
	row->date = glossa_db_column_text(stmt, 1);
	row->source = glossa_db_column_text(stmt, 2);
	row->title = glossa_db_column_text(stmt, 3);
	row->read = sqlite3_column_int(stmt, 4);
	row->n_notes = sqlite3_column_int(stmt, 5);
	row->bad_date = sqlite3_column_int(stmt, 6);
	if (!row->date || !row->source || !row->title)
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "listing articles: out of memory");
	return GLOSSA_OK;
}

glossa_status_t glossa_list(glossa_db_t *db, const glossa_key_t *from,
			    int backward, size_t limit, glossa_page_t *page)
{
	static const char *const sql[2][2] = {
		{"SELECT " ROW_COLUMNS " FROM article a"
		 " ORDER BY a.date_iso DESC, a.id DESC LIMIT ?3",
		 "SELECT " ROW_COLUMNS " FROM article a"
		 " WHERE (a.date_iso, a.id) < (?1, ?2)"
		 " ORDER BY a.date_iso DESC, a.id DESC LIMIT ?3"},
		{"SELECT " ROW_COLUMNS " FROM article a"
		 " ORDER BY a.date_iso ASC, a.id ASC LIMIT ?3",
		 "SELECT " ROW_COLUMNS " FROM article a"
		 " WHERE (a.date_iso, a.id) > (?1, ?2)"
		 " ORDER BY a.date_iso ASC, a.id ASC LIMIT ?3"},
	};
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt;
	size_t cap = limit ? limit : 64;
	int rc;

	page->rows = NULL;
	page->n = 0;
	stmt = glossa_db_prepare(db, sql[backward != 0][from != NULL], &st);
	if (!stmt)
		return st;
	if (from) {
		sqlite3_bind_text(stmt, 1, from->date ? from->date : "", -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 2, from->id);
	}
	sqlite3_bind_int64(stmt, 3, limit ? (sqlite3_int64)limit : -1);
	if (!(page->rows = calloc(cap, sizeof(*page->rows)))) {
		sqlite3_finalize(stmt);
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "listing articles: out of memory");
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (page->n == cap) {
			glossa_row_t *more =
				realloc(page->rows, 2 * cap * sizeof(*more));
			if (!more) {
				st = glossa_db_error(db, GLOSSA_NOMEM,
						     "listing articles:"
						     " out of memory");
				break;
			}
			page->rows = more;
			cap *= 2;
		}
		st = read_row(db, stmt, &page->rows[page->n++]);
		if (st != GLOSSA_OK)
			break;
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "listing articles");
	sqlite3_finalize(stmt);
	if (st != GLOSSA_OK) {
		glossa_page_clear(page);
		return st;
	}
	if (page->n == 0)
		glossa_page_clear(page);
	if (backward) {
		for (size_t i = 0; i < page->n / 2; i++) {
			glossa_row_t t = page->rows[i];
			page->rows[i] = page->rows[page->n - 1 - i];
			page->rows[page->n - 1 - i] = t;
		}
	}
	return GLOSSA_OK;
}

glossa_status_t glossa_list_position(glossa_db_t *db, int64_t id,
				     int64_t *pos)
{
	glossa_status_t st;
	/* No row for an id that does not exist (a count would give 0). */
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT (SELECT count(*) FROM article a"
		    " WHERE (a.date_iso, a.id) > (b.date_iso, b.id))"
		    " FROM article b WHERE b.id = ?1", &st);
	int rc;

	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*pos = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
				       "no article with id %lld",
				       (long long)id);
	}
	return rc == SQLITE_ROW ? GLOSSA_OK
				: glossa_db_fail(db, rc, "listing articles");
}
