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

/*
 * The list's orders: the key of each (all its columns in one direction,
 * so that a row value compares keys and an index reads them in order),
 * with "X." for the table's alias, and which row field each column
 * binds: d date, t title, s source, n notes, i id. date reads
 * article_order, title article_by_title, source article_by_source (the
 * id is every index's last column); notes counts each article's notes
 * (no index: every page sorts the whole archive, see README).
 */
static const struct order {
	const char *name;
	int desc;
	const char *cols[3];
	const char *binds;
} orders[GLOSSA_ORDER_COUNT] = {
	[GLOSSA_ORDER_DATE] = {"date", 1, {"X.date_iso", "X.id"}, "di"},
	[GLOSSA_ORDER_TITLE] = {"title", 0, {"X.title", "X.id"}, "ti"},
	[GLOSSA_ORDER_SOURCE] = {"source", 0,
				 {"X.source", "X.title", "X.id"}, "sti"},
	[GLOSSA_ORDER_NOTES] = {"notes", 1,
				{"(SELECT count(*) FROM annotation n"
				 " WHERE n.article_id = X.id)", "X.id"},
				"ni"},
};

const char *glossa_order_name(glossa_order_t order)
{
	return (unsigned)order < GLOSSA_ORDER_COUNT ? orders[order].name : "";
}

int glossa_order_parse(const char *name, glossa_order_t *order)
{
	for (int i = 0; i < GLOSSA_ORDER_COUNT; i++)
		if (strcmp(name, orders[i].name) == 0) {
			*order = (glossa_order_t)i;
			return 0;
		}
	return -1;
}

/* Append the key's columns to b for alias ('a' or 'b'), each followed
 * by suffix (" DESC"), separated by commas. */
static void key_cols(struct glossa_buf *b, const struct order *o, char alias,
		     const char *suffix)
{
	for (int i = 0; i < 3 && o->cols[i]; i++) {
		if (i)
			glossa_buf_add(b, ", ", 2);
		for (const char *c = o->cols[i]; *c; c++) {
			char ch = c[0] == 'X' && c[1] == '.' ? alias : *c;
			glossa_buf_add(b, &ch, 1);
		}
		glossa_buf_add(b, suffix, strlen(suffix));
	}
}

/* Bind the key of row from, from ?1 on. */
static void bind_key(sqlite3_stmt *stmt, const struct order *o,
		     const glossa_row_t *from)
{
	for (int i = 0; o->binds[i]; i++) {
		const char *t = NULL;
		switch (o->binds[i]) {
		case 'd': t = from->date; break;
		case 't': t = from->title; break;
		case 's': t = from->source; break;
		case 'n':
			sqlite3_bind_int64(stmt, i + 1, from->n_notes);
			continue;
		case 'i':
			sqlite3_bind_int64(stmt, i + 1, from->id);
			continue;
		}
		sqlite3_bind_text(stmt, i + 1, t ? t : "", -1,
				  SQLITE_TRANSIENT);
	}
}

glossa_status_t glossa_list_sorted(glossa_db_t *db, glossa_order_t order,
				   const glossa_row_t *from, int backward,
				   size_t limit, glossa_page_t *page)
{
	const struct order *o;
	struct glossa_buf q = {0};
	glossa_status_t st = GLOSSA_OK;
	char *sql;
	sqlite3_stmt *stmt;
	size_t cap = limit ? limit : 64, nkey;
	int down, rc;

	page->rows = NULL;
	page->n = 0;
	if ((unsigned)order >= GLOSSA_ORDER_COUNT)
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "no such order of the list");
	o = &orders[order];
	nkey = strlen(o->binds);
	/* forward in a descending order reads the smaller keys */
	down = (backward != 0) != (o->desc != 0);
	glossa_buf_puts(&q, "SELECT " ROW_COLUMNS " FROM article a");
	if (from) {
		glossa_buf_puts(&q, " WHERE (");
		key_cols(&q, o, 'a', "");
		glossa_buf_puts(&q, down ? ") < (" : ") > (");
		for (size_t i = 0; i < nkey; i++)
			glossa_buf_puts(&q, i ? ", ?" : "?");
		glossa_buf_puts(&q, ")");
	}
	glossa_buf_puts(&q, " ORDER BY ");
	key_cols(&q, o, 'a', down ? " DESC" : " ASC");
	glossa_buf_puts(&q, " LIMIT ?20");
	if (!(sql = glossa_buf_take(&q)))
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "listing articles: out of memory");
	stmt = glossa_db_prepare(db, sql, &st);
	free(sql);
	if (!stmt)
		return st;
	if (from)
		bind_key(stmt, o, from);
	sqlite3_bind_int64(stmt, 20, limit ? (sqlite3_int64)limit : -1);
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

glossa_status_t glossa_list(glossa_db_t *db, const glossa_key_t *from,
			    int backward, size_t limit, glossa_page_t *page)
{
	glossa_row_t row = {0};

	if (from) {
		row.date = (char *)from->date;
		row.id = from->id;
	}
	return glossa_list_sorted(db, GLOSSA_ORDER_DATE, from ? &row : NULL,
				  backward, limit, page);
}

glossa_status_t glossa_list_position_sorted(glossa_db_t *db,
					    glossa_order_t order, int64_t id,
					    int64_t *pos)
{
	const struct order *o;
	struct glossa_buf q = {0};
	glossa_status_t st = GLOSSA_OK;
	char *sql;
	sqlite3_stmt *stmt;
	int rc;

	if ((unsigned)order >= GLOSSA_ORDER_COUNT)
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "no such order of the list");
	o = &orders[order];
	/* No row for an id that does not exist (a count would give 0). */
	glossa_buf_puts(&q, "SELECT (SELECT count(*) FROM article a WHERE (");
	key_cols(&q, o, 'a', "");
	glossa_buf_puts(&q, o->desc ? ") > (" : ") < (");
	key_cols(&q, o, 'b', "");
	glossa_buf_puts(&q, ")) FROM article b WHERE b.id = ?1");
	if (!(sql = glossa_buf_take(&q)))
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "listing articles: out of memory");
	stmt = glossa_db_prepare(db, sql, &st);
	free(sql);
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*pos = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
				       "no article with id %lld",
				       (long long)id);
	return rc == SQLITE_ROW ? GLOSSA_OK
				: glossa_db_fail(db, rc, "listing articles");
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
