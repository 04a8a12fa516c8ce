/*
 * saved.h: saved searches, kept in the archive (schema 14): a name and
 * a query of the search language (search.h), and when it was last
 * opened, so that a front end can say how many matches are new.
 *
 * "New" is decided by ids: a match is new when its id is above the
 * highest article id the archive had when the search was last opened
 * (an article imported since). An article updated in place by a
 * re-import keeps its id and is not new.
 *
 * The configured searches of the front end's config file are not the
 * core's (it never reads configuration); glossa_saved_opened() keeps
 * their state too, in a row glossa_saved_list() leaves out unless
 * asked.
 */
#ifndef GLOSSA_SAVED_H
#define GLOSSA_SAVED_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One saved search; its strings are owned by the array that holds it. */
typedef struct glossa_saved {
	char *name;
	char *query;
	int kept;            /* saved (1), or only the state of a configured
	                      * search (0) */
	int64_t last_opened; /* Unix seconds; 0: never opened */
	int64_t seen_id;     /* the highest article id when last opened */
	int64_t last_count;  /* its matches then; -1: never opened */
} glossa_saved_t;

/*
 * Save query under name (replacing the query of a search of that name,
 * whose state is then forgotten). The name is one line of at most 200
 * bytes, not empty; the query must parse (glossa_query_parse()).
 * GLOSSA_OK; GLOSSA_BAD_INPUT (a bad name), GLOSSA_BAD_QUERY (the
 * message says why); GLOSSA_READONLY; an archive error (db.h).
 */
glossa_status_t glossa_saved_put(glossa_db_t *db, const char *name,
                                 const char *query);

/*
 * The saved searches, by name; all 0: only the kept ones, else the
 * configured ones' state too. *out (*n of them) is the caller's, to
 * glossa_saved_free(); NULL and 0 when there are none and on failure.
 */
glossa_status_t glossa_saved_list(glossa_db_t *db, int all,
                                  glossa_saved_t **out, size_t *n);

/* Forget the saved search name: GLOSSA_OK, GLOSSA_NOT_FOUND, or an
 * archive error. */
glossa_status_t glossa_saved_delete(glossa_db_t *db, const char *name);

/*
 * The search name (query: its query, for a configured search that has
 * no row yet) was opened with count matches: remember the time and the
 * highest article id now, so that later matches above it are new. A
 * read-only archive remembers nothing and says GLOSSA_READONLY.
 */
glossa_status_t glossa_saved_opened(glossa_db_t *db, const char *name,
                                    const char *query, int64_t count);

/* Free n saved searches; NULL is a no-op. */
void glossa_saved_free(glossa_saved_t *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
