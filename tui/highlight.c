/*
 * highlight.c: the watch terms (highlight "TERM" FG BG in the
 * configuration), lit in the list's titles and snippets and in the
 * article's text. Exports highlight_mark, highlight_draw_str and
 * highlight_matcher_free.
 *
 * A term is matched as the search matches it (the core's matcher,
 * match.h: stemming, case, full-width and Traditional characters
 * folded): 镓 lights 鎵, "export control" lights "export controls". A
 * term of several words lights only where its words follow each other
 * (blanks between), not each word wherever it is. The matchers are made
 * when first needed, so that start-up pays nothing for them, and one
 * matcher of all the terms ("(t1) OR (t2) ...") looks first: a text none
 * of them is in (most titles) is read once, not once a term.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/match.h"
#include "ui-internal.h"
#include "ui.h"

static int count_words(const char *s)
{
	int n = 0, in = 0;

	for (; *s; s++) {
		int blank = *s == ' ' || *s == '\t';
		if (!blank && !in)
			n++;
		in = !blank;
	}
	return n;
}

static glossa_matcher_t *matcher_of(struct highlight *h)
{
	glossa_matcher_t *m = NULL;

	if (!h->matcher) {
		if (glossa_matcher_new(h->term, NULL, &m) != GLOSSA_OK)
			return NULL; /* config.c checked it parses */
		h->matcher = m;
		h->words = count_words(h->term);
	}
	return h->matcher;
}

/* The matcher of every term at once; NULL when it cannot be made (then
 * each term's looks for itself). */
static glossa_matcher_t *any_matcher;
static int any_tried;

static glossa_matcher_t *matcher_of_all(const struct highlight *hl, size_t n)
{
	char *q = NULL;
	size_t len = 0;
	FILE *f;

	if (any_tried)
		return any_matcher;
	any_tried = 1;
	if (!(f = open_memstream(&q, &len)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s(%s)", i ? " OR " : "", hl[i].term);
	if (fclose(f) == 0 &&
	    glossa_matcher_new(q, NULL, &any_matcher) != GLOSSA_OK)
		any_matcher = NULL;
	free(q);
	return any_matcher;
}

void highlight_matcher_free(struct highlight *h)
{
	glossa_matcher_free(h->matcher);
	h->matcher = NULL;
	glossa_matcher_free(any_matcher);
	any_matcher = NULL;
	any_tried = 0;
}

/* Only blanks in text bytes [a, b)? */
static int blanks(const char *text, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
			return 0;
	return 1;
}

void highlight_mark(const char *text, size_t len, size_t from, size_t to,
                    unsigned char *style)
{
	const struct highlight *hl;
	size_t nh = config_highlights(&hl);
	glossa_matcher_t *all;

	if (!nh)
		return;
	if ((all = matcher_of_all(hl, nh))) {
		glossa_match_t *v = NULL;
		size_t n = 0;
		if (glossa_matcher_query(all, GLOSSA_QFIELD_ANY, text, len,
		                         from, to, &v, &n, NULL) == GLOSSA_OK &&
		    n == 0)
			return; /* none of them here */
		free(v);
	}
	for (size_t t = 0; t < nh; t++) {
		glossa_matcher_t *m = matcher_of((struct highlight *)&hl[t]);
		glossa_match_t *v = NULL;
		size_t n = 0;
		int k = hl[t].words > 0 ? hl[t].words : 1;

		if (!m || glossa_matcher_query(m, GLOSSA_QFIELD_ANY, text, len,
		                               from, to, &v, &n,
		                               NULL) != GLOSSA_OK)
			continue;
		/* runs of k matches with only blanks between them */
		for (size_t i = 0; i + (size_t)k <= n; i++) {
			size_t j = i, e;
			while (j + 1 < i + (size_t)k &&
			       blanks(text, v[j].end, v[j + 1].start))
				j++;
			if (j + 1 != i + (size_t)k)
				continue;
			e = v[j].end < to ? v[j].end : to;
			for (size_t b = v[i].start; b < e; b++)
				if (!style[b - from])
					style[b - from] =
					    (unsigned char)(ST_COUNT + t);
			i = j;
		}
		free(v);
	}
}

int highlight_draw_str(int y, int x, int w, const char *s, int style,
                       unsigned flags)
{
	const struct highlight *hl;
	size_t len, j;
	unsigned char *st;
	rtext_t rt = {0};
	int used;

	if (!config_highlights(&hl) || !s || w <= 0)
		return draw_str(y, x, w, s, style, flags);
	len = strlen(s);
	if (!(st = calloc(len + 1, 1)))
		return draw_str(y, x, w, s, style, flags);
	highlight_mark(s, len, 0, len, st);
	for (size_t i = 0; i < len; i = j) {
		for (j = i + 1; j < len && st[j] == st[i]; j++)
			;
		if (rt_append(&rt, s + i, j - i, st[i] ? st[i] : style,
		              flags & RT_MARKS))
			break;
	}
	used = draw_rt_fit(&rt, y, x, w, style);
	rt_clear(&rt);
	free(st);
	return used;
}
