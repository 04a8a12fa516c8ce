/*
 * article.c: the article view: title, metadata, then the body wrapped by
 * display columns, with every occurrence of the article's glossed phrases
 * highlighted, their translations shown in place (toggle), the phrases
 * glossed in other articles highlighted in a quieter style, a phrase
 * cursor that steps over both (]/[), and the current query's words marked
 * for n/N. Exports article_load, article_load_elsewhere,
 * article_prepare, article_draw,
 * article_scroll, article_jump_match, article_jump_phrase,
 * article_cursor_status and article_free.
 *
 * Highlights are computed on the body's bytes before wrapping and carried
 * by each drawn character, so they survive any wrap. Where phrases
 * overlap, the article's own gloss wins over a gloss elsewhere, and a
 * longer phrase over a shorter one inside it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

void article_free(struct article_view *av)
{
	glossa_article_free(av->a);
	rt_clear(&av->rt);
	free(av->starts);
	free(av->matches);
	free(av->wrap_query);
	glossa_annotations_free(av->elsewhere, av->nelsewhere);
	free(av->spans);
	free(av->from_title);
	free(av->cpos);
	free(av->body_cp);
	memset(av, 0, sizeof(*av));
	av->cur_span = (size_t)-1;
}

void article_load(struct app *app, int64_t id)
{
	struct article_view *av = &app->art;
	glossa_article_t *a = NULL;

	if (id == av->id && av->a)
		return;
	article_free(av);
	if (id <= 0)
		return;
	if (glossa_article_get(app->db, id, &a) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return;
	}
	av->id = id;
	av->a = a;
	app->notes.cur = app->notes.top = 0;
	{
		size_t blen = strlen(a->body), k = 0;
		av->body_cp = malloc((blen + 1) * sizeof(*av->body_cp));
		for (size_t i = 0; av->body_cp && i < blen;) {
			size_t step = glossa_utf8_decode(a->body + i, blen - i,
			                                 &av->body_cp[k]);
			i += step ? step : 1;
			k++;
		}
		av->nbody = av->body_cp ? k : 0;
	}
	av->elsewhere_pending = 1;
}

/*
 * The glosses of other articles found in this one, which article_load()
 * leaves for when no key waits: the first call builds the archive's
 * phrase trie (a quarter of a second at a million articles), and the
 * article shows at once without them. The text is laid out again, its
 * top line kept; a phrase cursor already moved is cleared.
 */
void article_load_elsewhere(struct app *app)
{
	struct article_view *av = &app->art;

	av->elsewhere_pending = 0;
	if (!av->a)
		return;
	if (glossa_glosses_elsewhere(app->db, av->id, &av->elsewhere,
	                             &av->nelsewhere) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		av->elsewhere = NULL;
		av->nelsewhere = 0;
		return;
	}
	if (!av->nelsewhere || !av->wrap_query)
		return; /* nothing to add, or not laid out yet */
	av->keep_top = 1;
	av->saved_top = av->top;
	av->cur_span = (size_t)-1;
	free(av->wrap_query);
	av->wrap_query = NULL;
}

/* A phrase occurrence while building: byte offsets in the body. */
/* 32-bit fields: a body is under 4 GB (the import limit is 64 MB), and a
 * 1 MB article can hold 100 000 occurrences. */
struct occ {
	uint32_t off, len;
	uint32_t from, to; /* item indexes, filled while the text is built */
	const glossa_annotation_t *g;
	int own;
};

struct occs {
	struct occ *v;
	size_t n, cap;
};

static int occ_push(struct occs *o, size_t off, size_t len,
                    const glossa_annotation_t *g, int own)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct occ *v = realloc(o->v, cap * sizeof(*v));
		if (!v)
			return -1;
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = (struct occ){(uint32_t)off, (uint32_t)len, 0, 0, g, own};
	return 0;
}

static int cmp_occ(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

struct insert {
	size_t at; /* byte offset in the body, after a glossed phrase */
	const char *text;
};

static int cmp_insert(const void *a, const void *b)
{
	const struct insert *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static int cmp_phrase_len(const void *a, const void *b)
{
	size_t x = strlen((*(const glossa_annotation_t *const *)a)->phrase);
	size_t y = strlen((*(const glossa_annotation_t *const *)b)->phrase);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* An occurrence of phrase order[rank] at byte off of the body. */
struct hit {
	uint32_t rank, off;
};

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The phrases as a byte trie, its edges in one open-addressing table. */
struct trie {
	uint64_t *key; /* (node << 8 | byte) + 1; 0: empty */
	uint32_t *child;
	size_t *rank; /* per node: the first phrase ending there, or -1 */
	size_t mask, nnodes;
};

static size_t trie_slot(const struct trie *t, uint64_t key)
{
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & t->mask;

	while (t->key[h] && t->key[h] != key)
		h = (h + 1) & t->mask;
	return h;
}

/*
 * Every occurrence of every phrase (overlapping ones too), sorted by rank
 * then offset: one walk down the trie from each byte of the body, so the
 * cost is the body times the longest phrase, not times the number of
 * phrases (a strstr per phrase). Returns 0, or -1 when out of memory.
 */
static int find_all(const char *body, size_t blen,
                    const glossa_annotation_t **order, size_t n,
                    struct hit **out, size_t *nout)
{
	struct trie t = {0};
	struct hit *v = NULL;
	size_t total = 1, nv = 0, cap = 0, size = 64;
	int err = -1;

	for (size_t i = 0; i < n; i++)
		total += strlen(order[i]->phrase);
	while (size < 2 * total)
		size *= 2;
	t.mask = size - 1;
	t.key = calloc(size, sizeof(*t.key));
	t.child = malloc(size * sizeof(*t.child));
	t.rank = malloc(total * sizeof(*t.rank));
	if (!t.key || !t.child || !t.rank)
		goto out;
	t.rank[0] = (size_t)-1;
	t.nnodes = 1;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p =
		    (const unsigned char *)order[i]->phrase;
		uint32_t node = 0;
		if (!*p)
			continue;
		for (; *p; p++) {
			uint64_t key = ((uint64_t)node << 8 | *p) + 1;
			size_t h = trie_slot(&t, key);
			if (!t.key[h]) {
				t.key[h] = key;
				t.child[h] = (uint32_t)t.nnodes;
				t.rank[t.nnodes++] = (size_t)-1;
			}
			node = t.child[h];
		}
		if (t.rank[node] == (size_t)-1)
			t.rank[node] = i;
	}
	for (size_t i = 0; i < blen && t.nnodes > 1; i++) {
		uint32_t node = 0;
		for (size_t j = i; j < blen; j++) {
			uint64_t key =
			    ((uint64_t)node << 8 | (unsigned char)body[j]) + 1;
			size_t h = trie_slot(&t, key);
			if (!t.key[h])
				break;
			node = t.child[h];
			if (t.rank[node] == (size_t)-1)
				continue;
			if (nv == cap) {
				size_t c = cap ? 2 * cap : 64;
				struct hit *m = realloc(v, c * sizeof(*m));
				if (!m)
					goto out;
				v = m;
				cap = c;
			}
			v[nv++] = (struct hit){(uint32_t)t.rank[node],
			                       (uint32_t)i};
		}
	}
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_hit);
	err = 0;
out:
	free(t.key);
	free(t.child);
	free(t.rank);
	if (err) {
		free(v);
		v = NULL;
		nv = 0;
	}
	*out = v;
	*nout = nv;
	return err;
}

/* ASCII-case-insensitive search for needle (nlen bytes) in s from i. */
static const char *find_ci(const char *s, size_t slen, size_t i,
                           const char *needle, size_t nlen)
{
	for (; nlen && i + nlen <= slen; i++) {
		size_t k = 0;
		while (k < nlen && tolower((unsigned char)s[i + k]) ==
		                       tolower((unsigned char)needle[k]))
			k++;
		if (k == nlen)
			return s + i;
	}
	return NULL;
}

/* The plain words of a query, for n/N: field filters, OR, exclusions,
 * quotes and '*' removed. Returns a NULL-terminated allocated array
 * (words in one allocated block at [0]). */
static char **query_words(const char *q, size_t *n)
{
	char *copy = strdup(q ? q : "");
	char **w = calloc(strlen(copy) / 2 + 2, sizeof(*w));
	size_t k = 0;

	*n = 0;
	if (!copy || !w) {
		free(copy);
		free(w);
		return NULL;
	}
	for (char *p = copy; *p; p++)
		if (*p == '"' || *p == '*' || *p == '(' || *p == ')')
			*p = ' ';
	for (char *tok = strtok(copy, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (*tok == '-' || strchr(tok, ':') || !strcmp(tok, "OR"))
			continue;
		w[k++] = tok;
	}
	if (k == 0) {
		free(copy);
		free(w);
		return NULL;
	}
	*n = k;
	w[k] = copy;
	return w;
}

static void build(struct app *app)
{
	struct article_view *av = &app->art;
	const glossa_article_t *a = av->a;
	size_t blen = strlen(a->body), nins = 0, nw = 0;
	unsigned char *style = calloc(blen + 1, 1);
	size_t inscap = 16;
	struct insert *ins = malloc(inscap * sizeof(*ins));
	char **words = query_words(app->list.query, &nw);
	const glossa_annotation_t **order = NULL;
	struct occs occ = {0};
	struct hit *hits = NULL;
	size_t nhits = 0;
	struct phrase_span *spans = NULL;
	size_t body_from = 0, *trans = NULL, ntrans = 0, transcap = 0;
	struct {
		const char *label, *value;
	} meta[] = {{"Source: ", a->source},
	            {"Author: ", a->author},
	            {"Date:   ", a->date},
	            {"Tags:   ", a->tags},
	            {"URL:    ", a->url}};

	rt_clear(&av->rt);
	free(av->cpos);
	av->cpos = NULL;
	free(av->matches);
	av->matches = NULL;
	av->nmatch = 0;
	free(av->spans);
	av->spans = NULL;
	av->nspans = 0;
	if (!style || !ins)
		goto out;
	rt_append(&av->rt, a->title, strlen(a->title), ST_BOLD, 0);
	rt_append(&av->rt, "\n", 1, ST_NORMAL, RT_NEWLINES);
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		if (!meta[i].value[0])
			continue;
		rt_append(&av->rt, meta[i].label, strlen(meta[i].label), ST_DIM,
		          0);
		rt_append(&av->rt, meta[i].value, strlen(meta[i].value),
		          ST_NORMAL, 0);
		rt_append(&av->rt, "\n", 1, ST_NORMAL, RT_NEWLINES);
	}
	rt_append(&av->rt, "\n", 1, ST_NORMAL, RT_NEWLINES);

	order = malloc((a->n_notes + av->nelsewhere + 1) * sizeof(*order));
	if (!order)
		goto out;
	for (size_t i = 0; i < a->n_notes; i++)
		order[i] = &a->notes[i];
	for (size_t i = 0; i < av->nelsewhere; i++)
		order[a->n_notes + i] = &av->elsewhere[i];
	/* longest phrase first: a phrase inside a longer glossed one (擂响战鼓
	 * in 擂响战鼓再出发) is not highlighted or translated twice there;
	 * the article's own glosses before the glosses elsewhere */
	qsort(order, a->n_notes, sizeof(*order), cmp_phrase_len);
	qsort(order + a->n_notes, av->nelsewhere, sizeof(*order),
	      cmp_phrase_len);
	if (find_all(a->body, blen, order, a->n_notes + av->nelsewhere, &hits,
	             &nhits))
		goto out;
	for (size_t h = 0, last = 0; h < nhits; h++) {
		const glossa_annotation_t *g = order[hits[h].rank];
		int own = hits[h].rank < a->n_notes;
		size_t plen = strlen(g->phrase), off = hits[h].off, k;

		/* a phrase's occurrences do not overlap each other (as
		 * strstr from the end of the last one found) */
		if (h > 0 && hits[h - 1].rank == hits[h].rank && off < last)
			continue;
		last = off + plen;
		for (k = 0; k < plen && !style[off + k]; k++)
			;
		if (k < plen)
			continue; /* inside a phrase already marked */
		memset(style + off, own ? ST_GLOSS : ST_ELSEWHERE, plen);
		if (occ_push(&occ, off, plen, g, own))
			goto out;
		if (own && app->show_trans && g->translation[0]) {
			if (nins == inscap) {
				struct insert *n2 =
				    realloc(ins, 2 * inscap * sizeof(*ins));
				if (!n2)
					goto out;
				ins = n2;
				inscap *= 2;
			}
			ins[nins].at = off + plen;
			ins[nins++].text = g->translation;
		}
	}
	if (occ.n) /* qsort(NULL, 0, ...) is undefined */
		qsort(occ.v, occ.n, sizeof(*occ.v), cmp_occ);
	qsort(ins, nins, sizeof(*ins), cmp_insert);
	for (size_t k = 0; k < nw; k++) {
		size_t wl = strlen(words[k]);
		const char *p;
		for (p = find_ci(a->body, blen, 0, words[k], wl); p;
		     p = find_ci(a->body, blen, (size_t)(p - a->body) + wl,
		                 words[k], wl))
			memset(style + (p - a->body), ST_MATCH, wl);
	}

	/* the body, a run of one style at a time, translations inserted;
	 * runs also end where a phrase starts or ends, to note its items */
	body_from = av->rt.n;
	{
		size_t i = 0, next = 0, ko = 0;
		size_t cap = 0;
		int inside = 0;
		while (i < blen) {
			size_t j = i + 1;
			size_t lim = next < nins ? ins[next].at : blen + 1;
			if (ko < occ.n && !inside && occ.v[ko].off == i) {
				occ.v[ko].from = (uint32_t)av->rt.n;
				inside = 1;
			}
			if (ko < occ.n) {
				size_t b = inside
				               ? occ.v[ko].off + occ.v[ko].len
				               : occ.v[ko].off;
				if (b < lim)
					lim = b;
			}
			while (j < blen && style[j] == style[i] && j < lim)
				j++;
			if (style[i] == ST_MATCH &&
			    (i == 0 || style[i - 1] != ST_MATCH)) {
				if (av->nmatch == cap) {
					size_t *m;
					cap = cap ? cap * 2 : 16;
					m = realloc(av->matches,
					            cap * sizeof(*m));
					if (!m)
						goto out;
					av->matches = m;
				}
				av->matches[av->nmatch++] = av->rt.n;
			}
			rt_append(&av->rt, a->body + i, j - i, style[i],
			          RT_NEWLINES);
			i = j;
			if (inside && occ.v[ko].off + occ.v[ko].len == i) {
				occ.v[ko++].to = (uint32_t)av->rt.n;
				inside = 0;
			}
			while (next < nins && ins[next].at <= i) {
				if (next == 0 ||
				    ins[next].at != ins[next - 1].at) {
					if (ntrans + 2 > transcap) {
						size_t c = transcap
						               ? 2 * transcap
						               : 64;
						size_t *tr = realloc(
						    trans, c * sizeof(*tr));
						if (!tr)
							goto out;
						trans = tr;
						transcap = c;
					}
					trans[ntrans++] = av->rt.n;
					rt_append(&av->rt, "\xe3\x80\x94", 3,
					          ST_TRANS, 0);
					rt_append(&av->rt, ins[next].text,
					          strlen(ins[next].text),
					          ST_TRANS, 0);
					rt_append(&av->rt, "\xe3\x80\x95", 3,
					          ST_TRANS, 0);
					trans[ntrans++] = av->rt.n;
				}
				next++;
			}
		}
		spans = occ.n ? malloc(occ.n * sizeof(*spans)) : NULL;
		if (occ.n && !spans)
			goto out;
		for (size_t k = 0; k < occ.n; k++)
			spans[k] =
			    (struct phrase_span){occ.v[k].from, occ.v[k].to,
			                         occ.v[k].g, occ.v[k].own};
		av->spans = spans;
		av->nspans = occ.n;
	}
	/* each item's code point in the body: a placeholder's items share
	 * one; the translations shown in place are not body text */
	av->cpos = malloc((av->rt.n + 1) * sizeof(*av->cpos));
	if (av->cpos) {
		int64_t cp = 0;
		size_t t = 0;
		for (size_t k = 0; k < av->rt.n; k++) {
			const item_t *it = &av->rt.items[k];
			while (t + 1 < ntrans && k >= trans[t + 1])
				t += 2;
			if (k < body_from || (t + 1 < ntrans && k >= trans[t] &&
			                      k < trans[t + 1]))
				av->cpos[k] = -1;
			else if ((it->flags & IT_GLUE) && cp > 0)
				av->cpos[k] = cp - 1;
			else
				av->cpos[k] = cp++;
		}
	}
out:
	free(hits);
	free(trans);
	free(occ.v);
	free(order);
	if (words)
		free(words[nw]);
	free(words);
	free(style);
	free(ins);
}

/* (Re)build and wrap the text when the article, the width, the
 * translations toggle or the query changed. */
void article_prepare(struct app *app, int width)
{
	struct article_view *av = &app->art;
	const char *q = app->list.query ? app->list.query : "";
	int rebuilt = 0;

	if (!av->a)
		return;
	if (av->starts && av->wrap_w == width &&
	    av->wrap_trans == app->show_trans && av->wrap_query &&
	    !strcmp(av->wrap_query, q))
		return;
	if (!av->wrap_query || strcmp(av->wrap_query, q) ||
	    av->wrap_trans != app->show_trans || !av->rt.n) {
		rebuilt = !av->wrap_query || strcmp(av->wrap_query, q);
		build(app);
		free(av->wrap_query);
		av->wrap_query = strdup(q);
		av->wrap_trans = app->show_trans;
		av->cur_match = (size_t)-1;
	}
	/* keep the first item shown at the top across a rewrap */
	{
		size_t first = av->starts && av->top < av->nlines
		                   ? av->starts[av->top]
		                   : 0;
		if (rebuilt)
			first = 0;
		free(av->starts);
		av->starts = NULL;
		av->nlines = rt_wrap(&av->rt, width, &av->starts);
		av->wrap_w = width;
		av->top = 0;
		while (first && av->top + 1 < av->nlines &&
		       av->starts[av->top + 1] <= first)
			av->top++;
	}
}

static size_t line_of(const struct article_view *av, size_t item)
{
	size_t lo = 0, hi = av->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (av->starts[mid] <= item)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first item of body code point cp (or the last item of the text). */
static size_t item_of(const struct article_view *av, int64_t cp)
{
	for (size_t k = 0; k < av->rt.n; k++)
		if (av->cpos[k] >= cp)
			return k;
	return av->rt.n;
}

void article_scroll(struct app *app, long delta, rect_t r)
{
	struct article_view *av = &app->art;
	long top = (long)av->top + delta;
	long max = (long)av->nlines - r.h;

	if (max < 0)
		max = 0;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	av->top = (size_t)top;
}

void article_jump_match(struct app *app, int dir, rect_t r)
{
	struct article_view *av = &app->art;
	size_t i, ln;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	if (!av->nmatch) {
		app_message(app, 0,
		            app->list.query ? "no match in this article"
		                            : "no query: search with /");
		return;
	}
	if (av->cur_match == (size_t)-1) {
		if (dir > 0) {
			for (i = 0; i < av->nmatch; i++)
				if (line_of(av, av->matches[i]) >= av->top)
					break;
		} else {
			for (i = av->nmatch; i-- > 0;)
				if (line_of(av, av->matches[i]) < av->top)
					break;
		}
	} else {
		i = av->cur_match + (dir > 0 ? 1 : (size_t)-1);
	}
	if (i >= av->nmatch) {
		app_message(app, 0,
		            dir > 0 ? "no more matches below"
		                    : "no more matches above");
		return;
	}
	av->cur_match = i;
	/* the match on the second row, one line of context above */
	ln = line_of(av, av->matches[i]);
	av->top = ln > 0 ? ln - 1 : 0;
	app_message(app, 0, "match %zu of %zu", i + 1, av->nmatch);
}

/* Is span k on the rows of the pane (h rows from av->top)? */
static int span_visible(const struct article_view *av, size_t k, int h)
{
	size_t ln;

	if (k >= av->nspans || !av->starts)
		return 0;
	ln = line_of(av, av->spans[k].from);
	return ln >= av->top && ln < av->top + (size_t)(h > 0 ? h : 0);
}

/* The title of the article a gloss elsewhere comes from, fetched once
 * when the cursor lands on it. */
static void fetch_from_title(struct app *app, int64_t id)
{
	struct article_view *av = &app->art;
	glossa_article_t *other = NULL;

	if (av->from_id == id)
		return;
	free(av->from_title);
	av->from_title = NULL;
	av->from_id = id;
	if (glossa_article_get(app->db, id, &other) == GLOSSA_OK)
		av->from_title = strdup(other->title);
	glossa_article_free(other);
}

void article_jump_phrase(struct app *app, int dir, rect_t r)
{
	struct article_view *av = &app->art;
	const struct phrase_span *sp;
	size_t i, first, last;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	if (!av->nspans) {
		app_message(app, 0, "no glossed phrase in this article");
		return;
	}
	if (span_visible(av, av->cur_span, r.h)) {
		i = av->cur_span + (dir > 0 ? 1 : (size_t)-1);
	} else if (av->cur_match < av->nmatch &&
	           line_of(av, av->matches[av->cur_match]) >= av->top &&
	           line_of(av, av->matches[av->cur_match]) <
	               av->top + (size_t)r.h) {
		/* from the query's match that n/N showed */
		size_t m = av->matches[av->cur_match];
		if (dir > 0) {
			for (i = 0; i < av->nspans; i++)
				if (av->spans[i].to > m)
					break;
		} else {
			for (i = av->nspans; i-- > 0;)
				if (av->spans[i].from < m)
					break;
		}
	} else if (dir > 0) {
		/* from the rows on screen: the first phrase at or below */
		for (i = 0; i < av->nspans; i++)
			if (line_of(av, av->spans[i].from) >= av->top)
				break;
	} else {
		for (i = av->nspans; i-- > 0;)
			if (line_of(av, av->spans[i].from) <
			    av->top + (size_t)r.h)
				break;
	}
	if (i >= av->nspans) {
		app_message(app, 0,
		            dir > 0 ? "no more glossed phrases below"
		                    : "no more glossed phrases above");
		return;
	}
	av->cur_span = i;
	sp = &av->spans[i];
	/* scroll as little as needed to show the whole phrase */
	first = line_of(av, sp->from);
	last = line_of(av, sp->to > sp->from ? sp->to - 1 : sp->from);
	if (first < av->top)
		av->top = first;
	else if (r.h > 0 && last >= av->top + (size_t)r.h)
		av->top = last + 1 - (size_t)r.h > first
		              ? first
		              : last + 1 - (size_t)r.h;
	if (!sp->own)
		fetch_from_title(app, sp->g->article_id);
}

int article_cursor_status(const struct app *app, char *buf, size_t size)
{
	const struct article_view *av = &app->art;
	const glossa_annotation_t *g;
	const char *what;

	if (av->a && av->cmode != CM_OFF) {
		int64_t pos;
		char *sel = article_selection(app, &pos);
		for (char *p = sel; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (sel)
			snprintf(
			    buf, size,
			    "selected %s (at %lld) \xe2\x80\x94 a gloss, A "
			    "note, Esc cancel",
			    sel, (long long)pos);
		else
			snprintf(buf, size,
			         "cursor at %lld \xe2\x80\x94 v select, h/l "
			         "w/b j/k move, Esc leave",
			         (long long)av->ccp);
		free(sel);
		str_trim_utf8(buf);
		return 1;
	}
	if (!av->a || !av->cursor_shown || av->cur_span >= av->nspans)
		return 0;
	g = av->spans[av->cur_span].g;
	what = g->translation[0] ? g->translation : g->note;
	if (av->spans[av->cur_span].own)
		snprintf(buf, size, "%s \xe2\x80\x94 %s", g->phrase, what);
	else if (av->from_title && av->from_id == g->article_id)
		snprintf(buf, size, "%s \xe2\x80\x94 %s (glossed in: %s)",
		         g->phrase, what, av->from_title);
	else
		snprintf(buf, size, "%s \xe2\x80\x94 %s (glossed elsewhere)",
		         g->phrase, what);
	str_trim_utf8(buf);
	return 1;
}

void article_draw(struct app *app, rect_t r, int focused)
{
	struct article_view *av = &app->art;

	(void)focused;
	av->cursor_shown = 0;
	if (!av->a) {
		draw_str(r.y, r.x + 1, r.w - 1, "no article", ST_DIM, 0);
		return;
	}
	/* one column of margin on the left */
	article_prepare(app, r.w - 1);
	if (av->top + (size_t)r.h > av->nlines)
		av->top = av->nlines > (size_t)r.h ? av->nlines - r.h : 0;
	if (av->keep_top) {
		av->keep_top = 0;
		av->top = av->saved_top;
		if (av->top + (size_t)r.h > av->nlines)
			av->top =
			    av->nlines > (size_t)r.h ? av->nlines - r.h : 0;
	}
	av->rt.hl_from = av->rt.hl_to = 0;
	if (av->cmode != CM_OFF && av->cpos) {
		int64_t lo = av->ccp, hi = av->ccp;
		if (av->cmode == CM_SELECT) {
			lo = av->acp < lo ? av->acp : lo;
			hi = av->acp > hi ? av->acp : hi;
		}
		av->rt.hl_from = item_of(av, lo);
		av->rt.hl_to = item_of(av, hi + 1);
		while (av->rt.hl_to > av->rt.hl_from &&
		       av->cpos[av->rt.hl_to - 1] < 0)
			av->rt.hl_to--;
	} else if (span_visible(av, av->cur_span, r.h)) {
		av->cursor_shown = 1;
		av->rt.hl_from = av->spans[av->cur_span].from;
		av->rt.hl_to = av->spans[av->cur_span].to;
	}
	for (int i = 0; i < r.h && av->top + i < av->nlines; i++) {
		size_t l = av->top + i;
		rt_draw(&av->rt, av->starts[l], av->starts[l + 1], r.y + i,
		        r.x + 1, r.w - 1, ST_NORMAL);
	}
}

int64_t article_item_pos(const struct app *app, size_t item)
{
	const struct article_view *av = &app->art;

	return av->cpos && item < av->rt.n ? av->cpos[item] : -1;
}

const struct phrase_span *article_cursor_span(const struct app *app)
{
	const struct article_view *av = &app->art;

	if (!av->a || !av->cursor_shown || av->cur_span >= av->nspans)
		return NULL;
	return &av->spans[av->cur_span];
}

void article_reload(struct app *app)
{
	struct article_view *av = &app->art;
	int64_t id = av->id;
	size_t top = av->top, ncur = app->notes.cur, ntop = app->notes.top;

	article_free(av);
	article_load(app, id);
	av->keep_top = 1;
	av->saved_top = top;
	app->notes.cur = ncur;
	app->notes.top = ntop;
}

/* Where the cursor may stand: a body character that is drawn. */
static int stop_at(const struct article_view *av, int64_t cp)
{
	uint32_t c;

	if (cp < 0 || (size_t)cp >= av->nbody)
		return 0;
	c = av->body_cp[cp];
	return c != '\n' && (c == '\t' || glossa_cp_width(c) > 0);
}

/* Word classes for w and b: blanks and punctuation, letters and digits,
 * CJK (a run of CJK between punctuation is one word). */
static int cp_class(uint32_t c)
{
	if ((c >= 0x2e80 && c <= 0x2fff) || (c >= 0x3040 && c <= 0x9fff) ||
	    (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0x20000 && c <= 0x3ffff))
		return 2;
	if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f))
		return 0;
	if (c < 0x80)
		return isalnum((int)c) ? 1 : 0;
	return glossa_cp_width(c) > 0 && !(c >= 0x2000 && c <= 0x206f) &&
	       !(c >= 0xff1a && c <= 0xff20);
}

static int cls(const struct article_view *av, int64_t cp)
{
	return cp_class(av->body_cp[cp]);
}

/* Scroll so that the cursor's line is on screen. */
static void show_cursor(struct article_view *av, rect_t r)
{
	size_t ln = line_of(av, item_of(av, av->ccp));

	if (ln < av->top)
		av->top = ln;
	else if (r.h > 0 && ln >= av->top + (size_t)r.h)
		av->top = ln + 1 - (size_t)r.h;
}

void article_cursor_start(struct app *app, int selecting, rect_t r)
{
	struct article_view *av = &app->art;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	if (!av->cpos || !av->nbody) {
		app_message(app, 0, "no text to select");
		return;
	}
	if (av->cmode == CM_OFF) {
		int64_t cp = -1;
		if (span_visible(av, av->cur_span, r.h))
			cp = av->cpos[av->spans[av->cur_span].from];
		for (size_t k = av->top < av->nlines ? av->starts[av->top] : 0;
		     cp < 0 && k < av->rt.n; k++)
			if (av->cpos[k] >= 0 && stop_at(av, av->cpos[k]))
				cp = av->cpos[k];
		for (cp = cp < 0 ? 0 : cp;
		     (size_t)cp + 1 < av->nbody && !stop_at(av, cp); cp++)
			;
		av->ccp = cp;
		av->cmode = CM_CURSOR;
	}
	if (selecting) {
		if (av->cmode == CM_SELECT) {
			av->cmode = CM_CURSOR;
		} else {
			av->cmode = CM_SELECT;
			av->acp = av->ccp;
		}
	}
	show_cursor(av, r);
}

void article_cursor_stop(struct app *app)
{
	app->art.cmode = CM_OFF;
}

/* The cursor to the same column on line ln (a line with no body text is
 * passed over in direction dir); returns 0 when there is none. */
static int to_line(struct article_view *av, long ln, int col, int dir)
{
	for (; ln >= 0 && (size_t)ln < av->nlines; ln += dir) {
		int c = 0;
		int64_t best = -1;
		for (size_t k = av->starts[ln]; k < av->starts[ln + 1]; k++) {
			int64_t cp = av->cpos[k];
			if (cp >= 0 && stop_at(av, cp) &&
			    !(av->rt.items[k].flags & IT_GLUE) &&
			    (best < 0 || c <= col))
				best = cp;
			c += av->rt.items[k].width;
		}
		if (best >= 0) {
			av->ccp = best;
			return 1;
		}
	}
	return 0;
}

void article_cursor_move(struct app *app, int cmd, rect_t r)
{
	struct article_view *av = &app->art;
	int64_t cp, n;
	size_t item, ln;
	int col = 0;

	if (!av->a || av->cmode == CM_OFF || !av->cpos)
		return;
	article_prepare(app, r.w - 1);
	cp = av->ccp;
	n = (int64_t)av->nbody;
	item = item_of(av, cp);
	ln = line_of(av, item);
	for (size_t k = av->starts[ln]; k < item; k++)
		col += av->rt.items[k].width;
	switch (cmd) {
	case CMD_CUR_LEFT:
		while (--cp >= 0 && !stop_at(av, cp))
			;
		break;
	case CMD_CUR_RIGHT:
		while (++cp < n && !stop_at(av, cp))
			;
		break;
	case CMD_CUR_WORD: {
		int c = cls(av, cp);
		while (c && cp < n && cls(av, cp) == c)
			cp++;
		while (cp < n && !cls(av, cp))
			cp++;
		break;
	}
	case CMD_CUR_BACK_WORD: {
		int c;
		while (cp > 0 && !cls(av, cp - 1))
			cp--;
		if (cp == 0)
			break;
		c = cls(av, cp - 1);
		while (cp > 0 && cls(av, cp - 1) == c)
			cp--;
		break;
	}
	case CMD_CUR_DOWN:
	case CMD_CUR_UP:
		to_line(av, (long)ln + (cmd == CMD_CUR_DOWN ? 1 : -1), col,
		        cmd == CMD_CUR_DOWN ? 1 : -1);
		show_cursor(av, r);
		return;
	case CMD_CUR_HOME:
		to_line(av, (long)ln, 0, 1);
		return;
	case CMD_CUR_END:
		to_line(av, (long)ln, 1 << 30, 1);
		return;
	}
	if (cp >= 0 && cp < n && stop_at(av, cp))
		av->ccp = cp;
	show_cursor(av, r);
}

char *article_selection(const struct app *app, int64_t *pos)
{
	const struct article_view *av = &app->art;
	const char *body;
	int64_t lo, hi;
	size_t blen, from, to;

	if (!av->a || av->cmode != CM_SELECT)
		return NULL;
	lo = av->acp < av->ccp ? av->acp : av->ccp;
	hi = av->acp < av->ccp ? av->ccp : av->acp;
	/* no blanks at either end */
	while (lo < hi && (av->body_cp[lo] == ' ' || av->body_cp[lo] == '\n'))
		lo++;
	while (hi > lo && (av->body_cp[hi] == ' ' || av->body_cp[hi] == '\n'))
		hi--;
	body = av->a->body;
	blen = strlen(body);
	from = glossa_utf8_offset(body, blen, (size_t)lo);
	to = glossa_utf8_offset(body, blen, (size_t)hi + 1);
	*pos = lo;
	return strndup(body + from, to - from);
}
