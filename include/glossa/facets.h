/*
 * facets.h: the archive's tags, sources and authors, each with the
 * number of articles that have it.
 *
 * Counting reads every article's tags, source and author (about a
 * second at a million articles), so it goes a slice at a time: a front
 * end shows what is counted so far and counts the rest while no key
 * waits. glossa_facets_step() counts the next articles in id order; the
 * counts are exact once it says done.
 *
 * A tag is a segment of the Tags field between semicolons (';' or
 * '；'), spaces around it trimmed, as tag: in a query reads it
 * (tokenizer.h); an article with the tag twice counts once. Values are
 * counted as written: "China" and "china" are two entries here, though
 * tag:china finds both.
 */
#ifndef GLOSSA_FACETS_H
#define GLOSSA_FACETS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum glossa_facet_kind {
	GLOSSA_FACET_TAG,
	GLOSSA_FACET_SOURCE,
	GLOSSA_FACET_AUTHOR,
	GLOSSA_FACET_KINDS
} glossa_facet_kind_t;

/* One value and its articles; value is owned by the glossa_facets_t. */
typedef struct glossa_facet {
	const char *value;
	int64_t n;
} glossa_facet_t;

/* The counts of one archive, as far as counted; opaque. */
typedef struct glossa_facets glossa_facets_t;

/* A new, empty count in *out (glossa_facets_free() it): GLOSSA_OK or
 * GLOSSA_NOMEM. */
glossa_status_t glossa_facets_new(glossa_facets_t **out);

/*
 * Count up to rows more articles of db (0: all that are left); *done
 * receives 1 when every article is counted. GLOSSA_OK, GLOSSA_NOMEM,
 * GLOSSA_INTERRUPTED or an archive error; after an error every count is
 * forgotten (the next call starts over).
 */
glossa_status_t glossa_facets_step(glossa_db_t *db, glossa_facets_t *f,
                                   size_t rows, int *done);

/* The articles counted so far. */
int64_t glossa_facets_counted(const glossa_facets_t *f);

/*
 * The values of one kind counted so far, most articles first (equal
 * counts by value, in byte order). *out is allocated (free() it; NULL
 * when *n is 0); its values stay valid until glossa_facets_free().
 * GLOSSA_OK or GLOSSA_NOMEM.
 */
glossa_status_t glossa_facets_get(const glossa_facets_t *f,
                                  glossa_facet_kind_t kind,
                                  glossa_facet_t **out, size_t *n);

/* Free f and its values; NULL is a no-op. */
void glossa_facets_free(glossa_facets_t *f);

#ifdef __cplusplus
}
#endif

#endif
