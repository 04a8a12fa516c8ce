/*
 * search.c: ranked full-text search over articles and their annotations.
 *
 * Exported: glossa_search, glossa_db_set_interrupt.
 *
 * The query text is parsed by query.c into FTS5 expressions built only
 * from quoted strings, so no user input reaches MATCH as syntax. Ranking
 * is bm25 over article_fts with the title and the glosses column (the
 * article's annotations) weighing more than the body.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* bm25 weights of article_fts's columns: title, glosses, body, source,
 * tags. */
#define RANK "bm25(article_fts, 10.0, 5.0, 1.0, 2.0, 3.0)"

/* Words of context in a snippet. */
#define SNIPPET_TOKENS "12"

void glossa_db_set_interrupt(glossa_db_t *db, int (*cb)(void *), void *arg)
{
	db->interrupt = cb;
	db->interrupt_arg = arg;
}

/* Whether an expression built by query.c uses a column filter: a ':'
 * outside the quoted strings. */
static int has_column_filter(const char *expr)
{
	int quoted = 0;

	for (; *expr; expr++) {
		if (*expr == '"')
			quoted = !quoted;
		else if (*expr == ':' && !quoted)
			return 1;
	}
	return 0;
}

/*
 * The conditions every query shares, after "WHERE": ?1 match (may be
 * NULL: no text terms), ?2 exclude, ?3 after, ?4 before. A date filter
 * compares the date's prefix so that before:2025 takes all of 2025.
 */
#define FILTERS                                                                \
	" (?2 IS NULL OR a.id NOT IN (SELECT rowid FROM article_fts"           \
	"   WHERE article_fts MATCH ?2))"                                      \
	" AND (?3 IS NULL OR a.date >= ?3)"                                    \
	" AND (?4 IS NULL OR (a.date <> '' AND"                                \
	"   substr(a.date, 1, length(?4)) <= ?4))"

#define COLUMNS                                                                \
	"a.id, a.date, a.source, a.title, a.read,"                             \
	" (SELECT count(*) FROM annotation n WHERE n.article_id = a.id)"

#define SNIPPET(col)                                                           \
	"snippet(article_fts, " col ", '" GLOSSA_MARK_START                    \
	"', '" GLOSSA_MARK_END "', '…', " SNIPPET_TOKENS ")"

/*
 * Rank first, then make snippets for the rows of the page only: a snippet
 * tokenizes the article again, and doing it for every match made common
 * words slow. The snippet comes from the body when the body matches,
 * else from the column that matches best. ?7 bounds the rowids ranked
 * (see GLOSSA_RANK_MAX); PAGE_SQL's other use lists the older matches, newest
 * first, unranked.
 */
#define PAGE_SQL(rank, range, order, outer)                                    \
	"WITH top (id, rank) AS MATERIALIZED ("                                \
	" SELECT a.id, " rank " FROM article_fts"                              \
	" JOIN article a ON a.id = article_fts.rowid"                          \
	" WHERE article_fts MATCH ?1 AND article_fts.rowid " range             \
	" ?7 AND" FILTERS " ORDER BY " order " LIMIT ?5 OFFSET ?6)"            \
	", page AS MATERIALIZED (SELECT top.id, top.rank, " SNIPPET(           \
	    "2") " AS body FROM top JOIN article_fts ON article_fts.rowid = "  \
	         "top.id"                                                      \
	         " WHERE article_fts MATCH ?1)"                                \
	         " SELECT " COLUMNS                                            \
	         ", CASE WHEN instr(page.body, '" GLOSSA_MARK_START            \
	         "') THEN page.body ELSE (SELECT " SNIPPET(                    \
	             "-1") " FROM article_fts WHERE article_fts MATCH ?1"      \
	                   " AND article_fts.rowid >= a.id AND "               \
	                   "article_fts.rowid <= a.id)"                        \
	                   " END, page.rank FROM page JOIN article a ON a.id " \
	                   "= page.id"                                         \
	                   " ORDER BY " outer

static const char *const sql_ranked =
    PAGE_SQL(RANK, ">=", "2, a.date DESC, a.id DESC",
             "page.rank, a.date DESC, a.id DESC");

static const char *const sql_older =
    PAGE_SQL("0", "<", "article_fts.rowid DESC", "a.id DESC");

/*
 * At most GLOSSA_RANK_MAX matches are ranked: the newest (highest rowid, the
 * last imported). bm25 costs about 1-2 us a match plus one pass over the
 * doclists, so ranking the 100 000 matches of a one-character query took
 * 175 ms where finding the newest 2000 takes under 1 ms. The rowid of
 * the rank_max-th newest match, if there is one, is the floor of the
 * ranked set; the older matches follow it, newest first.
 */

static const char *const sql_floor =
    "SELECT article_fts.rowid FROM article_fts JOIN article a"
    " ON a.id = article_fts.rowid WHERE article_fts MATCH ?1 AND" FILTERS
    " ORDER BY article_fts.rowid DESC LIMIT 1 OFFSET ?5";

static const char *const sql_ranked_count =
    "SELECT count(*) FROM article_fts JOIN article a"
    " ON a.id = article_fts.rowid WHERE article_fts MATCH ?1 AND" FILTERS;

/* The same without filters: FTS5 counts its doclists without reading a
 * single article row (a one-character query at 100k: the join took
 * seconds). */
static const char *const sql_match_count =
    "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1";

static const char *const sql_plain =
    "SELECT " COLUMNS ", NULL, 0 FROM article a WHERE" FILTERS
    " ORDER BY a.date DESC, a.id DESC LIMIT ?5 OFFSET ?6";

static const char *const sql_plain_count =
    "SELECT count(*) FROM article a WHERE" FILTERS;

/* The annotations of the articles ?2 (a JSON array of ids) that match,
 * highlighted, in order. One pass over annotation_fts for the whole page:
 * FTS5 here cannot look a MATCH up by rowid, so asking per article (or
 * per annotation) ran the whole MATCH again each time. */
static const char *const sql_notes =
    "SELECT n.article_id,"
    " trim(highlight(annotation_fts, 0, '" GLOSSA_MARK_START
    "', '" GLOSSA_MARK_END
    "') || ' — ' || highlight(annotation_fts, 2, '" GLOSSA_MARK_START
    "', '" GLOSSA_MARK_END "') || ' '"
    " || highlight(annotation_fts, 3, '" GLOSSA_MARK_START
    "', '" GLOSSA_MARK_END "'))"
    " FROM annotation_fts CROSS JOIN annotation n"
    " ON n.id = annotation_fts.rowid"
    " WHERE annotation_fts MATCH ?1"
    " AND n.article_id IN (SELECT value FROM json_each(?2))"
    " ORDER BY n.article_id, n.pos, n.id";

/* Bind the shared parameters of the queries above. */
static void bind_query(sqlite3_stmt *stmt, const char *match,
                       const glossa_query_t *q)
{
	const char *v[] = {match, q->exclude, q->after, q->before};

	for (int i = 0; i < 4; i++) {
		if (v[i] && sqlite3_bind_parameter_count(stmt) > i)
			sqlite3_bind_text(stmt, i + 1, v[i], -1, SQLITE_STATIC);
	}
}

/* Append line to *dst, after a newline if *dst is not empty. */
static int add_line(char **dst, const char *line)
{
	size_t old = *dst ? strlen(*dst) : 0, len = strlen(line);
	char *p = realloc(*dst, old + len + 2);

	if (!p)
		return -1;
	if (old)
		p[old++] = '\n';
	memcpy(p + old, line, len + 1);
	*dst = p;
	return 0;
}

/* Fill in the matched annotations of each row. */
static glossa_status_t match_notes(glossa_db_t *db, const char *match,
                                   glossa_page_t *page)
{
	sqlite3_stmt *stmt;
	glossa_status_t st = GLOSSA_OK;
	char *ids, *p;
	int rc;

	if (page->n == 0)
		return GLOSSA_OK;
	if (!(ids = malloc(page->n * 21 + 3)))
		return GLOSSA_NOMEM;
	p = ids;
	*p++ = '[';
	for (size_t i = 0; i < page->n; i++)
		p += sprintf(p, "%s%lld", i ? "," : "",
		             (long long)page->rows[i].id);
	strcpy(p, "]");
	if (!(stmt = glossa_db_prepare(db, sql_notes))) {
		free(ids);
		return db->status;
	}
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, ids, -1, SQLITE_STATIC);
	while (st == GLOSSA_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const char *line = (const char *)sqlite3_column_text(stmt, 1);
		for (size_t i = 0; i < page->n && line; i++)
			if (page->rows[i].id == id &&
			    add_line(&page->rows[i].matched_notes, line))
				st = GLOSSA_NOMEM;
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "searching");
	sqlite3_finalize(stmt);
	free(ids);
	return st;
}

/* A snippet is shown on one line: line breaks become spaces. */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

/* Run the page query and read its rows. */
static glossa_status_t run_page(glossa_db_t *db, const char *sql,
                                const char *match, const glossa_query_t *q,
                                size_t offset, size_t limit, int64_t floor,
                                glossa_page_t *page)
{
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql);
	glossa_status_t st = GLOSSA_OK;
	size_t cap = page->n;
	int rc;

	if (!stmt)
		return db->status;
	bind_query(stmt, match, q);
	sqlite3_bind_int64(stmt, 5, limit ? (sqlite3_int64)limit : -1);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)offset);
	if (sqlite3_bind_parameter_count(stmt) >= 7)
		sqlite3_bind_int64(stmt, 7, floor);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (page->n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			glossa_row_t *more =
			    realloc(page->rows, ncap * sizeof(*more));
			if (!more) {
				st = GLOSSA_NOMEM;
				break;
			}
			page->rows = more;
			cap = ncap;
		}
		glossa_row_t *r = &page->rows[page->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(stmt, 0);
		r->date = glossa_db_column_text(stmt, 1);
		r->source = glossa_db_column_text(stmt, 2);
		r->title = glossa_db_column_text(stmt, 3);
		r->read = sqlite3_column_int(stmt, 4);
		r->n_notes = sqlite3_column_int(stmt, 5);
		if (sqlite3_column_type(stmt, 6) != SQLITE_NULL &&
		    (r->snippet = glossa_db_column_text(stmt, 6)))
			one_line(r->snippet);
		r->rank = sqlite3_column_double(stmt, 7);
		if (!r->date || !r->source || !r->title) {
			st = GLOSSA_NOMEM;
			break;
		}
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "searching");
	sqlite3_finalize(stmt);
	return st;
}

/* How many of the newest matches are ranked. */
static size_t rank_max(const glossa_db_t *db)
{
	return db->rank_max ? db->rank_max : GLOSSA_RANK_MAX;
}

/* *floor: the rowid of the rank_max()-th newest match, 0 if there are
 * fewer matches (all of them are ranked). */
static glossa_status_t find_floor(glossa_db_t *db, const char *match,
                                  const glossa_query_t *q, int64_t *floor)
{
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql_floor);
	int rc;

	if (!stmt)
		return db->status;
	bind_query(stmt, match, q);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)rank_max(db) - 1);
	rc = sqlite3_step(stmt);
	*floor = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? GLOSSA_OK
	           : glossa_db_fail(db, rc, "searching");
}

/* Rows offset .. offset+limit-1 (limit 0: all) of the matches: the
 * ranked ones (rowid >= floor) first, then the older ones. */
static glossa_status_t run_matches(glossa_db_t *db, const char *match,
                                   const glossa_query_t *q, size_t offset,
                                   size_t limit, glossa_page_t *page)
{
	int64_t floor;
	size_t n_ranked;
	glossa_status_t st = find_floor(db, match, q, &floor);

	if (st != GLOSSA_OK)
		return st;
	if (floor == 0)
		return run_page(db, sql_ranked, match, q, offset, limit, 0,
		                page);
	n_ranked = rank_max(db);
	if (offset < n_ranked) {
		size_t lim = limit && offset + limit < n_ranked
		                 ? limit
		                 : n_ranked - offset;
		st = run_page(db, sql_ranked, match, q, offset, lim, floor,
		              page);
		if (st != GLOSSA_OK || (limit && page->n >= limit))
			return st;
		if (limit)
			limit -= page->n;
		offset = 0;
	} else {
		offset -= n_ranked;
	}
	return run_page(db, sql_older, match, q, offset, limit, floor, page);
}

/* Count the matches. */
static glossa_status_t run_count(glossa_db_t *db, const char *sql,
                                 const char *match, const glossa_query_t *q,
                                 int64_t *total)
{
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql);
	int rc;

	if (!stmt)
		return db->status;
	bind_query(stmt, match, q);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? GLOSSA_OK
	                        : glossa_db_fail(db, rc, "searching");
}

glossa_status_t glossa_search(glossa_db_t *db, const char *query, size_t offset,
                              size_t limit, glossa_page_t *page, int64_t *total)
{
	glossa_query_t q = {0};
	glossa_status_t st;
	char *msg = NULL, *match = NULL;

	page->rows = NULL;
	page->n = 0;
	st = glossa_query_parse(query ? query : "", &q, &msg);
	if (st != GLOSSA_OK) {
		glossa_db_set_error(db, "%s",
		                    msg ? msg : glossa_status_to_string(st));
		free(msg);
		return st;
	}
	if (q.match && q.notes_only) {
		/* in:notes: only the glosses column, which holds them. */
		if (asprintf(&match, "glosses : (%s)", q.match) < 0)
			match = NULL;
	} else if (q.notes_only) {
		match = strdup("glosses : \"\"");
	} else if (q.match) {
		match = strdup(q.match);
	}
	if ((q.match || q.notes_only) && !match) {
		glossa_query_clear(&q);
		return GLOSSA_NOMEM;
	}
	if (match)
		st = run_matches(db, match, &q, offset, limit, page);
	else
		st = run_page(db, sql_plain, NULL, &q, offset, limit, 0, page);
	if (st == GLOSSA_OK && q.match && !has_column_filter(q.match))
		st = match_notes(db, q.match, page);
	if (st == GLOSSA_OK && total)
		st = run_count(db,
		               !match ? sql_plain_count
		               : q.exclude || q.after || q.before
		                   ? sql_ranked_count
		                   : sql_match_count,
		               match, &q, total);
	if (st != GLOSSA_OK)
		glossa_page_clear(page);
	free(match);
	glossa_query_clear(&q);
	return st;
}
