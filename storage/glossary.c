/*
 * glossary.c: every phrase glossed anywhere in the archive, with its
 * translations and how many articles contain it.
 *
 * Exported: glossa_glossary, glossa_glossary_list, glossa_glossary_count,
 * glossa_glossary_free.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"

void glossa_glossary_free(glossa_glossary_entry_t *entries, size_t n)
{
	if (!entries)
		return;
	for (size_t i = 0; i < n; i++) {
		free(entries[i].phrase);
		free(entries[i].reading);
		free(entries[i].translations);
	}
	free(entries);
}

/* Does hay contain needle, ASCII letters compared without case? */
static int contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);

	for (; *hay; hay++) {
		size_t k = 0;
		while (k < nl && hay[k] &&
		       tolower((unsigned char)hay[k]) ==
		           tolower((unsigned char)needle[k]))
			k++;
		if (k == nl)
			return 1;
	}
	return nl == 0;
}

/* Is t one of the lines of list? */
static int has_line(const char *list, const char *t)
{
	size_t tl = strlen(t);

	for (const char *p = list; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l == tl && !memcmp(p, t, l))
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* Append t as a new line of *list (allocated). */
static int add_line(char **list, const char *t)
{
	size_t ol = strlen(*list), tl = strlen(t);
	char *s = realloc(*list, ol + tl + 2);

	if (!s)
		return -1;
	if (ol)
		s[ol++] = '\n';
	memcpy(s + ol, t, tl + 1);
	*list = s;
	return 0;
}

/* The FTS5 expression of phrase in the body column: one FTS5 string
 * (the tokenizer makes a CJK string a substring match). */
static char *body_match(const char *phrase)
{
	struct glossa_buf b = {0};

	glossa_buf_puts(&b, "body : ");
	glossa_buf_add_fts(&b, 0, phrase, strlen(phrase));
	return glossa_buf_take(&b);
}

/* How many articles' bodies contain phrase, by the full-text index. */
static glossa_status_t count_articles(glossa_db_t *db, sqlite3_stmt *stmt,
                                      const char *phrase, int64_t *n)
{
	char *expr = body_match(phrase);
	int rc;

	*n = 0;
	if (!expr)
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "counting a phrase: out of memory");
	sqlite3_reset(stmt);
	sqlite3_bind_text(stmt, 1, expr, -1, free);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(stmt, 0);
		return GLOSSA_OK;
	}
	/* a phrase the tokenizer makes nothing of (only punctuation) is a
	 * query FTS5 refuses: it is in no article's index */
	if (rc == SQLITE_ERROR)
		return GLOSSA_OK;
	return glossa_db_fail(db, rc, "counting a phrase");
}

glossa_status_t glossa_glossary_list(glossa_db_t *db, const char *filter,
                                     glossa_glossary_entry_t **out, size_t *n)
{
	sqlite3_stmt *stmt;
	glossa_glossary_entry_t *v = NULL, *e = NULL;
	glossa_status_t st = GLOSSA_OK;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	stmt = glossa_db_prepare(db, "SELECT phrase, reading, translation"
	                             " FROM annotation WHERE kind = 'gloss'"
	                             " AND phrase <> '' ORDER BY phrase, id",
	                             &st);
	if (!stmt)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *ph = (const char *)sqlite3_column_text(stmt, 0);
		const char *rd = (const char *)sqlite3_column_text(stmt, 1);
		const char *tr = (const char *)sqlite3_column_text(stmt, 2);

		if (!ph || !rd || !tr) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "reading the glossary:"
					     " out of memory");
			break;
		}
		if (!e || strcmp(e->phrase, ph)) {
			if (GLOSSA_GROW(v, cap, len + 1) < 0) {
				st = glossa_db_error(
						db, GLOSSA_NOMEM,
						"reading the glossary: out of"
						" memory");
				break;
			}
			e = &v[len++];
			memset(e, 0, sizeof(*e));
			e->n_articles = -1;
			e->phrase = glossa_strdup(ph);
			e->reading = glossa_strdup("");
			e->translations = glossa_strdup("");
			if (!e->phrase || !e->reading || !e->translations) {
				st = glossa_db_error(db, GLOSSA_NOMEM,
						     "reading the glossary:"
						     " out of memory");
				break;
			}
		}
		e->n_glosses++;
		if (!e->reading[0] && rd[0]) {
			char *r = glossa_strdup(rd);
			if (!r) {
				st = glossa_db_error(db, GLOSSA_NOMEM,
						     "reading the glossary:"
						     " out of memory");
				break;
			}
			free(e->reading);
			e->reading = r;
		}
		if (tr[0] && !has_line(e->translations, tr) &&
		    add_line(&e->translations, tr)) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "reading the glossary:"
					     " out of memory");
			break;
		}
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading the glossary");
	sqlite3_finalize(stmt);

	if (st == GLOSSA_OK && filter && *filter) {
		size_t k = 0;
		for (size_t i = 0; i < len; i++) {
			if (contains_ci(v[i].phrase, filter) ||
			    contains_ci(v[i].reading, filter) ||
			    contains_ci(v[i].translations, filter))
				v[k++] = v[i];
			else {
				free(v[i].phrase);
				free(v[i].reading);
				free(v[i].translations);
			}
		}
		len = k;
	}
	if (st != GLOSSA_OK) {
		glossa_glossary_free(v, len);
		return st;
	}
	*out = v;
	*n = len;
	return GLOSSA_OK;
}

glossa_status_t glossa_glossary_count(glossa_db_t *db,
                                      glossa_glossary_entry_t *entries,
                                      size_t n)
{
	sqlite3_stmt *count = NULL;
	glossa_status_t st = GLOSSA_OK;

	for (size_t i = 0; st == GLOSSA_OK && i < n; i++) {
		if (entries[i].n_articles >= 0)
			continue;
		if (!count && !(count = glossa_db_prepare(
		                    db, "SELECT count(*) FROM article_fts"
		                        " WHERE article_fts MATCH ?1", &st)))
			return st;
		st = count_articles(db, count, entries[i].phrase,
		                    &entries[i].n_articles);
		if (st != GLOSSA_OK)
			entries[i].n_articles = -1;
	}
	sqlite3_finalize(count);
	return st;
}

glossa_status_t glossa_glossary(glossa_db_t *db, const char *filter,
                                glossa_glossary_entry_t **out, size_t *n)
{
	glossa_status_t st = glossa_glossary_list(db, filter, out, n);

	if (st == GLOSSA_OK &&
	    (st = glossa_glossary_count(db, *out, *n)) != GLOSSA_OK) {
		glossa_glossary_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}
