/*
 * glossary.h: the glossary, every phrase glossed anywhere in the archive
 * with its readings and translations.
 */
#ifndef GLOSSA_GLOSSARY_H
#define GLOSSA_GLOSSARY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One glossed phrase of the whole archive; its strings are allocated,
 * owned by the array that holds it. */
typedef struct glossa_glossary_entry {
	char *phrase;
	char *reading;      /* the first non-empty reading, "" if none */
	char *translations; /* the distinct translations, one a line */
	int64_t n_glosses;  /* how many glosses of it there are */
	int64_t n_articles; /* how many articles contain the phrase; -1: not
			     * counted yet (glossa_glossary_list) */
} glossa_glossary_entry_t;

/*
 * Every phrase glossed anywhere in the archive, sorted by phrase; filter
 * (NULL or "": all) keeps the entries whose phrase, reading or a
 * translation contains it (case-insensitive for ASCII). *out (*n
 * entries) is the caller's, to glossa_glossary_free(); NULL and 0 when
 * there are none and on failure. Returns GLOSSA_OK or an archive error
 * (db.h).
 */
glossa_status_t glossa_glossary(glossa_db_t *db, const char *filter,
				glossa_glossary_entry_t **out, size_t *n);

/*
 * The same without the article counts, the slow part (a full-text query
 * a phrase): n_articles is -1 until glossa_glossary_count() fills it in,
 * e.g. for the entries on the screen. Returns as glossa_glossary().
 */
glossa_status_t glossa_glossary_list(glossa_db_t *db, const char *filter,
				     glossa_glossary_entry_t **out, size_t *n);

/*
 * Count the articles of the entries[0 .. n - 1] whose n_articles is -1.
 * Returns GLOSSA_OK or an archive error (db.h); on failure the entries
 * counted so far keep their count, the others stay -1.
 */
glossa_status_t glossa_glossary_count(glossa_db_t *db,
				      glossa_glossary_entry_t *entries,
				      size_t n);

/* Free an array of n entries and their strings; NULL is a no-op. */
void glossa_glossary_free(glossa_glossary_entry_t *entries, size_t n);

#ifdef __cplusplus
}
#endif

#endif
