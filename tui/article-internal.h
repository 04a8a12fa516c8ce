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

/* layout.c: the layout, laid out a chunk at a time as needed */
/* Forget the layout (not the decoded body, nor the view's position). */
void layout_clear(struct article_view *av);
/* Start a new layout: the title and metadata, and what the body needs. */
void lay_start(struct app *app);
/* Lay out one more chunk of the body; 0 when there is none left. */
int lay_step(struct article_view *av);
void lay_finish(struct article_view *av);
/* The first item past chunk c. */
size_t chunk_end(const struct article_view *av, size_t c);
/* Is item k (body code point cp) laid out, laying out more as needed? */
int have_item(struct article_view *av, size_t k);
int have_cp(struct article_view *av, int64_t cp);

/* lines.c: lines at the current width */
/* A line: line j of chunk c. */
struct lpos {
	size_t c, j;
};

size_t lp_start(struct article_view *av, struct lpos l);
size_t lp_end(struct article_view *av, struct lpos l);
int lp_next(struct article_view *av, struct lpos *l);
int lp_prev(struct article_view *av, struct lpos *l);
struct lpos lp_of(struct article_view *av, size_t k);
size_t screen_end(struct article_view *av, int h);
size_t lines_above(struct article_view *av, struct lpos l, long n);
void clamp_top(struct article_view *av, int h);
size_t item_of(struct article_view *av, int64_t cp);
void save_top(struct article_view *av, int line);
void restore_top(struct article_view *av);

/* article.c */
/* Is span k on the rows of the pane (h rows from av->top)? */
int span_visible(struct article_view *av, size_t k, int h);

#endif
