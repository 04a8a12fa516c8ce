/*
 * search.c: ranked full-text search over articles and their annotations.
 *
 * Exported: glossa_search, glossa_search_first, glossa_search_all,
 * glossa_search_newest, glossa_search_count,
 * glossa_db_set_interrupt,
 * glossa_db_interrupt, glossa_search_expand and glossa_search_register of
 * db.h.
 *
 * The query text is parsed by query.c into FTS5 expressions built only
 * from quoted strings, so no user input reaches MATCH as syntax. Ranking
 * is bm25 over article_fts with the title and the glosses column (the
 * article's annotations) weighing more than the body. Snippets and
 * ranks come from two FTS5 auxiliary functions, glossa_snippet()
 * (snippet.c) and glossa_rank() (rank.c), which this file registers when
 * the archive opens.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fts_aux.h"
#include "query.h"
#include "tokenizer.h"
#include "glossa/text.h"

int glossa_search_register(glossa_db_t *db)
{
	fts5_api *api = glossa_fts5_api(db->sql);
	int rc;

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	rc = api->xCreateFunction(api, "glossa_snippet", db,
	                          glossa_snippet_function, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "glossa_rank", NULL,
		                          glossa_rank_function, NULL);
	return rc;
}

/* ---- Queries ---------------------------------------------------------- */

#define RANK                                                                   \
	"glossa_rank(article_fts, (SELECT min(id) FROM article),"              \
	" (SELECT max(id) FROM article))"

/*
 * The conditions every query shares, after "WHERE": ?1 match (may be
 * NULL: no text terms), ?2 exclude (only without ?1: excluded terms are
 * in ?1 as FTS5's NOT otherwise), ?3 after, ?4 before (YYYY[-MM[-DD]]).
 * The filters compare the normalised date (date_iso) as a period: the
 * prefixes of the two, so that before:2025 takes all of 2025 and an
 * article dated only 2025-02 is after:2025-02-15 and before:2025-02-01
 * (its month could be either). An article without a readable date
 * passes neither.
 * ?9 url: a substring of the URL, ASCII case ignored.
 * ?10 the state filters (is:, has:), GLOSSA_STATE_* bits, 0 for none:
 * each bit's test runs only when it is set, and reads an index once (IN
 * builds a table of the ids) rather than each article's row: the read
 * flag comes after the body in a row, and reading it walked the body's
 * overflow pages (article_read, schema 14); has: reads the annotations
 * of that kind.
 */
/* The state filters (?10, see FILTERS) on the article id column id. */
#define STATE_FILTERS(id)                                                      \
	" (?10 & 1 = 0 OR " id " IN (SELECT id FROM article"                 \
	"   WHERE read = 0))"                                                  \
	" AND (?10 & 2 = 0 OR " id " IN (SELECT id FROM article"             \
	"   WHERE read <> 0))"                                                 \
	NOTE_FILTERS(id)

/* The same where the read flag is at hand: a row of article a read along
 * its index article_read (the flag and the id), with no set of ids. */
#define STATE_FILTERS_READ                                                     \
	" (?10 & 1 = 0 OR a.read = 0) AND (?10 & 2 = 0 OR a.read <> 0)"        \
	NOTE_FILTERS("a.id")

/* The state filters of the annotations (has:, is:marked). */
#define NOTE_FILTERS(id)                                                       \
	" AND (?10 & 4 = 0 OR " id " IN (SELECT article_id FROM annotation"  \
	"   WHERE kind = 'note'))"                                             \
	" AND (?10 & 8 = 0 OR " id " IN (SELECT article_id FROM annotation"  \
	"   WHERE kind = 'gloss'))"                                            \
	" AND (?10 & 16 = 0 OR " id " IN (SELECT article_id FROM annotation" \
	"   WHERE detached <> 0))"                                             \
	" AND (?10 & 32 = 0 OR " id " IN (SELECT n.article_id FROM"          \
	"   annotation_mark m JOIN annotation n ON n.id = m.annotation_id))"

#define FILTERS                                                                \
	" (?2 IS NULL OR a.id NOT IN (SELECT rowid FROM article_fts"           \
	"   WHERE article_fts MATCH ?2))"                                      \
	" AND (?3 IS NULL OR (a.date_iso <> '' AND"                            \
	"   a.date_iso >= substr(?3, 1, length(a.date_iso))))"                 \
	" AND (?4 IS NULL OR (a.date_iso <> '' AND"                            \
	"   substr(a.date_iso, 1, length(?4)) <= ?4))"                         \
	" AND (?9 IS NULL OR instr(lower(a.url), lower(?9)) > 0)"             \
	" AND" STATE_FILTERS("a.id")

#define COLUMNS                                                                \
	"a.id, a.date_iso, a.source, a.title, a.read,"                         \
	" (SELECT count(*) FROM annotation n WHERE n.article_id = a.id),"      \
	" a.date_iso = '' AND a.date <> ''"

/*
 * The ranked rows of a page. r ranks the ?7 newest matches (see
 * GLOSSA_RANK_NEWEST; -1: every match, see run_all()) without reading
 * their articles (unless filters need them); only those that rank no
 * worse than the page's last row (?8: offset + limit - 1) have their
 * date read, for the order of equal ranks. Then the snippets of the
 * page's rows: a snippet tokenizes the article again, so it is made for
 * the rows of the page only, in a second pass over their range of
 * rowids (MATCH with rowid = x costs 50-100 us a row with 20 segments in
 * the index, the pass much less).
 * The last column counts r: when that is fewer than ?7, every match, so
 * that no second pass counts them.
 */
#define RANKED_SQL(from, where)                                                \
	"WITH r (id, rank) AS MATERIALIZED ("                                  \
	" SELECT article_fts.rowid, " RANK " FROM article_fts" from            \
	" WHERE article_fts MATCH ?1" where                                    \
	" ORDER BY article_fts.rowid DESC LIMIT ?7)"                           \
	", top (id, rank) AS MATERIALIZED ("                                   \
	" SELECT r.id, r.rank FROM r JOIN article a ON a.id = r.id"            \
	" WHERE r.rank <= coalesce((SELECT rank FROM r ORDER BY rank"          \
	"  LIMIT 1 OFFSET ?8), 1e300)"                                         \
	" ORDER BY r.rank, a.date_iso DESC, a.id DESC LIMIT ?5 OFFSET ?6)"         \
	", snip (id, snippet) AS MATERIALIZED ("                               \
	" SELECT rowid, glossa_snippet(article_fts) FROM article_fts"          \
	" WHERE article_fts MATCH ?1"                                          \
	" AND rowid >= (SELECT min(id) FROM top)"                              \
	" AND rowid <= (SELECT max(id) FROM top)"                              \
	" AND +rowid IN (SELECT id FROM top))"                                 \
	" SELECT " COLUMNS ", snip.snippet, top.rank,"                        \
	" (SELECT count(*) FROM r) FROM top"                                   \
	" JOIN article a ON a.id = top.id JOIN snip ON snip.id = top.id"       \
	" ORDER BY top.rank, a.date_iso DESC, a.id DESC"

static const char *const sql_ranked = RANKED_SQL("", "");

static const char *const sql_ranked_filtered =
    RANKED_SQL(" JOIN article a ON a.id = article_fts.rowid", " AND" FILTERS);

/* The matches with rowid < ?7, newest first, unranked: FTS5 reads its
 * doclists newest first and stops at the end of the page. */
static const char *const sql_newest =
    "SELECT " COLUMNS ", glossa_snippet(article_fts), 0 FROM article_fts"
    " JOIN article a ON a.id = article_fts.rowid"
    " WHERE article_fts MATCH ?1 AND article_fts.rowid < ?7 AND" FILTERS
    " ORDER BY article_fts.rowid DESC LIMIT ?5 OFFSET ?6";

/*
 * At most GLOSSA_RANK_NEWEST matches are ranked: the newest (highest rowid,
 * the last imported). Ranking costs about 1 us a match, so ranking the
 * 100 000 matches of a one-character query took 175 ms where finding the
 * newest 2000 takes under 1 ms. The rowid of the rank_max-th newest
 * match, if there is one, is the floor of the ranked set; the older
 * matches follow it, newest first. Without filters no article is read.
 */
static const char *const sql_floor =
    "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1"
    " ORDER BY rowid DESC LIMIT 1 OFFSET ?5";

static const char *const sql_floor_filtered =
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
    " ORDER BY a.date_iso DESC, a.id DESC LIMIT ?5 OFFSET ?6";

/* Along the list's index, not the table: the filters read the date
 * (in the index) and ids (is:, has:), and scanning the table reads
 * every body (is:unread at 100k: 1.0 s, 0.14 s along the index); a
 * row is read only for url:. */
static const char *const sql_plain_count =
    "SELECT count(*) FROM article a INDEXED BY article_order WHERE" FILTERS;

/* State filters alone (is:, has:, or none): along the read flag's index,
 * which holds the flag and the id. is:unread at 1M real articles: 3.3 s
 * along the list's index (a set of 1M ids built, then probed), 0.07 s;
 * is:unread has:glosses 4.5 -> 0.31 s. */
static const char *const sql_plain_state_count =
    "SELECT count(*) FROM article a INDEXED BY article_read WHERE"
    STATE_FILTERS_READ;

#define HIGHLIGHT(col)                                                         \
	"highlight(annotation_fts, " col ", '" GLOSSA_MARK_START               \
	"', '" GLOSSA_MARK_END "')"

/*
 * The annotations of the articles ?2 (a JSON array of ids) that match,
 * highlighted, in order. One pass over annotation_fts, within the range
 * of the page's annotations' ids, for the whole page: MATCH with rowid =
 * x re-reads every segment of the index (90 us a lookup at 100k), and
 * reading each match's annotation row to test its article took 20 ms
 * for a one-character query.
 */
static const char *const sql_notes =
    "WITH ids (id) AS MATERIALIZED (SELECT id FROM annotation"
    " WHERE article_id IN (SELECT value FROM json_each(?2)))"
    ", hit (id, line) AS MATERIALIZED (SELECT rowid,"
    " trim(" HIGHLIGHT("0") " || ' — ' || " HIGHLIGHT(
        "2") " || ' ' || " HIGHLIGHT("3") ") FROM annotation_fts WHERE "
                                          "annotation_fts MATCH ?1"
                                          " AND rowid >= (SELECT min(id) FROM "
                                          "ids)"
                                          " AND rowid <= (SELECT max(id) FROM "
                                          "ids)"
                                          " AND +rowid IN (SELECT id FROM ids))"
                                          " SELECT n.article_id, hit.line FROM "
                                          "hit JOIN annotation n"
                                          " ON n.id = hit.id ORDER BY "
                                          "n.article_id, n.pos, n.id";

void glossa_db_set_interrupt(glossa_db_t *db, int (*cb)(void *), void *arg)
{
	db->interrupt = cb;
	db->interrupt_arg = arg;
}

void glossa_db_interrupt(glossa_db_t *db)
{
	if (db)
		sqlite3_interrupt(db->sql);
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

/* What the statements filter on besides MATCH: FTS5's exclusion (only
 * without a match expression) and the query's filters. */
struct filters {
	const char *exclude, *after, *before, *url;
	unsigned state;
	const char *ids; /* ?11: a JSON array of ids (sql_kept_page) */
};

/* Bind the shared parameters of the queries above. */
static void bind_query(sqlite3_stmt *stmt, const char *match,
                       const struct filters *q)
{
	const char *v[] = {match, q->exclude, q->after, q->before};

	for (int i = 0; i < 4; i++) {
		if (v[i] && sqlite3_bind_parameter_count(stmt) > i)
			sqlite3_bind_text(stmt, i + 1, v[i], -1, SQLITE_STATIC);
	}
	if (q->url && sqlite3_bind_parameter_count(stmt) >= 9)
		sqlite3_bind_text(stmt, 9, q->url, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(stmt) >= 10)
		sqlite3_bind_int(stmt, 10, (int)q->state);
	if (q->ids && sqlite3_bind_parameter_count(stmt) >= 11)
		sqlite3_bind_text(stmt, 11, q->ids, -1, SQLITE_STATIC);
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
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "searching: out of memory");
	p = ids;
	*p++ = '[';
	for (size_t i = 0; i < page->n; i++)
		p += sprintf(p, "%s%lld", i ? "," : "",
		             (long long)page->rows[i].id);
	strcpy(p, "]");
	if (!(stmt = glossa_db_prepare(db, sql_notes, &st))) {
		free(ids);
		return st;
	}
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, ids, -1, SQLITE_STATIC);
	while (st == GLOSSA_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const char *line = (const char *)sqlite3_column_text(stmt, 1);
		for (size_t i = 0; i < page->n && line; i++)
			if (page->rows[i].id == id &&
			    add_line(&page->rows[i].matched_notes, line))
				st = glossa_db_error(db, GLOSSA_NOMEM,
						     "searching:"
						     " out of memory");
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

static int has_filters(const struct filters *q)
{
	return q->exclude || q->after || q->before || q->url || q->state;
}

/* Run the page query and read its rows. ?7 is bound (see the queries);
 * ?8 the index of the page's last row among all the rows. *ranked (if
 * not NULL): how many matches the ranked query ranked, -1 if it gave no
 * row to say so. */
static glossa_status_t run_page(glossa_db_t *db, const char *sql,
                                const char *match, const struct filters *q,
                                size_t offset, size_t limit, int64_t bound,
                                glossa_page_t *page, int64_t *ranked)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql, &st);
	size_t cap = page->n;
	int rc;

	if (ranked)
		*ranked = -1;
	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	sqlite3_bind_int64(stmt, 5, limit ? (sqlite3_int64)limit : -1);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)offset);
	if (sqlite3_bind_parameter_count(stmt) >= 7)
		sqlite3_bind_int64(stmt, 7, bound);
	if (sqlite3_bind_parameter_count(stmt) >= 8)
		sqlite3_bind_int64(stmt, 8,
		                   limit ? (sqlite3_int64)(offset + limit - 1)
		                         : INT64_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (GLOSSA_GROW(page->rows, cap, page->n + 1) < 0) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
			                     "searching: out of memory");
			break;
		}
		glossa_row_t *r = &page->rows[page->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(stmt, 0);
		r->date = glossa_db_column_text(stmt, 1);
		r->source = glossa_db_column_text(stmt, 2);
		r->title = glossa_db_column_text(stmt, 3);
		r->read = sqlite3_column_int(stmt, 4);
		r->n_notes = sqlite3_column_int(stmt, 5);
		r->bad_date = sqlite3_column_int(stmt, 6);
		if (sqlite3_column_type(stmt, 7) != SQLITE_NULL &&
		    (r->snippet = glossa_db_column_text(stmt, 7)))
			one_line(r->snippet);
		r->rank = sqlite3_column_double(stmt, 8);
		if (ranked && sqlite3_column_count(stmt) > 9)
			*ranked = sqlite3_column_int64(stmt, 9);
		if (!r->date || !r->source || !r->title) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "searching: out of memory");
			break;
		}
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "searching");
	sqlite3_finalize(stmt);
	return st;
}

/* How many of the newest matches glossa_search() ranks. */
static size_t rank_max(const glossa_db_t *db)
{
	return db->rank_max ? db->rank_max : GLOSSA_RANK_NEWEST;
}

/* *floor: the rowid of the rank_max()-th newest match, 0 if there are
 * fewer matches (all of them are ranked). */
static glossa_status_t find_floor(glossa_db_t *db, const char *match,
                                  const struct filters *q, int64_t *floor)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(
	    db, has_filters(q) ? sql_floor_filtered : sql_floor, &st);
	int rc;

	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)rank_max(db) - 1);
	rc = sqlite3_step(stmt);
	*floor = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? GLOSSA_OK
	           : glossa_db_fail(db, rc, "searching");
}

/*
 * Rows offset .. offset+limit-1 (limit 0: all) of the matches: the
 * rank_max() newest ranked first, then the older ones, newest first
 * (every match ranked: run_all()). Ranking and finding the newest are one pass
 * over the index; the floor of the ranked set is looked for only when a
 * page goes past it. *counted: the number of matches if the ranked pass
 * saw them all, else -1.
 */
static glossa_status_t run_matches(glossa_db_t *db, const char *match,
                                   const struct filters *q, size_t offset,
                                   size_t limit, glossa_page_t *page,
                                   int64_t *counted)
{
	const char *ranked = has_filters(q) ? sql_ranked_filtered : sql_ranked;
	size_t n_ranked = rank_max(db);
	glossa_status_t st;
	int64_t floor, seen;

	*counted = -1;
	if (offset < n_ranked) {
		size_t lim = limit && offset + limit < n_ranked
		                 ? limit
		                 : n_ranked - offset;
		st = run_page(db, ranked, match, q, offset, lim,
		              (int64_t)n_ranked, page, &seen);
		if (st == GLOSSA_OK && seen >= 0 && (size_t)seen < n_ranked)
			*counted = seen;
		else if (st == GLOSSA_OK && seen < 0 && offset == 0)
			*counted = 0;
		/* fewer than lim rows: fewer than n_ranked matches */
		if (st != GLOSSA_OK || (limit && page->n >= limit) ||
		    page->n < lim)
			return st;
		if (limit)
			limit -= page->n;
		offset = 0;
	} else {
		offset -= n_ranked;
	}
	if ((st = find_floor(db, match, q, &floor)) != GLOSSA_OK || !floor)
		return st;
	return run_page(db, sql_newest, match, q, offset, limit, floor, page,
	                NULL);
}

/* ---- The whole ranking, kept ---------------------------------------- */

/*
 * glossa_search_all() ranks every match. Paging through them ranked them
 * again for each page, and a page far down read the article of every
 * better match for the order of equal ranks (row 10 000 of a
 * one-character query at 100k: 7 s). So the ranking of the last query is
 * kept, in its order, while the archive is unchanged (16 bytes a match):
 * a page is then the ids of its rows, read with their snippets. Equal
 * ranks are frequent (a quarter of a one-character query's matches on
 * real text) and ordered by date when a page first shows them, as the
 * page query reads the dates of its rows alone. A query of more than
 * GLOSSA_RANK_KEPT matches ranks again for each page in SQLite's sorter,
 * whose memory is the page cache's, so that the interface stays within
 * its memory at a million articles ("of" there: 800 000 matches, 13 MB
 * kept, twice that while the array grew).
 */
struct glossa_ranking {
	char *query;
	int64_t version; /* PRAGMA data_version: others' commits */
	int64_t changes; /* sqlite3_total_changes64(): this connection's */
	size_t n;
	struct ranked {
		int64_t id;
		double rank;
	} *m;
	int too_many; /* more than GLOSSA_RANK_KEPT: m is empty, and each
	               * page ranks them all */
	unsigned char *dated; /* a bit a match: the equal ranks that start
	                       * there are in date order (tie_dates()) */
};

void glossa_ranking_free(struct glossa_ranking *r)
{
	if (!r)
		return;
	free(r->query);
	free(r->m);
	free(r->dated);
	free(r);
}

/* Every match with its rank, in no order. */
#define RANK_ALL_SQL(from, where)                                              \
	"SELECT article_fts.rowid, " RANK " FROM article_fts" from             \
	" WHERE article_fts MATCH ?1" where

static const char *const sql_rank_all = RANK_ALL_SQL("", "");

static const char *const sql_rank_all_filtered =
    RANK_ALL_SQL(" JOIN article a ON a.id = article_fts.rowid", " AND" FILTERS);

/* The rows of the articles ?11 (a JSON array of ids), in its order, with
 * their snippets (see RANKED_SQL); the rank is the kept one. */
static const char *const sql_kept_page =
    "WITH top (id, ord) AS MATERIALIZED ("
    " SELECT value, key FROM json_each(?11))"
    ", snip (id, snippet) AS MATERIALIZED ("
    " SELECT rowid, glossa_snippet(article_fts) FROM article_fts"
    " WHERE article_fts MATCH ?1"
    " AND rowid >= (SELECT min(id) FROM top)"
    " AND rowid <= (SELECT max(id) FROM top)"
    " AND +rowid IN (SELECT id FROM top))"
    " SELECT " COLUMNS ", snip.snippet, 0 FROM top"
    " JOIN article a ON a.id = top.id JOIN snip ON snip.id = top.id"
    " ORDER BY top.ord";

/* The archive's state as the kept ranking compares it. */
static glossa_status_t archive_version(glossa_db_t *db, int64_t *version,
                                       int64_t *changes)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(db, "PRAGMA data_version", &st);
	int rc;

	if (!stmt)
		return st;
	rc = sqlite3_step(stmt);
	*version = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	sqlite3_reset(stmt);
	*changes = sqlite3_total_changes64(db->sql);
	return rc == SQLITE_ROW ? GLOSSA_OK
	                        : glossa_db_fail(db, rc, "searching");
}

/* Best first; equal ranks: the newer id first (dates are looked at
 * after, for the equal ranks alone). */
static int by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* A match of equal rank and its date (tie_dates()). */
struct dated {
	struct ranked m;
	char *date;
};

static int by_date(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	return c ? c : x->m.id > y->m.id ? -1 : x->m.id < y->m.id;
}

/* Order the n matches of equal rank at m as the page query does: the
 * newest date first (an article without one last), then the newer id. */
static glossa_status_t tie_dates(glossa_db_t *db, struct ranked *m, size_t n)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_cached(
	    db, "SELECT date_iso FROM article WHERE id = ?1", &st);
	struct dated *d;
	size_t i;

	if (!stmt)
		return st;
	if (!(d = calloc(n, sizeof(*d))))
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "searching: out of memory");
	for (i = 0; i < n && st == GLOSSA_OK; i++) {
		const unsigned char *date = NULL;
		int rc;

		d[i].m = m[i];
		sqlite3_bind_int64(stmt, 1, m[i].id);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			date = sqlite3_column_text(stmt, 0);
		/* a stop or an error leaves the run as it was, undated */
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			st = glossa_db_fail(db, rc, "searching");
		else if (!(d[i].date = strdup(date ? (const char *)date : "")))
			st = glossa_db_error(db, GLOSSA_NOMEM,
			                     "searching: out of memory");
		sqlite3_reset(stmt);
	}
	if (st == GLOSSA_OK) {
		qsort(d, n, sizeof(*d), by_date);
		for (i = 0; i < n; i++)
			m[i] = d[i].m;
	}
	for (i = 0; i < n; i++)
		free(d[i].date);
	free(d);
	return st;
}

/* Rank every match of the compiled query into r (empty), in the order of
 * the page query; *many: there are more than a kept ranking holds (r
 * then has the first of them, unordered, for the caller to drop). */
static glossa_status_t rank_all(glossa_db_t *db, const char *match,
                                const struct filters *q,
                                struct glossa_ranking *r, int *many)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(
	    db, has_filters(q) ? sql_rank_all_filtered : sql_rank_all, &st);
	size_t cap = 0, max = db->keep_max ? db->keep_max : GLOSSA_RANK_KEPT;
	int rc;

	*many = 0;
	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (r->n == max) {
			*many = 1;
			rc = SQLITE_DONE;
			break;
		}
		if (GLOSSA_GROW(r->m, cap, r->n + 1) < 0) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
			                     "searching: out of memory");
			break;
		}
		r->m[r->n].id = sqlite3_column_int64(stmt, 0);
		r->m[r->n++].rank = sqlite3_column_double(stmt, 1);
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "searching");
	sqlite3_finalize(stmt);
	if (st != GLOSSA_OK || *many)
		return st;
	if (r->n > 1)
		qsort(r->m, r->n, sizeof(*r->m), by_rank);
	if (!(r->dated = calloc(r->n / 8 + 1, 1)))
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "searching: out of memory");
	return GLOSSA_OK;
}

/* Put the equal ranks among matches offset .. end-1 of r in date order. */
static glossa_status_t date_ties(glossa_db_t *db, struct glossa_ranking *r,
                                 size_t offset, size_t end)
{
	glossa_status_t st = GLOSSA_OK;
	size_t i = offset, j;

	while (i > 0 && r->m[i - 1].rank == r->m[offset].rank)
		i--;
	for (; i < end && st == GLOSSA_OK; i = j) {
		for (j = i + 1; j < r->n && r->m[j].rank == r->m[i].rank; j++)
			;
		if (j - i > 1 && !(r->dated[i / 8] & 1u << i % 8) &&
		    (st = tie_dates(db, r->m + i, j - i)) == GLOSSA_OK)
			r->dated[i / 8] |= (unsigned char)(1u << i % 8);
	}
	return st;
}

/* The kept ranking of query, made now unless the one kept is of query
 * and the archive has not changed since; NULL if it has too many matches
 * to keep. */
static glossa_status_t ranking_of(glossa_db_t *db, const char *query,
                                  const char *match, const struct filters *q,
                                  struct glossa_ranking **out)
{
	struct glossa_ranking *r = db->ranking;
	int64_t version = -1, changes = -1;
	glossa_status_t st;
	int many;

	*out = NULL;
	if ((st = archive_version(db, &version, &changes)) != GLOSSA_OK)
		return st;
	if (r && r->version == version && r->changes == changes &&
	    strcmp(r->query, query) == 0) {
		*out = r->too_many ? NULL : r;
		return GLOSSA_OK;
	}
	glossa_ranking_free(r);
	db->ranking = NULL;
	if (!(r = calloc(1, sizeof(*r))) || !(r->query = strdup(query))) {
		glossa_ranking_free(r);
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "searching: out of memory");
	}
	r->version = version;
	r->changes = changes;
	if ((st = rank_all(db, match, q, r, &many)) != GLOSSA_OK) {
		glossa_ranking_free(r);
		return st;
	}
	if (many) { /* remembered, so that no page ranks them twice */
		free(r->m);
		r->m = NULL;
		r->n = 0;
		r->too_many = 1;
	}
	/* inside a transaction, what was read may yet be rolled back, which
	 * the count of changes does not tell: used once, not kept */
	if (sqlite3_get_autocommit(db->sql))
		db->ranking = r;
	if (!many)
		*out = r;
	else if (r != db->ranking)
		glossa_ranking_free(r);
	return GLOSSA_OK;
}

/* Rows offset .. offset+limit-1 (limit 0: all) of every match, ranked
 * (see struct glossa_ranking); *counted: how many match. */
static glossa_status_t run_all(glossa_db_t *db, const char *query,
                               const char *match, const struct filters *q,
                               size_t offset, size_t limit,
                               glossa_page_t *page, int64_t *counted)
{
	struct glossa_ranking *r = NULL;
	struct filters kept = {0};
	glossa_status_t st;
	size_t end, i, j;
	int64_t seen;
	char *ids, *p;

	if ((st = ranking_of(db, query, match, q, &r)) != GLOSSA_OK)
		return st;
	if (!r) { /* too many to keep: the page query ranks them all */
		st = run_page(db, has_filters(q) ? sql_ranked_filtered
		                                 : sql_ranked,
		              match, q, offset, limit, -1, page, &seen);
		if (st == GLOSSA_OK && (seen >= 0 || offset == 0))
			*counted = seen >= 0 ? seen : 0;
		return st;
	}
	*counted = (int64_t)r->n;
	end = offset >= r->n                      ? offset
	      : limit == 0 || limit > r->n - offset ? r->n
	                                            : offset + limit;
	if (offset < end)
		st = date_ties(db, r, offset, end);
	if (st == GLOSSA_OK && offset < end &&
	    !(ids = malloc((end - offset) * 21 + 3))) {
		st = glossa_db_error(db, GLOSSA_NOMEM,
		                     "searching: out of memory");
	} else if (st == GLOSSA_OK && offset < end) {
		p = ids;
		*p++ = '[';
		for (i = offset; i < end; i++)
			p += sprintf(p, "%s%lld", i > offset ? "," : "",
			             (long long)r->m[i].id);
		strcpy(p, "]");
		kept.ids = ids;
		st = run_page(db, sql_kept_page, match, &kept, 0, 0, 0, page,
		              NULL);
		free(ids);
	}
	/* the rows come in the ranking's order; one that another connection
	 * deleted since the ranking was checked is missing */
	for (i = 0, j = offset; st == GLOSSA_OK && i < page->n; i++) {
		while (j < end && r->m[j].id != page->rows[i].id)
			j++;
		if (j < end)
			page->rows[i].rank = r->m[j++].rank;
	}
	if (r != db->ranking)
		glossa_ranking_free(r);
	return st;
}

/* Count the matches. */
static glossa_status_t run_count(glossa_db_t *db, const char *sql,
                                 const char *match, const struct filters *q,
                                 int64_t *total)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql, &st);
	int rc;

	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? GLOSSA_OK
	                        : glossa_db_fail(db, rc, "searching");
}

/* The tokens the tokenizer makes of a prefix query's text: the first,
 * and how many there are. */
struct query_word {
	char tok[256];
	int len;
	int n;
};

static int query_token(void *p, int tflags, const char *tok, int n, int start,
                       int end)
{
	struct query_word *t = p;

	(void)start;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n++ == 0 && n > 0 && n < (int)sizeof(t->tok)) {
		memcpy(t->tok, tok, n);
		t->len = n;
	}
	return SQLITE_OK;
}

/* The one word FTS5 would look up for prefix text (folded, unstemmed, as
 * the tokenizer makes it) in t; 0 if it makes no word or more than one. */
static int prefix_word(glossa_db_t *db, const char *text, size_t len,
                       struct query_word *t)
{
	fts5_api *api = glossa_fts5_api(db->sql);
	fts5_tokenizer tk;
	Fts5Tokenizer *tok = NULL;
	void *udata = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	if (!api || len > 1024 ||
	    api->xFindTokenizer(api, GLOSSA_TOKENIZER_NAME, &udata, &tk) !=
	        SQLITE_OK ||
	    tk.xCreate(udata, NULL, 0, &tok) != SQLITE_OK)
		return 0;
	rc = tk.xTokenize(tok, t, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
	                  text, (int)len, query_token);
	tk.xDelete(tok);
	return rc == SQLITE_OK && t->n == 1 && t->len > 0 &&
	       glossa_tokenizer_is_word(t->tok, t->len);
}

/* Write the words stmt gives as an OR of exact tokens to out, and
 * release stmt: 1, or 0 (nothing written) if there are none or more than
 * max, -1 on an error. */
static int write_words(sqlite3_stmt *stmt, int max, struct glossa_buf *out)
{
	struct glossa_buf e = {0};
	int n = 0, rc;

	glossa_buf_add(&e, "(", 1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(stmt, 0);

		if (!w) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (n++)
			glossa_buf_puts(&e, " OR ");
		glossa_buf_add_fts(&e, GLOSSA_WORD_MARK, w,
		                   (size_t)sqlite3_column_bytes(stmt, 0));
	}
	glossa_db_release(stmt);
	glossa_buf_add(&e, ")", 1);
	if (rc != SQLITE_DONE || n == 0 || n > max || e.nomem) {
		free(e.s);
		return rc != SQLITE_DONE || e.nomem ? -1 : 0;
	}
	glossa_buf_add(out, e.s, e.len);
	free(e.s);
	return 1;
}

/*
 * A prefix the tokenizer does not index ("earth*", more than three
 * characters) is written as the OR of the words of fts_word it starts,
 * GLOSSA_WORD_MARK before each ("earth", "earths"), when there are at
 * most GLOSSA_PREFIX_WORDS of them. FTS5 reads that OR lazily, newest
 * first; for the prefix it would merge the doclists of all of them before
 * the first row (earth* at a million articles: 147 ms). The same rows:
 * fts_word holds every word of the indexes.
 */
static int expand_prefix(glossa_db_t *db, const char *text, size_t len,
                         struct glossa_buf *out)
{
	glossa_status_t st;
	struct query_word t;
	sqlite3_stmt *stmt;
	char hi[sizeof(t.tok)];

	if (!prefix_word(db, text, len, &t))
		return 0;
	/* the words from t.tok up to, not with, t.tok with its last byte
	 * one up (never 0xFF in UTF-8) */
	memcpy(hi, t.tok, t.len);
	hi[t.len - 1]++;
	stmt = glossa_db_cached(db, "SELECT word FROM fts_word"
	                            " WHERE word >= ?1 AND word < ?2 LIMIT ?3",
	                            &st);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, t.tok, t.len, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, hi, t.len, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, GLOSSA_PREFIX_WORDS + 1);
	return write_words(stmt, GLOSSA_PREFIX_WORDS, out);
}

/* The bytes of the first n characters of UTF-8 word w (nw bytes), or
 * nw if it has fewer. */
static int first_chars(const char *w, int nw, int n)
{
	int i = 0;

	while (n-- > 0 && i < nw)
		for (i++; i < nw && (w[i] & 0xC0) == 0x80; i++)
			;
	return i;
}

/* FTS5's prefix query of text, to out: 1, or -1 out of memory. */
static int fts_prefix(const char *text, size_t len, struct glossa_buf *out)
{
	glossa_buf_add_fts(out, 0, text, len);
	glossa_buf_add(out, " *", 2);
	return out->nomem ? -1 : 1;
}

/*
 * A prefix of GLOSSA_PREFIX_SKIP characters ("co*"), which has no prefix
 * token, is written as the OR of the prefix tokens one character longer
 * that the words of fts_word give ("\x01con", "\x01cop": some 20 to 30
 * on real text), the word itself, and each word exactly one character
 * longer ("con", which has no token of itself: tokenizer.h), when there
 * are at most GLOSSA_PREFIX_WORDS. FTS5 reads that OR lazily, newest
 * first; its prefix query of those tokens merges their doclists before
 * the first row (co* at 100k real articles: 83 ms). One look at fts_word
 * each: the next starts past the prefix just found (a word of three
 * characters comes first of those it starts).
 */
static int expand_short(glossa_db_t *db, const char *text, size_t len,
                        struct glossa_buf *out)
{
	glossa_status_t st;
	struct query_word t;
	struct glossa_buf e = {0};
	sqlite3_stmt *stmt;
	char from[sizeof(t.tok) + 1], hi[sizeof(t.tok)];
	int nfrom, n = 0, rc;

	if (!prefix_word(db, text, len, &t))
		return 0;
	/* three characters to the tokenizer: query.c writes the prefix
	 * token OR the word */
	if (first_chars(t.tok, t.len, GLOSSA_PREFIX_SKIP) != t.len)
		return 0;
	/* one ("का": unicode61 splits at the vowel sign) has words of two,
	 * whose prefix token is skipped and whose longer words the scan
	 * would skip past */
	if (first_chars(t.tok, t.len, GLOSSA_PREFIX_SKIP - 1) == t.len)
		return fts_prefix(text, len, out);
	memcpy(hi, t.tok, t.len);
	hi[t.len - 1]++;
	memcpy(from, t.tok, t.len);
	nfrom = t.len;
	stmt = glossa_db_cached(db, "SELECT word FROM fts_word"
	                            " WHERE word >= ?1 AND word < ?2"
	                            " ORDER BY word LIMIT 1",
	                            &st);
	if (!stmt)
		return -1;
	glossa_buf_add(&e, "(", 1);
	for (;;) {
		const char *w;
		int nw, k;

		sqlite3_bind_text(stmt, 1, from, nfrom, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, hi, t.len, SQLITE_STATIC);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW ||
		    n >= GLOSSA_PREFIX_WORDS)
			break;
		w = (const char *)sqlite3_column_text(stmt, 0);
		nw = sqlite3_column_bytes(stmt, 0);
		if (!w) {
			rc = SQLITE_NOMEM;
			break;
		}
		k = first_chars(w, nw, GLOSSA_PREFIX_SKIP + 1);
		if (n++)
			glossa_buf_puts(&e, " OR ");
		if (k == nw && nw == t.len) {
			/* the word itself; words have no control bytes */
			glossa_buf_add_fts(&e, GLOSSA_WORD_MARK, w, (size_t)nw);
			memcpy(from, w, (size_t)nw);
			from[nw] = '\x01';
			nfrom = nw + 1;
		} else if (k <= (int)sizeof(t.tok)) {
			if (k == nw) {
				glossa_buf_add_fts(&e, GLOSSA_WORD_MARK, w,
				                   (size_t)nw);
				glossa_buf_puts(&e, " OR ");
				n++;
			}
			glossa_buf_add_fts(&e, GLOSSA_PREFIX_MARK, w, (size_t)k);
			memcpy(from, w, (size_t)k);
			from[k - 1]++;
			nfrom = k;
		} else {
			rc = SQLITE_TOOBIG; /* never: three characters */
			break;
		}
		sqlite3_reset(stmt);
	}
	glossa_db_release(stmt);
	glossa_buf_add(&e, ")", 1);
	if (rc != SQLITE_DONE || n == 0 || e.nomem) {
		free(e.s);
		/* past GLOSSA_PREFIX_WORDS: FTS5's prefix query (a text of
		 * three characters typed is one of two here too) */
		return (rc != SQLITE_DONE && rc != SQLITE_ROW) || e.nomem
		           ? -1
		           : fts_prefix(text, len, out);
	}
	glossa_buf_add(out, e.s, e.len);
	free(e.s);
	return 1;
}

/*
 * An unquoted word is written as the OR of the words of fts_word whose
 * stem is its stem ("mining": "mine", "mined", "mines", "mining"): the
 * index holds words, not stems (tokenizer.h). And the word written as
 * its stem, whose own stem may differ (Porter stems "representation" to
 * "represent", and that to "repres"), as tokenizer 5's bare stem token
 * found it and the matcher does. None: the word as query.c
 * writes it, which finds nothing a list of every word does not have.
 */
static int expand_word(glossa_db_t *db, const char *text, size_t len,
                       struct glossa_buf *out)
{
	struct glossa_stemmer *s = NULL;
	glossa_status_t st;
	sqlite3_stmt *stmt;
	const char *stem;
	int nstem, done = -1, rc;

	if (len > INT_MAX)
		return 0;
	if (glossa_stemmer_new(db->words, &s) != SQLITE_OK)
		return -1;
	rc = glossa_stemmer_stem(s, text, (int)len, &stem, &nstem);
	if (rc == SQLITE_OK && nstem == 0)
		done = 0;
	else if (rc == SQLITE_OK &&
	         (stmt = glossa_db_cached(db, "SELECT word FROM fts_word"
	                                      " WHERE stem = ?1 OR word = ?1",
	                                  &st))) {
		sqlite3_bind_text(stmt, 1, stem, nstem, SQLITE_STATIC);
		done = write_words(stmt, INT_MAX, out);
	}
	glossa_stemmer_free(s);
	return done;
}

/* What a search says when its expander failed: stopped, if the
 * interrupt callback says so (a deadline, a key), which makes SQLite
 * stop a look at fts_word too; else that the list cannot be read. */
static glossa_status_t expand_failed(glossa_db_t *db)
{
	if (db->interrupt && db->interrupt(db->interrupt_arg))
		return glossa_db_error(db, GLOSSA_INTERRUPTED,
		                       "searching: interrupted");
	return glossa_db_error(db, GLOSSA_ERROR,
	                       "searching: the archive's list of words "
	                       "cannot be read (glossa check says more)");
}

int glossa_search_expand(void *ctx, int form, const char *text, size_t len,
                         struct glossa_buf *out)
{
	glossa_db_t *db = ctx;

	if (!db->words_kept)
		return 0;
	if (form == GLOSSA_TERM_WORD)
		return expand_word(db, text, len, out);
	if (form == GLOSSA_TERM_SHORT_PREFIX)
		return expand_short(db, text, len, out);
	return expand_prefix(db, text, len, out);
}

/* A query made ready for the statements: the FTS5 expression to match
 * (NULL: no text terms), the filters, and what they point into. */
struct compiled {
	glossa_query_t q;
	struct filters f;
	char *match, *qmatch, *qexclude;
	char *count; /* match, written to count (glossa_query_fts_count()) */
};

static void compiled_clear(struct compiled *c)
{
	free(c->count);
	free(c->match);
	free(c->qmatch);
	free(c->qexclude);
	glossa_query_clear(&c->q);
	memset(c, 0, sizeof(*c));
}

/* The whole expression of c with qmatch as its terms (allocated; NULL
 * when there is none, or out of memory): in:notes searches the glosses
 * column alone, which holds them; excluded terms go in as FTS5's NOT,
 * which drops their rows as it reads (NOT IN (the rows of a common word)
 * made a list of 90 000 rowids first, 15 ms at 100k). */
static char *whole_match(const struct compiled *c, const char *qmatch)
{
	char *m = NULL, *both = NULL;

	if (qmatch && c->q.notes_only) {
		if (asprintf(&m, "glosses : (%s)", qmatch) < 0)
			m = NULL;
	} else if (c->q.notes_only) {
		m = strdup("glosses : \"\"");
	} else if (qmatch) {
		m = strdup(qmatch);
	}
	if (!m || !c->qexclude)
		return m;
	if (asprintf(&both, "(%s) NOT (%s)", m, c->qexclude) < 0)
		both = NULL;
	free(m);
	return both;
}

/* Parse query (NULL: "") into c; on failure c is cleared and the
 * message set. */
static glossa_status_t compile(glossa_db_t *db, const char *query,
                               struct compiled *c)
{
	glossa_status_t st;
	char *msg = NULL;

	memset(c, 0, sizeof(*c));
	st = glossa_query_parse(query ? query : "", &c->q, &msg);
	if (st == GLOSSA_OK)
		st = glossa_query_fts(&c->q, glossa_search_expand, db,
		                      &c->qmatch, &c->qexclude);
	if (st == GLOSSA_ERROR && !msg) {
		compiled_clear(c);
		return expand_failed(db);
	}
	if (st != GLOSSA_OK) {
		glossa_db_error(db, st, "%s",
		                msg ? msg : glossa_status_to_string(st));
		free(msg);
		compiled_clear(c);
		return st;
	}
	/* the filters the statements bind, q's strings */
	c->f = (struct filters){c->qexclude, c->q.after, c->q.before, c->q.url,
	                        c->q.state, NULL};
	c->match = whole_match(c, c->qmatch);
	if (c->match && c->qexclude)
		c->f.exclude = NULL; /* in the expressions */
	if ((c->qmatch || c->q.notes_only) && !c->match) {
		compiled_clear(c);
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "searching: out of memory");
	}
	return GLOSSA_OK;
}

/* c->count, the expression that counts c's matches, made when a count
 * is asked for (most pages are not counted); NULL when c has no match
 * expression. */
static glossa_status_t compile_count(glossa_db_t *db, struct compiled *c)
{
	glossa_status_t st;
	char *raw = NULL;

	if (c->count || !c->match)
		return GLOSSA_OK;
	if (c->qmatch &&
	    (st = glossa_query_fts_count(&c->q, glossa_search_expand, db,
	                                 &raw)) != GLOSSA_OK)
		return st == GLOSSA_ERROR
		           ? expand_failed(db)
		           : glossa_db_error(db, st, "searching: %s",
		                             glossa_status_to_string(st));
	c->count = whole_match(c, raw ? raw : c->qmatch);
	free(raw);
	return c->count ? GLOSSA_OK
	                : glossa_db_error(db, GLOSSA_NOMEM,
	                                  "searching: out of memory");
}

/* The matches that pass the state filters alone: no article row read
 * (joining them took 0.5 s for a common word at 100k). */
static const char *const sql_state_count =
    "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1 AND"
    STATE_FILTERS("article_fts.rowid");

/* Whether the filters are state filters only. */
static int state_only(const struct filters *f)
{
	return !f->exclude && !f->after && !f->before && !f->url;
}

/* The count statement of a compiled query. */
static const char *count_sql(const struct compiled *c)
{
	return !c->match && state_only(&c->f) ? sql_plain_state_count
	       : !c->match                ? sql_plain_count
	       : !has_filters(&c->f)    ? sql_match_count
	       : state_only(&c->f)      ? sql_state_count
	                                : sql_ranked_count;
}

/* How a search orders its matches. */
enum order {
	RANK_NEWEST, /* glossa_search() */
	RANK_FIRST,  /* glossa_search_first(): the same, counted if free */
	RANK_ALL,    /* glossa_search_all() */
	NEWEST,      /* glossa_search_newest() */
};

static glossa_status_t search(glossa_db_t *db, const char *query, size_t offset,
                              size_t limit, enum order order,
                              glossa_page_t *page, int64_t *total)
{
	struct compiled c;
	glossa_status_t st;
	int64_t counted = -1;

	page->rows = NULL;
	page->n = 0;
	if ((st = compile(db, query, &c)) != GLOSSA_OK)
		return st;
	if (c.match && order == NEWEST)
		st = run_page(db, sql_newest, c.match, &c.f, offset, limit,
		              INT64_MAX, page, NULL);
	else if (c.match && order == RANK_ALL)
		st = run_all(db, query, c.match, &c.f, offset, limit, page,
		             &counted);
	else if (c.match)
		st = run_matches(db, c.match, &c.f, offset, limit, page,
		                 &counted);
	else
		st = run_page(db, sql_plain, NULL, &c.f, offset, limit, 0, page,
		              NULL);
	if (st == GLOSSA_OK && c.qmatch && !has_column_filter(c.qmatch))
		st = match_notes(db, c.qmatch, page);
	if (st == GLOSSA_OK && total && counted >= 0)
		*total = counted;
	else if (st == GLOSSA_OK && total && order == RANK_FIRST && c.match &&
	         offset == 0)
		*total = -1;
	else if (st == GLOSSA_OK && total &&
	         (st = compile_count(db, &c)) == GLOSSA_OK)
		st = run_count(db, count_sql(&c), c.count, &c.f, total);
	if (st != GLOSSA_OK)
		glossa_page_clear(page);
	compiled_clear(&c);
	return st;
}

/* The matches above ?12: FTS5 starts its doclists at the rowid. */
static const char *const sql_fresh_state_count =
    "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1"
    " AND article_fts.rowid > ?12 AND" STATE_FILTERS("article_fts.rowid");

static const char *const sql_fresh_match_count =
    "SELECT count(*) FROM article_fts JOIN article a"
    " ON a.id = article_fts.rowid WHERE article_fts MATCH ?1"
    " AND article_fts.rowid > ?12 AND" FILTERS;

static const char *const sql_fresh_plain_count =
    "SELECT count(*) FROM article a INDEXED BY article_order"
    " WHERE a.id > ?12 AND" FILTERS;

static const char *const sql_fresh_plain_state_count =
    "SELECT count(*) FROM article a INDEXED BY article_read"
    " WHERE a.id > ?12 AND" STATE_FILTERS_READ;

glossa_status_t glossa_search_count(glossa_db_t *db, const char *query,
                                    int64_t since_id, int64_t *total,
                                    int64_t *fresh)
{
	struct compiled c;
	glossa_status_t st;
	sqlite3_stmt *stmt;
	int rc;

	if ((st = compile(db, query, &c)) != GLOSSA_OK)
		return st;
	st = compile_count(db, &c);
	if (st == GLOSSA_OK && total)
		st = run_count(db, count_sql(&c), c.count, &c.f, total);
	if (st == GLOSSA_OK && fresh) {
		stmt = glossa_db_prepare(db,
		                         !c.match && state_only(&c.f)
		                             ? sql_fresh_plain_state_count
		                         : !c.match ? sql_fresh_plain_count
		                         : state_only(&c.f)
		                             ? sql_fresh_state_count
		                             : sql_fresh_match_count,
		                         &st);
		if (stmt) {
			bind_query(stmt, c.count, &c.f);
			sqlite3_bind_int64(stmt, 12, since_id);
			rc = sqlite3_step(stmt);
			if (rc == SQLITE_ROW)
				*fresh = sqlite3_column_int64(stmt, 0);
			else
				st = glossa_db_fail(db, rc, "counting");
			sqlite3_finalize(stmt);
		}
	}
	compiled_clear(&c);
	return st;
}

glossa_status_t glossa_search(glossa_db_t *db, const char *query, size_t offset,
                              size_t limit, glossa_page_t *page, int64_t *total)
{
	return search(db, query, offset, limit, RANK_NEWEST, page, total);
}

glossa_status_t glossa_search_first(glossa_db_t *db, const char *query,
                                    size_t offset, size_t limit,
                                    glossa_page_t *page, int64_t *total)
{
	return search(db, query, offset, limit, RANK_FIRST, page, total);
}

glossa_status_t glossa_search_all(glossa_db_t *db, const char *query,
                                  size_t offset, size_t limit,
                                  glossa_page_t *page, int64_t *total)
{
	return search(db, query, offset, limit, RANK_ALL, page, total);
}

glossa_status_t glossa_search_newest(glossa_db_t *db, const char *query,
                                     size_t offset, size_t limit,
                                     glossa_page_t *page, int64_t *total)
{
	return search(db, query, offset, limit, NEWEST, page, total);
}
