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
 * nothing is written), or an archive error of a write (db.h). The handle
 * keeps a copy of everything deleted, until it closes or the next
 * delete, for glossa_article_undelete(). */
glossa_status_t glossa_article_delete(glossa_db_t *db, int64_t id);

/*
 * Bring back the article this handle deleted last: the article, its
 * fields, its annotations (their marks with them), its corrections, and
 * their index entries, with their ids where those are still free (else
 * new ones); *id is its id then (0 on failure). Returns GLOSSA_OK,
 * GLOSSA_NOT_FOUND if there is none to bring back, GLOSSA_EXISTS if the
 * file it came from was imported again meanwhile (that is the article
 * now; the copy is kept), or an archive error of a write (db.h).
 */
glossa_status_t glossa_article_undelete(glossa_db_t *db, int64_t *id);

/*
 * Correct n header fields of article id: each f[i].name one of title,
 * source, author, date, tags, url (glossa_article_field_ok()), its value
 * one line ("" clears it; a title cannot be empty; a date must be one
 * glossa reads, date.h, and sets date_iso). All or nothing, in one
 * transaction, indexed at once. A correction is the user's: importing
 * the article's file again keeps it (and the article is still found by
 * the file's own values). Returns GLOSSA_OK, GLOSSA_BAD_INPUT (the
 * message says which field), GLOSSA_NOT_FOUND, or an archive error.
 */
glossa_status_t glossa_article_set(glossa_db_t *db, int64_t id,
				   const glossa_field_t *f, size_t n);

/* 1 if name is a field glossa_article_set() corrects, else 0. */
int glossa_article_field_ok(const char *name);

/* The number of unread articles into *n. Returns GLOSSA_OK or an
 * archive error (db.h). */
glossa_status_t glossa_count_unread(glossa_db_t *db, int64_t *n);

#ifdef __cplusplus
}
#endif

#endif
