/*
 * article-internal.h: what the article view's files (article.c, layout.c,
 * lines.c, cursor.c) share; no other file includes it.
 */
#ifndef GLOSSA_ARTICLE_INTERNAL_H
#define GLOSSA_ARTICLE_INTERNAL_H

#include "ui.h"

/* A piece of the text: items [from, the next chunk's from) and, once
 * wrapped at width w, the first item of each of its nlines lines
 * (starts[nlines]: its end). */
struct art_chunk {
	size_t from;
	int64_t cp0; /* its first body code point */
	size_t *starts, nlines;
	int w;
};

/* What the chunks still to lay out need, made once per layout. */
struct art_build {
	const glossa_annotation_t **order; /* own glosses, then elsewhere's,
	                                    * each longest first */
	size_t norder, nown;
	glossa_matcher_t *m; /* the query, and the phrases of order */
	size_t *plen;        /* their lengths in bytes */
	size_t match_end; /* the end of the last query match (body bytes) */
	int trans;         /* translations shown */
	size_t blen, boff; /* the body's length, and the bytes laid out */
	int whole;         /* a phrase holds a newline: one chunk */
	unsigned char held[128]; /* ASCII bytes some phrase holds */
};

#endif
