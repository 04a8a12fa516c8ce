/*
 * lines.c: the article's lines: chunks wrapped at the pane's width, and
 * positions by line (see article.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "article-internal.h"


/* Chunk c with its lines at the current width. */
static const struct art_chunk *wrapped(struct article_view *av, size_t c)
{
	struct art_chunk *ch = &av->chunks[c];

	if (ch->w != av->wrap_w || !ch->nlines) {
		free(ch->starts);
		ch->nlines = rt_wrap_range(&av->rt, ch->from, chunk_end(av, c),
		                           av->wrap_w, &ch->starts);
		ch->w = av->wrap_w;
	}
	return ch;
}

/* The chunk's lines, one whole line when out of memory. */
static size_t nlines_of(struct article_view *av, size_t c)
{
	const struct art_chunk *ch = wrapped(av, c);

	return ch->nlines ? ch->nlines : 1;
}

size_t lp_start(struct article_view *av, struct lpos l)
{
	const struct art_chunk *ch = wrapped(av, l.c);

	return ch->starts ? ch->starts[l.j] : ch->from;
}

size_t lp_end(struct article_view *av, struct lpos l)
{
	const struct art_chunk *ch = wrapped(av, l.c);

	return ch->starts ? ch->starts[l.j + 1] : chunk_end(av, l.c);
}

/* To the next line (laying out more as needed); 0 at the last. */
int lp_next(struct article_view *av, struct lpos *l)
{
	if (l->j + 1 < nlines_of(av, l->c)) {
		l->j++;
		return 1;
	}
	if (l->c + 1 >= av->nchunks && !lay_step(av))
		return 0;
	l->c++;
	l->j = 0;
	return 1;
}

/* To the line before; 0 at the first. */
int lp_prev(struct article_view *av, struct lpos *l)
{
	if (l->j > 0) {
		l->j--;
		return 1;
	}
	if (l->c == 0)
		return 0;
	l->c--;
	l->j = nlines_of(av, l->c) - 1;
	return 1;
}

/* The line of item k; the last line if the text ends before k. */
struct lpos lp_of(struct article_view *av, size_t k)
{
	struct lpos l = {0, 0};
	size_t lo, hi;

	if (!av->nchunks)
		return l;
	if (!have_item(av, k)) {
		l.c = av->nchunks - 1;
		l.j = nlines_of(av, l.c) - 1;
		return l;
	}
	lo = 0;
	hi = av->nchunks;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (av->chunks[mid].from <= k)
			lo = mid;
		else
			hi = mid;
	}
	l.c = lo;
	hi = nlines_of(av, lo);
	lo = 0;
	if (!wrapped(av, l.c)->starts)
		return l;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (av->chunks[l.c].starts[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	l.j = lo;
	return l;
}

/* The first item of the line h lines below the top; SIZE_MAX when the
 * text ends before. */
size_t screen_end(struct article_view *av, int h)
{
	struct lpos l = lp_of(av, av->top);

	for (int i = 0; i < h; i++)
		if (!lp_next(av, &l))
			return SIZE_MAX;
	return lp_start(av, l);
}

/* The first item of the line n lines above line l (or of the first). */
size_t lines_above(struct article_view *av, struct lpos l, long n)
{
	for (long i = 0; i < n && lp_prev(av, &l); i++)
		;
	return lp_start(av, l);
}

/* No blank rows below the text when it is h lines or more: the top
 * line at most h lines above the end. */
void clamp_top(struct article_view *av, int h)
{
	struct lpos l = lp_of(av, av->top);
	int n = 1;

	av->top = lp_start(av, l);
	while (n < h && lp_next(av, &l))
		n++;
	if (n < h)
		av->top = lines_above(av, l, h - 1);
}

/* The first item of body code point cp (or the end of the text). */
size_t item_of(struct article_view *av, int64_t cp)
{
	size_t lo = 0, hi = av->nchunks;

	if (!have_cp(av, cp))
		return av->rt.n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (av->chunks[mid].cp0 <= cp)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t k = hi ? av->chunks[lo].from : 0; k < av->rt.n; k++)
		if (av->cpos[k] >= cp)
			return k;
	return av->rt.n;
}

/* Note the top line, to find it again in a new layout of the same body:
 * by its first item (the same text when the translations shown are the
 * same), or by its number (line, after a reload: as it always was). */
void save_top(struct article_view *av, int line)
{
	if (!av->nchunks)
		return; /* nothing laid out: a position kept still holds */
	av->keep_top = 1;
	av->keep_item = av->top;
	av->keep_line = SIZE_MAX;
	if (line) {
		struct lpos l = {0, 0};
		av->keep_line = 0;
		while (lp_start(av, l) < av->top && lp_next(av, &l))
			av->keep_line++;
	}
}

void restore_top(struct article_view *av)
{
	struct lpos l = {0, 0};

	av->keep_top = 0;
	if (av->keep_line == SIZE_MAX) {
		av->top = lp_start(av, lp_of(av, av->keep_item));
		return;
	}
	for (size_t i = 0; i < av->keep_line && lp_next(av, &l); i++)
		;
	av->top = lp_start(av, l);
}
