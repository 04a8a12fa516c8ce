/*
 * saved.c: saved searches (saved.h), in the table saved_search of
 * schema 14. Exports the glossa_saved_* functions.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "glossa/saved.h"
#include "glossa/search.h"

/* Run one write with name (?1), query (?2) and n (?3) bound, in its own
 * transaction; *changed (if not NULL) receives the rows changed. */
static glossa_status_t write_one(glossa_db_t *db, const char *sql,
                                 const char *name, const char *query,
                                 int64_t n, const char *what, int *changed)
{
	glossa_status_t st = glossa_db_begin(db);
	sqlite3_stmt *stmt;
	int rc;

	if (st != GLOSSA_OK)
		return st;
	if (!(stmt = glossa_db_prepare(db, sql, &st))) {
		glossa_db_rollback(db);
		return st;
	}
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if (query)
		sqlite3_bind_text(stmt, 2, query, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, n);
	sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		st = glossa_db_fail(db, rc, what);
		glossa_db_rollback(db);
		return st;
	}
	if (changed)
		*changed = sqlite3_changes(db->sql);
	return glossa_db_commit(db);
}

glossa_status_t glossa_saved_put(glossa_db_t *db, const char *name,
                                 const char *query)
{
	glossa_query_t q;
	glossa_status_t st;
	char *msg = NULL;

	if (!name || !*name || strlen(name) > 200 || strchr(name, '\n') ||
	    strchr(name, '\r'))
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
		                       "a saved search's name is one line of "
		                       "1 to 200 bytes");
	st = glossa_query_parse(query ? query : "", &q, &msg);
	glossa_query_clear(&q);
	if (st != GLOSSA_OK) {
		st = glossa_db_error(db, st, "%s",
		                     msg ? msg : glossa_status_to_string(st));
		free(msg);
		return st;
	}
	return write_one(db,
	                 "INSERT INTO saved_search (name, query, kept, created)"
	                 " VALUES (?1, ?2, 1, ?4) ON CONFLICT (name) DO UPDATE"
	                 " SET query = ?2, kept = 1, created = ?4,"
	                 " last_opened = 0, seen_id = 0, last_count = -1"
	                 " WHERE query <> ?2 OR NOT kept",
	                 name, query ? query : "", 0, "saving the search",
	                 NULL);
}

glossa_status_t glossa_saved_delete(glossa_db_t *db, const char *name)
{
	int changed = 0;
	glossa_status_t st =
	    write_one(db, "DELETE FROM saved_search WHERE name = ?1 AND kept",
	              name, NULL, 0, "deleting the saved search", &changed);

	if (st == GLOSSA_OK && !changed)
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
		                       "no saved search is called %s", name);
	return st;
}

glossa_status_t glossa_saved_opened(glossa_db_t *db, const char *name,
                                    const char *query, int64_t count)
{
	return write_one(
	    db,
	    "INSERT INTO saved_search (name, query, kept, created,"
	    " last_opened, seen_id, last_count)"
	    " VALUES (?1, coalesce(?2, ''), 0, ?4, ?4,"
	    " coalesce((SELECT max(id) FROM article), 0), ?3)"
	    " ON CONFLICT (name) DO UPDATE SET last_opened = ?4,"
	    " seen_id = coalesce((SELECT max(id) FROM article), 0),"
	    " last_count = ?3,"
	    " query = CASE WHEN kept THEN query ELSE coalesce(?2, query) END",
	    name, query, count, "remembering the saved search", NULL);
}

void glossa_saved_free(glossa_saved_t *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++) {
		free(s[i].name);
		free(s[i].query);
	}
	free(s);
}

glossa_status_t glossa_saved_list(glossa_db_t *db, int all,
                                  glossa_saved_t **out, size_t *n)
{
	glossa_status_t st = GLOSSA_OK;
	glossa_saved_t *v = NULL;
	size_t len = 0, cap = 0;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*n = 0;
	stmt = glossa_db_prepare(db,
	                         "SELECT name, query, kept, last_opened,"
	                         " seen_id, last_count FROM saved_search"
	                         " WHERE kept OR ?1 ORDER BY name",
	                         &st);
	if (!stmt)
		return st;
	sqlite3_bind_int(stmt, 1, all != 0);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		glossa_saved_t *s;

		if (GLOSSA_GROW(v, cap, len + 1) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		s = &v[len++];
		s->name = glossa_db_column_text(stmt, 0);
		s->query = glossa_db_column_text(stmt, 1);
		s->kept = sqlite3_column_int(stmt, 2);
		s->last_opened = sqlite3_column_int64(stmt, 3);
		s->seen_id = sqlite3_column_int64(stmt, 4);
		s->last_count = sqlite3_column_int64(stmt, 5);
		if (!s->name || !s->query) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		glossa_saved_free(v, len);
		return rc == SQLITE_NOMEM
		           ? glossa_db_error(db, GLOSSA_NOMEM,
		                             "reading the saved searches:"
		                             " out of memory")
		           : glossa_db_fail(db, rc, "reading the saved searches");
	}
	*out = v;
	*n = len;
	return GLOSSA_OK;
}
