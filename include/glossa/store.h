/*
 * store.h: the articles in the archive: fetching one with its
 * annotations, marking it read, deleting it. (Importing them: import.h;
 * the article as data: article.h.)
 */
#ifndef GLOSSA_STORE_H
#define GLOSSA_STORE_H

#include <stdint.h>

#include "article.h"
#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fetch one article with its extra fields and its annotations (in
 * position order) into *out, allocated, the caller's to
 * glossa_article_free(); *out is NULL on failure. Its warnings are
 * empty (they are the parser's, not stored). Returns GLOSSA_OK,
 * GLOSSA_NOT_FOUND if there is no article with that id, or an archive
 * error (db.h).
 */
glossa_status_t glossa_article_get(glossa_db_t *db, int64_t id,
				   glossa_article_t **out);

/* Mark an article read (read non-zero) or unread (0). Returns GLOSSA_OK,
 * GLOSSA_NOT_FOUND if there is no article with that id, or an archive
 * error of a write (db.h). */
glossa_status_t glossa_article_set_read(glossa_db_t *db, int64_t id,
					int read);

/* Delete an article and its annotations, in one transaction. Returns
 * GLOSSA_OK, GLOSSA_NOT_FOUND if there is no article with that id (and
 * nothing is written), or an archive error of a write (db.h). */
glossa_status_t glossa_article_delete(glossa_db_t *db, int64_t id);

#ifdef __cplusplus
}
#endif

#endif
