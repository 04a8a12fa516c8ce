/*
 * search.h: the glossa query language and ranked full-text search.
 *
 * The language (the same at the TUI prompt and on the command line):
 *   words are ANDed            baogang innovation
 *   OR between two terms       rare OR critical   (binds tighter than AND)
 *   -term excludes             baogang -steel
 *   "a quoted phrase"          "decisive battle"  (words as written:
 *                              "ore" is not "or", "mining" not "mine")
 *   word* is a prefix          mobili*
 *   field filters              title:drums source:"rare earth" author:杜甫
 *   a whole tag, a tag prefix  tag:"rare earths" tag:rare*
 *   a part of the URL          url:example.org
 *   date filters               after:2025-01-01 before:2025-12-31
 *   only annotations           in:notes
 *   the article's state        is:unread is:read has:notes has:glosses
 *                              has:detached
 *   articles with marked notes is:marked
 * Unquoted English words are stemmed; case, accents, full-width and
 * Traditional characters always fold. Chinese, Japanese and Korean text
 * matches as a substring. An unknown field (ASCII letters, ':', a value
 * not starting with '/': foo:bar) is GLOSSA_BAD_QUERY naming the fields;
 * anything else (stray quotes, a lone *, C++, e-mail, AND, https://x,
 * 08:30) is searched as text; no input ever reaches the user as an SQL
 * or FTS5 error.
 */
#ifndef GLOSSA_SEARCH_H
#define GLOSSA_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "list.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a term is searched: any column, or one field filter. */
typedef enum glossa_qfield {
	GLOSSA_QFIELD_ANY,    /* title, body, glosses, source, author, tags */
	GLOSSA_QFIELD_TITLE,  /* title: */
	GLOSSA_QFIELD_SOURCE, /* source: */
	GLOSSA_QFIELD_AUTHOR, /* author: */
	GLOSSA_QFIELD_TAG     /* tag: a whole tag (a prefix of one with '*') */
} glossa_qfield_t;

/*
 * One term of a parsed query: its text as the user typed it (without
 * the quotes, the '-' and the '*'), never empty, always holding a letter,
 * a digit or a CJK character. Unquoted and not a prefix, each word is
 * stemmed; quoted, the words are searched as written (folded); the words
 * of one term are a phrase. A prefix after CJK is no prefix (the CJK
 * text is a substring already).
 */
typedef struct glossa_query_term {
	char *text;
	glossa_qfield_t field;
	unsigned excluded : 1; /* -term: the article must not match it */
	unsigned quoted : 1;   /* "as written" */
	unsigned prefix : 1;   /* word*: its last word is a prefix */
	unsigned or_next : 1;  /* OR the next term (never excluded) */
} glossa_query_term_t;

/*
 * The state filters of a query (is:, has:), bits of glossa_query_t's
 * state: the article must have every one set (so is:read is:unread
 * finds nothing). has:notes is a note (kind note), has:glosses a gloss,
 * has:detached an annotation of either kind flagged detached.
 */
enum {
	GLOSSA_STATE_UNREAD = 1 << 0,   /* is:unread */
	GLOSSA_STATE_READ = 1 << 1,     /* is:read */
	GLOSSA_STATE_NOTES = 1 << 2,    /* has:notes */
	GLOSSA_STATE_GLOSSES = 1 << 3,  /* has:glosses */
	GLOSSA_STATE_DETACHED = 1 << 4, /* has:detached */
	GLOSSA_STATE_MARKED = 1 << 5,   /* is:marked: a note of it is marked */
};

/*
 * A parsed query: the article matches when it matches every positive
 * term (a run of terms joined by or_next: any of them), none of the
 * excluded ones, and the filters. All strings are allocated, NULL when
 * absent; the front end reads it and never builds or changes one.
 */
typedef struct glossa_query {
	glossa_query_term_t *terms; /* in the order typed, repeats dropped */
	size_t nterms;
	char *after;   /* date (inclusive): "YYYY[-MM[-DD]]" */
	char *before;  /* date (inclusive) */
	char *url;     /* a substring of the URL (ASCII case ignored) */
	int notes_only; /* in:notes: match annotations only */
	unsigned state; /* GLOSSA_STATE_* bits: every one must hold */
} glossa_query_t;

/*
 * Parse query text into *q (glossa_query_clear() it after). Empty or
 * blank text gives an empty query (it lists everything). Returns
 * GLOSSA_BAD_QUERY only for problems the user must fix (a malformed
 * date, an unknown in: value or field, an excluded filter), with *errmsg (allocated) saying so in
 * plain words; GLOSSA_NOMEM.
 */
glossa_status_t glossa_query_parse(const char *text, glossa_query_t *q,
				   char **errmsg);
/* Free the strings of a parsed query and zero it; NULL is a no-op. */
void glossa_query_clear(glossa_query_t *q);

/* Whether glossa_search() ranks the matches of query (NULL: ""): it has
 * a term that is not excluded, or in:notes. Else (filters and
 * exclusions alone, or a query that does not parse) they come in list
 * order, and no ranking of them is ever partial. */
int glossa_search_ranks(const char *query);

/* How many of the newest matches glossa_search() ranks. */
#define GLOSSA_RANK_NEWEST 2000

/* The most matches whose ranking glossa_search_all() keeps for the next
 * page (16 bytes each: 4 MB); past that each page ranks them all. */
#define GLOSSA_RANK_KEPT 262144

/*
 * Search: ranked (bm25's order, title and glossed phrases above body
 * text) rows offset .. offset+limit-1 (limit 0: all), each with its
 * snippet and matching annotations marked with GLOSSA_MARK_START/END. An
 * empty query lists the archive in list order. At most the
 * GLOSSA_RANK_NEWEST newest matches (highest id) are ranked; older
 * matches follow them, newest first, unranked: the ranking is partial
 * when *total is over GLOSSA_RANK_NEWEST (bm25 over every match of a
 * common word is slow at a large archive: tests/bench/RESULTS.md;
 * glossa_search_all() ranks them all). A phrase's
 * IDF is counted over up to 1000 matches and estimated past that, so
 * that ranking never reads every match; the rank values are not bm25's
 * numbers, only lower is better. *total, if not NULL, receives the
 * number of matches. *page is overwritten (clear it first if it held
 * rows) and is the caller's, to glossa_page_clear(); empty on failure.
 * query (NULL: "") stays the caller's.
 * Returns GLOSSA_OK; GLOSSA_BAD_QUERY with glossa_db_errmsg() set for a
 * query the user must fix; GLOSSA_INTERRUPTED when the interrupt
 * callback or glossa_db_interrupt() stopped it; or an archive error
 * (db.h).
 */
glossa_status_t glossa_search(glossa_db_t *db, const char *query,
			      size_t offset, size_t limit, glossa_page_t *page,
			      int64_t *total);

/*
 * glossa_search()'s rows, as fast as they come: *total (if not NULL) is
 * the number of matches when the ranking saw them all (at most
 * GLOSSA_RANK_NEWEST), else, for a page at offset 0, -1: more than
 * that, not counted (a page further on is counted; counting a
 * phrase of common words at 100 000 articles took 85% of its search).
 * For a front end's first page: glossa_search_all() or
 * glossa_search_count() count them after. Errors as glossa_search().
 */
glossa_status_t glossa_search_first(glossa_db_t *db, const char *query,
				    size_t offset, size_t limit,
				    glossa_page_t *page, int64_t *total);

/*
 * glossa_search() with every match ranked, however many: the whole
 * ranking, at the cost of one pass over every match (about 1 us a match,
 * plus FTS5 reading them: a common word at 100 000 articles takes some
 * 0.1-0.5 s, ten times that at a million). *total costs no second pass.
 * The handle keeps the ranking of the last query (up to
 * GLOSSA_RANK_KEPT matches) while the archive is unchanged, so that the
 * next page of the same query costs only its rows (10-40 ms at 100 000
 * articles, however far down); a query of more ranks again for each
 * page. Stop it with the interrupt callback or glossa_db_interrupt()
 * to keep a front end's time budget (a ranking stopped is not kept).
 * Errors as glossa_search().
 */
glossa_status_t glossa_search_all(glossa_db_t *db, const char *query,
				  size_t offset, size_t limit,
				  glossa_page_t *page, int64_t *total);

/*
 * The same rows as glossa_search() (snippets, matched annotations,
 * filters, *total), but unranked: the newest matches first (highest id,
 * the last imported), rank 0. FTS5 reads its index newest first and
 * stops at the end of the page, so the time does not grow with the
 * number of matches (one Chinese character included): a front end can
 * show it at once and
 * replace it with glossa_search()'s ranked page when that is done.
 * Counting (*total not NULL) takes one pass over all the matches: pass
 * NULL for the fastest page. An empty query lists the archive in list
 * order, as glossa_search() does. Errors as glossa_search().
 */
glossa_status_t glossa_search_newest(glossa_db_t *db, const char *query,
				     size_t offset, size_t limit,
				     glossa_page_t *page, int64_t *total);

/*
 * Count the matches of query: *total (if not NULL) all of them, *fresh
 * (if not NULL) those with an id above since_id (imported after the
 * article since_id: glossa_saved_opened() keeps the highest id seen).
 * Only counts: no page, no ranking. A query of filters only counts
 * articles, not the index. Errors as glossa_search().
 */
glossa_status_t glossa_search_count(glossa_db_t *db, const char *query,
                                    int64_t since_id, int64_t *total,
                                    int64_t *fresh);

/*
 * A callback polled during every statement on db (searches, imports) and
 * by glossa_import_buffer() before it starts and before it commits;
 * returning non-zero stops the call with GLOSSA_INTERRUPTED (an import
 * rolls its file back; glossa_db_backup() and glossa_db_check() stop
 * too). cb is called on the thread that makes the call, with arg. NULL
 * removes it.
 */
void glossa_db_set_interrupt(glossa_db_t *db, int (*cb)(void *), void *arg);

/*
 * Stop the statement running on db (a search: GLOSSA_INTERRUPTED) as soon
 * as SQLite next looks, which an interrupt callback cannot do inside one
 * long FTS5 call. The one call on a handle that another thread may make
 * while the handle is in use (sqlite3_interrupt()), but not during or
 * after glossa_db_close(). No-op if nothing runs or db is NULL.
 */
void glossa_db_interrupt(glossa_db_t *db);

#ifdef __cplusplus
}
#endif

#endif
