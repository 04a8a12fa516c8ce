/*
 * list.h: the article list, read a page at a time in list order (the
 * normalised date descending, then the id descending), and the rows that
 * searches return too (search.h).
 */
#ifndef GLOSSA_LIST_H
#define GLOSSA_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One line of the article list (or of search results). Its strings are
 * allocated, owned by the page that holds the row. */
typedef struct glossa_row {
	int64_t id;
	char *date;   /* normalised: "2025-02-10", "2025-02",
		       * "2025-02-10T08:30:00+08:00" (the article's
		       * date_iso); "" if none or unreadable */
	char *source;
	char *title;
	int read;
	int n_notes;
	int bad_date; /* 1: the article has a Date glossa cannot read */
	char *snippet; /* search results only: marked with GLOSSA_MARK_*;
			* NULL in a plain listing */
	char *matched_notes; /* search results only: the matching
			      * annotations, marked, one a line; NULL if
			      * none matched */
	double rank;         /* search results only: lower is better */
} glossa_row_t;

/* rows[0 .. n - 1]; rows is NULL when n is 0. */
typedef struct glossa_page {
	glossa_row_t *rows;
	size_t n;
} glossa_page_t;

/* Free the rows of a page and zero it; NULL is a no-op. */
void glossa_page_clear(glossa_page_t *page);

/*
 * Where a page starts, for keyset pagination in list order: the date and
 * id of a row (or an article's date_iso and id). date NULL is "".
 */
typedef struct glossa_key {
	const char *date;
	int64_t id;
} glossa_key_t;

/*
 * A page of at most limit articles (0: all), newest first, read without
 * loading anything else. from NULL: the first page (forward) or the last
 * page (backward). Forward: the rows after from; backward: the rows
 * before from. Either way the rows come in list order. *page is
 * overwritten (clear it first if it held rows) and is the caller's, to
 * glossa_page_clear(); past the end it is empty (GLOSSA_OK). Returns
 * GLOSSA_OK or an archive error (db.h), and then *page is empty.
 */
glossa_status_t glossa_list(glossa_db_t *db, const glossa_key_t *from,
			    int backward, size_t limit, glossa_page_t *page);

/*
 * Position (0-based) of an article in list order, for "article 3 of 12",
 * into *pos. Returns GLOSSA_OK, GLOSSA_NOT_FOUND when no article has
 * that id, or an archive error; *pos is unchanged on failure.
 */
glossa_status_t glossa_list_position(glossa_db_t *db, int64_t id,
				     int64_t *pos);

/*
 * The list's orders: by date (newest first, as glossa_list()), by title
 * (then the id), by source (then the title, then the id), by the number
 * of notes (most first, then the newest id).
 */
typedef enum glossa_order {
	GLOSSA_ORDER_DATE,
	GLOSSA_ORDER_TITLE,
	GLOSSA_ORDER_SOURCE,
	GLOSSA_ORDER_NOTES,
	GLOSSA_ORDER_COUNT
} glossa_order_t;

/* "date", "title", "source", "notes" ("" for none of them). */
const char *glossa_order_name(glossa_order_t order);
/* The order named name into *order: 0, or -1 when there is none. */
int glossa_order_parse(const char *name, glossa_order_t *order);

/*
 * glossa_list() in another order: from is a row of the list (its id,
 * and the fields of the order's key: date, title, source or n_notes),
 * NULL for the first (forward) or last (backward) page. Same ownership
 * and returns; GLOSSA_BAD_INPUT for an order out of range.
 */
glossa_status_t glossa_list_sorted(glossa_db_t *db, glossa_order_t order,
				   const glossa_row_t *from, int backward,
				   size_t limit, glossa_page_t *page);

/* glossa_list_position() in order. */
glossa_status_t glossa_list_position_sorted(glossa_db_t *db,
					    glossa_order_t order, int64_t id,
					    int64_t *pos);

#ifdef __cplusplus
}
#endif

#endif
