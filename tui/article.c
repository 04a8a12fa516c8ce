/*
 * article.c: the article view: title, metadata, then the body wrapped by
 * display columns, with every occurrence of the article's glossed phrases
 * highlighted, their translations shown in place (toggle), the phrases
 * glossed in other articles highlighted in a quieter style, a phrase
 * cursor that steps over both (]/[), and the current query's matches
 * marked for n/N. Both are found by the core's matcher (match.h): the
 * query's matches by the search's own rules, so that n/N find what the
 * search found. Exports article_ops, article_load, article_load_elsewhere,
 * article_prepare, article_layout_step, article_show_note,
 * article_scroll, article_jump_match, article_jump_phrase,
 * article_cursor_status and article_free.
 *
 * Highlights are computed on the body's bytes before wrapping and carried
 * by each drawn character, so they survive any wrap. Where phrases
 * overlap, the article's own gloss wins over a gloss elsewhere, and a
 * longer phrase over a shorter one inside it.
 *
 * The text is laid out lazily, so that showing a 1 MB article costs about
 * a screen: the body a chunk at a time, each chunk ending at a newline of
 * the body (or, in a megabyte without one, see LONG_CHUNK). No glossed
 * phrase holds a newline (else the body is one chunk), so no phrase
 * crosses a chunk's end, and a chunk's highlights and translations are
 * those the whole body would give it. A query's match may cross one (a
 * quoted phrase over a line end): the matcher reads on past the chunk,
 * and the match's tail is marked in the next chunk. Lines are kept per chunk, wrapped when first needed; a
 * line is known by its first item, so that the top line survives a
 * rewrap. What needs the whole text (G, n/N) lays out the rest first.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-internal.h"
#include "ui.h"

/* Body bytes a chunk holds at least (then up to a newline): a quarter
 * of a millisecond of work or so. */
#define CHUNK_BYTES 8192

/*
 * Body bytes laid out ahead when no key waits (article_layout_step());
 * past them a chunk is laid out only when it is shown or looked for (G,
 * n/N, ]). The layout costs some 16 bytes a character (an item, its cpos,
 * the decoded code point): opening a 60 MB article laid it out whole,
 * 1.1 GB, where this keeps it to about 16 MB for the first screens.
 */
#define IDLE_BYTES (1u << 20)

/*
 * A chunk with no newline in this many bytes ends after the first ASCII
 * byte past them that no phrase holds and that is no letter or digit
 * while there is a query, so that no phrase crosses its end and no word
 * is cut (a line ends there too): a body of
 * one 60 MB line was one chunk, laid out whole when opened.
 */
#define LONG_CHUNK (1u << 20)

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

static void build_free(struct art_build *b)
{
	if (!b)
		return;
	free(b->order);
	glossa_matcher_free(b->m);
	free(b->plen);
	free(b);
}

/* Forget the layout (not the decoded body, nor the view's position). */
static void layout_clear(struct article_view *av)
{
	rt_clear(&av->rt);
	for (size_t c = 0; c < av->nchunks; c++)
		free(av->chunks[c].starts);
	free(av->chunks);
	av->chunks = NULL;
	av->nchunks = av->chunkcap = 0;
	build_free(av->build);
	av->build = NULL;
	av->built_cp = 0;
	free(av->spans);
	av->spans = NULL;
	av->nspans = av->spancap = 0;
	free(av->matches);
	av->matches = NULL;
	av->nmatch = av->matchcap = 0;
	free(av->cpos);
	av->cpos = NULL;
	av->cposcap = 0;
}

void article_free(struct article_view *av)
{
	layout_clear(av);
	glossa_article_free(av->a);
	free(av->wrap_query);
	glossa_annotations_free(av->elsewhere, av->nelsewhere);
	free(av->from_title);
	glossa_annotation_clear(&av->full);
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
	/* decoded as it is laid out; pages never touched cost nothing */
	av->body_cp = malloc((strlen(a->body) + 1) * sizeof(*av->body_cp));
	av->elsewhere_pending = 1;
}

static size_t chunk_end(const struct article_view *av, size_t c)
{
	return c + 1 < av->nchunks ? av->chunks[c + 1].from : av->rt.n;
}

static int lay_step(struct article_view *av);

/* Is item k laid out (laying out more as needed)? */
static int have_item(struct article_view *av, size_t k)
{
	while (k >= av->rt.n && lay_step(av))
		;
	return k < av->rt.n;
}

/* Is body code point cp laid out, and so decoded in body_cp? */
static int have_cp(struct article_view *av, int64_t cp)
{
	while (cp >= av->built_cp && lay_step(av))
		;
	return cp >= 0 && cp < av->built_cp && (size_t)cp < av->nbody;
}

static void lay_finish(struct article_view *av)
{
	while (lay_step(av))
		;
}

/* --- Lines ----------------------------------------------------------- */

/* A line: line j of chunk c. */
struct lpos {
	size_t c, j;
};

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

static size_t lp_start(struct article_view *av, struct lpos l)
{
	const struct art_chunk *ch = wrapped(av, l.c);

	return ch->starts ? ch->starts[l.j] : ch->from;
}

static size_t lp_end(struct article_view *av, struct lpos l)
{
	const struct art_chunk *ch = wrapped(av, l.c);

	return ch->starts ? ch->starts[l.j + 1] : chunk_end(av, l.c);
}

/* To the next line (laying out more as needed); 0 at the last. */
static int lp_next(struct article_view *av, struct lpos *l)
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
static int lp_prev(struct article_view *av, struct lpos *l)
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
static struct lpos lp_of(struct article_view *av, size_t k)
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
static size_t screen_end(struct article_view *av, int h)
{
	struct lpos l = lp_of(av, av->top);

	for (int i = 0; i < h; i++)
		if (!lp_next(av, &l))
			return SIZE_MAX;
	return lp_start(av, l);
}

/* The first item of the line n lines above line l (or of the first). */
static size_t lines_above(struct article_view *av, struct lpos l, long n)
{
	for (long i = 0; i < n && lp_prev(av, &l); i++)
		;
	return lp_start(av, l);
}

/* No blank rows below the text when it is h lines or more: the top
 * line at most h lines above the end. */
static void clamp_top(struct article_view *av, int h)
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
static size_t item_of(struct article_view *av, int64_t cp)
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
static void save_top(struct article_view *av, int line)
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

static void restore_top(struct article_view *av)
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

/* --- Laying out ------------------------------------------------------ */

/* A phrase occurrence while building: byte offsets in the body (32-bit
 * fields: a body is under 4 GB, the import limit is 64 MB). */
struct occ {
	uint32_t off, len;
	uint32_t from, to; /* item indexes, filled while the text is built */
	const glossa_annotation_t *g;
	int own;
};

/* Sort n occurrences in a chunk of len bytes by offset: they never
 * overlap, so each starts at its own byte. Returns 0, or -1 when out of
 * memory. */
static int sort_occ(struct occ *v, size_t n, size_t len)
{
	uint32_t *at = malloc(len * sizeof(*at));
	struct occ *tmp = malloc(n * sizeof(*tmp));
	size_t j = 0;

	if (!at || !tmp) {
		free(at);
		free(tmp);
		return -1;
	}
	memset(at, 0xff, len * sizeof(*at));
	for (size_t k = 0; k < n; k++)
		at[v[k].off] = (uint32_t)k;
	memcpy(tmp, v, n * sizeof(*tmp));
	for (size_t i = 0; i < len; i++)
		if (at[i] != UINT32_MAX)
			v[j++] = tmp[at[i]];
	free(at);
	free(tmp);
	return 0;
}

struct insert {
	size_t at; /* byte offset in the chunk, after a glossed phrase */
	const char *text;
};

static int cmp_phrase_len(const void *a, const void *b)
{
	size_t x = strlen((*(const glossa_annotation_t *const *)a)->phrase);
	size_t y = strlen((*(const glossa_annotation_t *const *)b)->phrase);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Grow *v (of *cap elements of size) to hold n + more; 0, or -1. */
static int grow(void *v, size_t *cap, size_t n, size_t more, size_t size)
{
	void *p;
	size_t c = *cap ? *cap : 16;

	if (n + more <= *cap)
		return 0;
	while (c < n + more)
		c *= 2;
	p = realloc(*(void **)v, c * size);
	if (!p)
		return -1;
	*(void **)v = p;
	*cap = c;
	return 0;
}

/* Make room for n elements of size in *v (exactly n; never shrinks);
 * 0, or -1. The layout's big arrays are sized once rather than doubled:
 * each doubling copies them, and glibc keeps the old copies in its heap
 * once a large free has raised its mmap threshold. */
static int reserve(void *v, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n <= *cap)
		return 0;
	p = realloc(*(void **)v, n * size);
	if (!p)
		return -1;
	*(void **)v = p;
	*cap = n;
	return 0;
}

static int push_chunk(struct article_view *av, size_t from, int64_t cp0)
{
	if (grow(&av->chunks, &av->chunkcap, av->nchunks, 1,
	         sizeof(*av->chunks)))
		return -1;
	av->chunks[av->nchunks++] = (struct art_chunk){from, cp0, NULL, 0, 0};
	return 0;
}

/* cpos for the items laid out since item from: -1 for those of the
 * translations shown in place (items [trans[2i], trans[2i+1])) or when
 * not body, else the next body code point (a placeholder's items share
 * one). */
static int add_cpos(struct article_view *av, size_t from, int body,
                    const size_t *trans, size_t ntrans)
{
	int64_t cp = av->built_cp;
	size_t t = 0;

	if (grow(&av->cpos, &av->cposcap, 0, av->rt.n, sizeof(*av->cpos)))
		return -1;
	for (size_t k = from; k < av->rt.n; k++) {
		const item_t *it = &av->rt.items[k];
		while (t + 1 < ntrans && k >= trans[t + 1])
			t += 2;
		if (!body ||
		    (t + 1 < ntrans && k >= trans[t] && k < trans[t + 1]))
			av->cpos[k] = -1;
		else if ((it->flags & IT_GLUE) && cp > 0)
			av->cpos[k] = (int32_t)(cp - 1);
		else
			av->cpos[k] = (int32_t)cp++;
	}
	av->built_cp = cp;
	return 0;
}

/* Mark the query's matches in text bytes [from, to) (to may be past
 * the bytes given: the end of the text) in style (at from), their tail
 * past to in *tail; 0, or -1 when out of memory. */
static int mark_matches(glossa_matcher_t *m, glossa_qfield_t field,
                        const char *text, size_t len, size_t from, size_t to,
                        unsigned char *style, size_t *tail)
{
	glossa_match_t *v = NULL;
	size_t n = 0;

	if (!glossa_matcher_has_query(m))
		return 0;
	if (glossa_matcher_query(m, field, text, len, from, to, &v, &n,
	                         NULL) == GLOSSA_NOMEM)
		return -1;
	for (size_t k = 0; k < n; k++) {
		size_t e = v[k].end < to ? v[k].end : to;
		memset(style + (v[k].start - from), ST_MATCH, e - v[k].start);
		if (v[k].end > *tail)
			*tail = v[k].end;
	}
	free(v);
	return 0;
}

/*
 * Lay out body bytes [cs, ce): its phrases (longest first, the
 * article's own before the glosses elsewhere, one phrase's occurrences
 * never overlapping), the translations after the article's own, the
 * query's matches, then a run of one style at a time; appended to the
 * text as one chunk. Returns 0, or -1 when out of memory.
 */
static int build_chunk(struct article_view *av, size_t cs, size_t ce)
{
	struct art_build *b = av->build;
	const char *body = av->a->body;
	size_t len = ce - cs, nhits = 0, first = av->rt.n;
	size_t carry = 0; /* bytes of a match that began in the last chunk */
	unsigned char *style = calloc(len + 1, 1);
	glossa_match_t *hits = NULL;
	struct occ *occ = NULL;
	struct insert *ins = NULL;
	size_t nocc = 0, occcap = 0, nins = 0, inscap = 0;
	size_t *trans = NULL, ntrans = 0, transcap = 0;
	int err = -1;

	if (!style || glossa_matcher_phrases(b->m, body, b->blen, cs, ce, &hits,
	                                     &nhits) != GLOSSA_OK)
		goto out;
	for (size_t h = 0, last = 0; h < nhits; h++) {
		const glossa_annotation_t *g = b->order[hits[h].what];
		int own = hits[h].what < b->nown;
		size_t plen = b->plen[hits[h].what], off = hits[h].start - cs, k;

		/* a phrase's occurrences do not overlap each other (as
		 * strstr from the end of the last one found) */
		if (h > 0 && hits[h - 1].what == hits[h].what && off < last)
			continue;
		last = off + plen;
		for (k = 0; k < plen && !style[off + k]; k++)
			;
		if (k < plen)
			continue; /* inside a phrase already marked */
		memset(style + off, own ? ST_GLOSS : ST_ELSEWHERE, plen);
		if (grow(&occ, &occcap, nocc, 1, sizeof(*occ)))
			goto out;
		occ[nocc++] =
		    (struct occ){(uint32_t)off, (uint32_t)plen, 0, 0, g, own};
	}
	if (nocc > 1 && sort_occ(occ, nocc, len))
		goto out;
	for (size_t k = 0; k < nocc; k++) {
		const glossa_annotation_t *g = occ[k].g;
		if (!occ[k].own || !b->trans || !g->translation[0])
			continue;
		if (grow(&ins, &inscap, nins, 1, sizeof(*ins)))
			goto out;
		ins[nins].at = occ[k].off + occ[k].len;
		ins[nins++].text = g->translation;
	}
	if (b->match_end > cs) {
		carry = (b->match_end < ce ? b->match_end : ce) - cs;
		memset(style, ST_MATCH, carry);
	}
	if (mark_matches(b->m, GLOSSA_QFIELD_ANY, body, b->blen, cs, ce, style,
	                 &b->match_end))
		goto out;
	/* the configuration's watch terms, where nothing else is */
	highlight_mark(body, b->blen, cs, ce, style);

	/* the body, a run of one style at a time, translations inserted;
	 * runs also end where a phrase starts or ends, to note its items */
	{
		size_t i = 0, next = 0, ko = 0;
		int inside = 0;
		while (i < len) {
			size_t j = i + 1;
			size_t lim = next < nins ? ins[next].at : len + 1;
			if (ko < nocc && !inside && occ[ko].off == i) {
				occ[ko].from = (uint32_t)av->rt.n;
				inside = 1;
			}
			if (ko < nocc) {
				size_t e = inside ? occ[ko].off + occ[ko].len
				                  : occ[ko].off;
				if (e < lim)
					lim = e;
			}
			while (j < len && style[j] == style[i] && j < lim)
				j++;
			if (style[i] == ST_MATCH &&
			    (i == 0 ? !carry : style[i - 1] != ST_MATCH)) {
				if (grow(&av->matches, &av->matchcap,
				         av->nmatch, 1, sizeof(*av->matches)))
					goto out;
				av->matches[av->nmatch++] = av->rt.n;
			}
			if (rt_append(&av->rt, body + cs + i, j - i, style[i],
			              RT_NEWLINES))
				goto out;
			i = j;
			if (inside && occ[ko].off + occ[ko].len == i) {
				occ[ko++].to = (uint32_t)av->rt.n;
				inside = 0;
			}
			while (next < nins && ins[next].at <= i) {
				if (next == 0 ||
				    ins[next].at != ins[next - 1].at) {
					if (grow(&trans, &transcap, ntrans, 2,
					         sizeof(*trans)))
						goto out;
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
	}
	if (grow(&av->spans, &av->spancap, av->nspans, nocc,
	         sizeof(*av->spans)))
		goto out;
	for (size_t k = 0; k < nocc; k++)
		av->spans[av->nspans++] = (struct phrase_span){
		    occ[k].from, occ[k].to, occ[k].g, occ[k].own};
	/* the body's code points, for the character cursor */
	if (av->body_cp) {
		size_t n = (size_t)av->built_cp;
		for (size_t i = cs; i < ce; n++) {
			size_t step = glossa_utf8_decode(body + i, ce - i,
			                                 &av->body_cp[n]);
			i += step ? step : 1;
		}
		if (n > av->nbody)
			av->nbody = n;
	}
	if (push_chunk(av, first, av->built_cp) ||
	    add_cpos(av, first, 1, trans, ntrans))
		goto out;
	err = 0;
out:
	free(style);
	free(hits);
	free(occ);
	free(ins);
	free(trans);
	return err;
}

/* Where a long chunk without a newline that reaches from ends (see
 * LONG_CHUNK): after a blank no phrase holds if one comes within 64 KB,
 * else after any such byte; the body's end if there is none. */
static size_t long_end(const struct art_build *b, const char *body,
                       size_t from)
{
	for (int any = 0; any < 2; any++)
		for (size_t i = from;
		     i < b->blen && (any || i < from + 65536); i++) {
			unsigned char c = (unsigned char)body[i - 1];
			if (c < 0x80 && !b->held[c] && (any || c == ' '))
				return i;
		}
	return b->blen;
}

/* Lay out one more chunk of the body; 0 when there is none left. */
static int lay_step(struct article_view *av)
{
	struct art_build *b = av->build;
	size_t cs, ce;

	if (!b)
		return 0;
	cs = b->boff;
	ce = cs + CHUNK_BYTES;
	if (b->whole || ce >= b->blen) {
		ce = b->blen;
	} else {
		const char *body = av->a->body, *nl;
		size_t lim = b->blen - cs > LONG_CHUNK ? cs + LONG_CHUNK
		                                       : b->blen;
		nl = memchr(body + ce - 1, '\n', lim - (ce - 1));
		/* no newline: the rest of the body, or a long chunk */
		ce = nl ? (size_t)(nl - body) + 1 : long_end(b, body, lim);
	}
	if (build_chunk(av, cs, ce)) {
		/* out of memory: the text ends there */
		build_free(b);
		av->build = NULL;
		return 0;
	}
	if (cs == 0 && ce < b->blen) {
		/* the rest as the first chunk, and a quarter more */
		double f = 1.25 * (double)b->blen / (double)ce;
		reserve(&av->spans, &av->spancap, (size_t)(av->nspans * f) + 16,
		        sizeof(*av->spans));
		reserve(&av->matches, &av->matchcap,
		        (size_t)(av->nmatch * f) + 16, sizeof(*av->matches));
	}
	b->boff = ce;
	if (ce >= b->blen) {
		build_free(b);
		av->build = NULL;
	}
	return 1;
}

/* The code points of UTF-8 s (len bytes): its bytes that are not
 * continuation bytes (10xxxxxx), counted eight at a time. */
static size_t count_cps(const char *s, size_t len)
{
	size_t n = len, i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		x = (x & ~(x << 1) & 0x8080808080808080ull) >> 7;
		n -= (size_t)((x * 0x0101010101010101ull) >> 56);
	}
	for (; i < len; i++)
		n -= ((unsigned char)s[i] & 0xc0) == 0x80;
	return n;
}

/* Note the ASCII bytes of s in b->held, letters in both cases (phrases
 * match either). */
static void hold_bytes(struct art_build *b, const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x80) {
			b->held[tolower((unsigned char)*s)] = 1;
			b->held[toupper((unsigned char)*s)] = 1;
		}
}

/* The title, its query matches marked (title: terms match there too). */
static void lay_title(struct article_view *av, glossa_matcher_t *m)
{
	const char *t = av->a->title;
	size_t len = strlen(t), tail = 0, j;
	unsigned char *style = calloc(len + 1, 1);

	if (!style || mark_matches(m, GLOSSA_QFIELD_TITLE, t, len, 0, len,
	                           style, &tail)) {
		rt_append(&av->rt, t, len, ST_BOLD, 0);
		free(style);
		return;
	}
	for (size_t i = 0; i < len; i = j) {
		for (j = i + 1; j < len && style[j] == style[i]; j++)
			;
		if (style[i] == ST_MATCH &&
		    !grow(&av->matches, &av->matchcap, av->nmatch, 1,
		          sizeof(*av->matches)))
			av->matches[av->nmatch++] = av->rt.n;
		rt_append(&av->rt, t + i, j - i, style[i] ? ST_MATCH : ST_BOLD,
		          0);
	}
	free(style);
}

/* Start a new layout: the title and metadata as a first chunk, and what
 * the body's chunks need. */
static void lay_start(struct app *app)
{
	struct article_view *av = &app->art;
	const glossa_article_t *a = av->a;
	struct art_build *b;
	glossa_matcher_t *m = NULL;
	const char **phrases;
	struct {
		const char *label, *value;
	} meta[] = {{"Source: ", a->source},
	            {"Author: ", a->author},
	            {"Date:   ", a->date},
	            {"Tags:   ", a->tags},
	            {"URL:    ", a->url}};

	layout_clear(av);
	/* the query searched already: it parses (else no query) */
	if (glossa_matcher_new(app->list.query, NULL, &m) == GLOSSA_BAD_QUERY)
		glossa_matcher_new(NULL, NULL, &m);
	if (!m || push_chunk(av, 0, 0)) {
		glossa_matcher_free(m);
		return;
	}
	lay_title(av, m);
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
	if (add_cpos(av, 0, 0, NULL, 0) || !(b = calloc(1, sizeof(*b)))) {
		glossa_matcher_free(m);
		return;
	}
	av->build = b;
	b->m = m;
	b->blen = strlen(a->body);
	{
		/* an item a code point, and some room for translations */
		size_t n = av->rt.n + 256 + count_cps(a->body, b->blen);
		n += n / 16;
		reserve(&av->rt.items, &av->rt.cap, n, sizeof(*av->rt.items));
		reserve(&av->cpos, &av->cposcap, n, sizeof(*av->cpos));
	}
	b->trans = app->show_trans;
	b->nown = a->n_notes;
	b->norder = a->n_notes + av->nelsewhere;
	b->order = malloc((b->norder + 1) * sizeof(*b->order));
	b->plen = malloc((b->norder + 1) * sizeof(*b->plen));
	if (!b->order || !b->plen) {
		build_free(b);
		av->build = NULL;
		return;
	}
	for (size_t i = 0; i < a->n_notes; i++)
		b->order[i] = &a->notes[i];
	for (size_t i = 0; i < av->nelsewhere; i++)
		b->order[a->n_notes + i] = &av->elsewhere[i];
	/* longest phrase first: a phrase inside a longer glossed one (擂响战鼓
	 * in 擂响战鼓再出发) is not highlighted or translated twice there;
	 * the article's own glosses before the glosses elsewhere */
	qsort(b->order, a->n_notes, sizeof(*b->order), cmp_phrase_len);
	qsort(b->order + a->n_notes, av->nelsewhere, sizeof(*b->order),
	      cmp_phrase_len);
	for (size_t i = 0; i < b->norder; i++) {
		b->plen[i] = strlen(b->order[i]->phrase);
		if (memchr(b->order[i]->phrase, '\n', b->plen[i]))
			b->whole = 1;
		hold_bytes(b, b->order[i]->phrase);
	}
	/* a long chunk never cuts a word the query may match */
	if (glossa_matcher_has_query(m))
		for (int c = 0; c < 128; c++)
			if (isalnum(c))
				b->held[c] = 1;
	phrases = malloc((b->norder + 1) * sizeof(*phrases));
	for (size_t i = 0; phrases && i < b->norder; i++)
		phrases[i] = b->order[i]->phrase;
	if (!phrases ||
	    glossa_matcher_set_phrases(m, phrases, b->norder) != GLOSSA_OK ||
	    !b->blen) {
		build_free(b);
		av->build = NULL;
	}
	free(phrases);
}

/* --- The view -------------------------------------------------------- */

/* The span under the phrase cursor with the whole of its gloss, when it
 * is from elsewhere and fetched (see fetch_gloss). */
static void refresh_full_span(struct article_view *av)
{
	const struct phrase_span *sp;

	memset(&av->full_span, 0, sizeof(av->full_span));
	if (av->cur_span >= av->nspans || !av->full.id)
		return;
	sp = &av->spans[av->cur_span];
	if (sp->own || sp->g->id != av->full.id)
		return;
	av->full_span = *sp;
	av->full_span.g = &av->full;
}

void article_prepare(struct app *app, int width)
{
	struct article_view *av = &app->art;
	const char *q = app->list.query ? app->list.query : "";

	if (!av->a)
		return;
	if (!av->nchunks || !av->wrap_query || strcmp(av->wrap_query, q) ||
	    av->wrap_trans != app->show_trans) {
		if (!av->wrap_query || strcmp(av->wrap_query, q))
			av->top = 0; /* a new query: from the top */
		else
			save_top(av, 0); /* the translations toggled */
		lay_start(app);
		free(av->wrap_query);
		av->wrap_query = strdup(q);
		av->wrap_trans = app->show_trans;
		av->cur_match = (size_t)-1;
	}
	if (av->wrap_w != width) {
		/* keep the first item shown at the top across a rewrap */
		av->wrap_w = width;
		av->top = lp_start(av, lp_of(av, av->top));
	}
	if (av->keep_top)
		restore_top(av);
	if (av->cur_span != (size_t)-1)
		while (av->cur_span >= av->nspans && lay_step(av))
			;
	refresh_full_span(av);
}

int article_layout_step(struct app *app)
{
	struct article_view *av = &app->art;

	if (!av->a || !av->build || av->build->boff >= IDLE_BYTES)
		return 0;
	return lay_step(av) && av->build;
}

/*
 * The glosses of other articles found in this one, which article_load()
 * leaves for when no key waits: the main loop first builds the archive's
 * phrase trie a step at a time (glossa_glosses_prepare(); 0.18 s in all
 * at a million articles), and the article shows at once without them.
 * The text is laid out again, its top line kept; a phrase cursor already
 * moved is cleared.
 */
void article_load_elsewhere(struct app *app)
{
	struct article_view *av = &app->art;

	av->elsewhere_pending = 0;
	if (!av->a)
		return;
	if (glossa_glosses_in(app->db, av->id, av->a->body, &av->elsewhere,
	                      &av->nelsewhere) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		av->elsewhere = NULL;
		av->nelsewhere = 0;
		return;
	}
	if (!av->nelsewhere || !av->nchunks)
		return;  /* nothing to add, or not laid out yet */
	save_top(av, 0); /* the same items: the same lines */
	av->cur_span = (size_t)-1;
	layout_clear(av);
}

void article_scroll(struct app *app, long delta, rect_t r)
{
	struct article_view *av = &app->art;
	struct lpos l;

	if (!av->nchunks)
		return;
	l = lp_of(av, av->top);
	if (delta >= (1L << 30)) {
		lay_finish(av);
		l = lp_of(av, av->rt.n);
	} else if (delta <= -(1L << 30)) {
		l = (struct lpos){0, 0};
	}
	for (; delta > 0 && delta < (1L << 30) && lp_next(av, &l); delta--)
		;
	for (; delta < 0 && delta > -(1L << 30) && lp_prev(av, &l); delta++)
		;
	av->top = lp_start(av, l);
	clamp_top(av, r.h);
	/* n/N go on from the top line shown now (as in less and vim) */
	av->cur_match = (size_t)-1;
	av->follow_w = av->follow_h = 0;
}

void article_jump_match(struct app *app, int dir, rect_t r)
{
	struct article_view *av = &app->art;
	size_t i;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	lay_finish(av); /* "match i of n" */
	if (!av->nmatch) {
		app_message(app, 0,
		            app->list.query ? "no match in this article"
		                            : "no query: search with /");
		return;
	}
	if (av->cur_match == (size_t)-1) {
		/* as less: forward from the top line shown, backward from
		 * the bottom one (after g, n finds the first match; after
		 * G, N the last) */
		size_t end;
		av->top = lp_start(av, lp_of(av, av->top));
		end = screen_end(av, r.h);
		if (dir > 0) {
			for (i = 0; i < av->nmatch; i++)
				if (av->matches[i] >= av->top)
					break;
		} else {
			for (i = av->nmatch; i-- > 0;)
				if (av->matches[i] < end)
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
	av->nav = NAV_MATCH;
	av->follow_w = av->follow_h = 0;
	/* the match on the second row, one line of context above */
	av->top = lines_above(av, lp_of(av, av->matches[i]), 1);
	app_message(app, 0, "match %zu of %zu", i + 1, av->nmatch);
}

/* Is span k on the rows of the pane (h rows from av->top)? */
static int span_visible(struct article_view *av, size_t k, int h)
{
	if (k >= av->nspans || !av->nchunks)
		return 0;
	return av->spans[k].from >= av->top &&
	       av->spans[k].from < screen_end(av, h);
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

/* The whole of a gloss elsewhere (its translation and note for the
 * status line, all of it for +), fetched when the cursor lands on it. */
static void fetch_gloss(struct app *app, const glossa_annotation_t *g)
{
	struct article_view *av = &app->art;

	if (av->full.id == g->id)
		return;
	glossa_annotation_clear(&av->full);
	memset(&av->full, 0, sizeof(av->full));
	if (glossa_annotation_get(app->db, g->id, &av->full) != GLOSSA_OK) {
		glossa_annotation_clear(&av->full);
		memset(&av->full, 0, sizeof(av->full));
	}
}

/* The first span that starts at or after item k (laying out as far as
 * needed); nspans if none. */
static size_t span_from(struct article_view *av, size_t k)
{
	size_t lo = 0, hi;

	while ((!av->nspans || av->spans[av->nspans - 1].from < k) &&
	       lay_step(av))
		;
	hi = av->nspans;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (av->spans[mid].from < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Scroll as little as needed to show the phrase under the phrase cursor
 * whole, with two lines of context below it (as many as fit in a pane
 * of fewer than three rows), its first line kept on screen.
 */
static void show_span(struct article_view *av, rect_t r)
{
	const struct phrase_span *sp = &av->spans[av->cur_span];
	size_t last = sp->to > sp->from ? sp->to - 1 : sp->from;
	struct lpos fl = lp_of(av, sp->from), ll = lp_of(av, last);
	int ctx = r.h > 2 ? 2 : r.h - 1;

	av->top = lp_start(av, lp_of(av, av->top));
	for (int k = 0; k < ctx && lp_next(av, &ll); k++)
		;
	if (sp->from < av->top) {
		av->top = lp_start(av, fl);
	} else if (r.h > 0 && lp_start(av, ll) >= screen_end(av, r.h)) {
		size_t t = lines_above(av, ll, r.h - 1);
		size_t f = lp_start(av, fl);
		av->top = t < f ? t : f;
	}
	av->follow_w = r.w;
	av->follow_h = r.h;
}

void article_jump_phrase(struct app *app, int dir, rect_t r)
{
	struct article_view *av = &app->art;
	const struct phrase_span *sp;
	size_t i;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	while (!av->nspans && lay_step(av))
		;
	if (!av->nspans) {
		app_message(app, 0, "no glossed phrase in this article");
		return;
	}
	av->top = lp_start(av, lp_of(av, av->top));
	if (span_visible(av, av->cur_span, r.h)) {
		i = av->cur_span + (dir > 0 ? 1 : (size_t)-1);
		while (dir > 0 && i >= av->nspans && lay_step(av))
			;
	} else if (av->cur_match < av->nmatch &&
	           av->matches[av->cur_match] >= av->top &&
	           av->matches[av->cur_match] < screen_end(av, r.h)) {
		/* from the query's match that n/N showed */
		size_t m = av->matches[av->cur_match];
		if (dir > 0) {
			lay_finish(av);
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
		i = span_from(av, av->top);
	} else {
		i = span_from(av, screen_end(av, r.h));
		i = i ? i - 1 : (size_t)-1;
	}
	if (i >= av->nspans) {
		app_message(app, 0,
		            dir > 0 ? "no more glossed phrases below"
		                    : "no more glossed phrases above");
		return;
	}
	av->cur_span = i;
	sp = &av->spans[i];
	av->nav = NAV_PHRASE;
	av->cur_match = (size_t)-1; /* n/N: from the top line shown */
	show_span(av, r);
	if (!sp->own) {
		fetch_from_title(app, sp->g->article_id);
		fetch_gloss(app, sp->g);
	}
	refresh_full_span(av);
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
	if (!av->spans[av->cur_span].own && av->full.id == g->id)
		g = &av->full; /* the gloss elsewhere, fetched whole */
	what = g->translation && g->translation[0] ? g->translation
	       : g->note                           ? g->note
	                                           : "";
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

static void article_draw(struct app *app, rect_t r, int focused)
{
	struct article_view *av = &app->art;
	struct lpos l;

	(void)focused;
	av->cursor_shown = 0;
	if (!av->a) {
		draw_str(r.y, r.x + 1, r.w - 1, "no article", ST_DIM, 0);
		return;
	}
	if (!av->nchunks)
		return; /* out of memory */
	/* the pane resized since ]/[ showed the phrase: show it again */
	if (av->follow_h && (av->follow_w != r.w || av->follow_h != r.h) &&
	    av->cur_span < av->nspans && av->cmode == CM_OFF)
		show_span(av, r);
	clamp_top(av, r.h);
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
	l = lp_of(av, av->top);
	for (int i = 0; i < r.h; i++) {
		rt_draw(&av->rt, lp_start(av, l), lp_end(av, l), r.y + i,
		        r.x + 1, r.w - 1, ST_NORMAL);
		if (i + 1 < r.h && !lp_next(av, &l))
			break;
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
	const struct phrase_span *sp;

	if (!av->a || !av->cursor_shown || av->cur_span >= av->nspans)
		return NULL;
	sp = &av->spans[av->cur_span];
	if (!sp->own && av->full_span.g && av->full_span.from == sp->from &&
	    av->full_span.to == sp->to)
		return &av->full_span; /* with the whole gloss elsewhere */
	return sp;
}

void article_reload(struct app *app)
{
	struct article_view *av = &app->art;
	int64_t id = av->id;
	size_t ncur = app->notes.cur, ntop = app->notes.top;
	size_t item, line;
	int keep;

	save_top(av, 1);
	keep = av->keep_top;
	item = av->keep_item;
	line = av->keep_line;
	article_free(av);
	article_load(app, id);
	av->keep_top = keep;
	av->keep_item = item;
	av->keep_line = line;
	app->notes.cur = ncur;
	app->notes.top = ntop;
}

/* Where the cursor may stand: a body character that is drawn. */
static int stop_at(struct article_view *av, int64_t cp)
{
	uint32_t c;

	if (!have_cp(av, cp))
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
	size_t k = item_of(av, av->ccp);
	struct lpos l = lp_of(av, k);

	av->top = lp_start(av, lp_of(av, av->top));
	if (k < av->top)
		av->top = lp_start(av, l);
	else if (r.h > 0 && k >= screen_end(av, r.h))
		av->top = lines_above(av, l, r.h - 1);
}

void article_cursor_start(struct app *app, int selecting, rect_t r)
{
	struct article_view *av = &app->art;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	if (!av->cpos || !have_cp(av, 0)) {
		app_message(app, 0, "no text to select");
		return;
	}
	if (av->cmode == CM_OFF) {
		int64_t cp = -1;
		av->top = lp_start(av, lp_of(av, av->top));
		/* on the match n/N showed or the phrase ]/[ did, the one
		 * that moved last, if it is on screen and in the body */
		if (av->nav == NAV_MATCH && av->cur_match < av->nmatch &&
		    av->matches[av->cur_match] >= av->top &&
		    av->matches[av->cur_match] < screen_end(av, r.h))
			cp = av->cpos[av->matches[av->cur_match]];
		if (cp < 0 && span_visible(av, av->cur_span, r.h))
			cp = av->cpos[av->spans[av->cur_span].from];
		for (size_t k = av->top; cp < 0 && have_item(av, k); k++)
			if (av->cpos[k] >= 0 && stop_at(av, av->cpos[k]))
				cp = av->cpos[k];
		for (cp = cp < 0 ? 0 : cp;
		     have_cp(av, cp + 1) && !stop_at(av, cp); cp++)
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

/* The cursor to the same column on line l (a line with no body text is
 * passed over in direction dir); returns 0 when there is none. */
static int to_line(struct article_view *av, struct lpos l, int col, int dir)
{
	do {
		int c = 0;
		int64_t best = -1;
		size_t end = lp_end(av, l);
		for (size_t k = lp_start(av, l); k < end; k++) {
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
	} while (dir > 0 ? lp_next(av, &l) : lp_prev(av, &l));
	return 0;
}

void article_cursor_move(struct app *app, int cmd, rect_t r)
{
	struct article_view *av = &app->art;
	int64_t cp;
	size_t item;
	struct lpos l;
	int col = 0;

	if (!av->a || av->cmode == CM_OFF || !av->cpos)
		return;
	article_prepare(app, r.w - 1);
	cp = av->ccp;
	item = item_of(av, cp);
	l = lp_of(av, item);
	for (size_t k = lp_start(av, l); k < item; k++)
		col += av->rt.items[k].width;
	switch (cmd) {
	case CMD_CUR_LEFT:
		while (--cp >= 0 && !stop_at(av, cp))
			;
		break;
	case CMD_CUR_RIGHT:
		while (have_cp(av, ++cp) && !stop_at(av, cp))
			;
		break;
	case CMD_CUR_WORD:
		if (av->cmode != CM_SELECT) {
			int c = cls(av, cp);
			while (c && have_cp(av, cp) && cls(av, cp) == c)
				cp++;
			while (have_cp(av, cp) && !cls(av, cp))
				cp++;
			break;
		}
		/* selecting: whole words, to the end of this one or the
		 * next, never the next word's first character */
		/* fall through */
	case CMD_CUR_END_WORD: {
		int c;
		if (!have_cp(av, cp + 1))
			break;
		cp++;
		while (have_cp(av, cp + 1) && !cls(av, cp))
			cp++;
		c = cls(av, cp);
		while (c && have_cp(av, cp + 1) && cls(av, cp + 1) == c)
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
		if (cmd == CMD_CUR_DOWN ? lp_next(av, &l) : lp_prev(av, &l))
			to_line(av, l, col, cmd == CMD_CUR_DOWN ? 1 : -1);
		show_cursor(av, r);
		return;
	case CMD_CUR_HOME:
		to_line(av, l, 0, 1);
		return;
	case CMD_CUR_END:
		to_line(av, l, 1 << 30, 1);
		return;
	}
	if (stop_at(av, cp))
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

/* --- The view's operations ------------------------------------------ */

static void article_title(struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "%s", app->art.a ? app->art.a->title : "Article");
}

/* Where the pane is in the text: "top", "end", "all" (the text fits),
 * else the percentage of the body above the end of the pane. */
static void where(struct article_view *av, int h)
{
	size_t end = screen_end(av, h);

	av->where[0] = 0;
	if (av->top == 0 && end == SIZE_MAX) {
		snprintf(av->where, sizeof(av->where), "all");
	} else if (av->top == 0) {
		snprintf(av->where, sizeof(av->where), "top");
	} else if (end == SIZE_MAX) {
		snprintf(av->where, sizeof(av->where), "end");
	} else {
		int64_t cp = -1;
		if (!av->ncp)
			av->ncp = (int64_t)glossa_utf8_count(
			    av->a->body, strlen(av->a->body));
		for (size_t k = end; k < av->rt.n && cp < 0; k++)
			cp = av->cpos[k];
		if (cp >= 0 && av->ncp > 0)
			snprintf(av->where, sizeof(av->where), "%d%%",
			         (int)(cp * 100 / av->ncp));
	}
}

/* The text laid out at the pane's width, its top line kept in view. */
static void article_prepare_view(struct app *app, rect_t r)
{
	struct article_view *av = &app->art;

	av->where[0] = 0;
	if (!av->a)
		return;
	/* one column of margin on the left */
	article_prepare(app, r.w - 1);
	if (!av->nchunks)
		return; /* out of memory */
	clamp_top(av, r.h);
	where(av, r.h);
}

void article_show_note(struct app *app, const glossa_annotation_t *g)
{
	struct article_view *av = &app->art;
	rect_t r = app->pane[PANE_ARTICLE];
	size_t k, i;

	if (!av->a || g->pos < 0 || g->detached)
		return;
	article_prepare(app, r.w - 1);
	if (!av->nchunks)
		return;
	k = item_of(av, g->pos);
	if (k >= av->rt.n)
		return;
	i = span_from(av, k);
	if (i < av->nspans && av->spans[i].own && av->spans[i].g->id == g->id)
		av->cur_span = i;
	else
		av->cur_span = (size_t)-1;
	av->top = lp_start(av, lp_of(av, av->top));
	if (r.h > 0 && (k < av->top || k >= screen_end(av, r.h)))
		/* on the second row, a line of context above */
		av->top = lines_above(av, lp_of(av, k), r.h > 2 ? 1 : 0);
	refresh_full_span(av);
}

/* After ]/[: the notes pane selects the note of the phrase (one of the
 * article's own). */
static void select_note(struct app *app)
{
	struct article_view *av = &app->art;
	const glossa_annotation_t *g;

	if (av->cur_span >= av->nspans || !av->spans[av->cur_span].own)
		return;
	g = av->spans[av->cur_span].g;
	for (size_t i = 0; i < av->a->n_notes; i++)
		if (av->a->notes[i].id == g->id) {
			app->notes.cur = i;
			break;
		}
}

/* >/<: the next or previous article of the list, opened here. */
static void step_article(struct app *app, int dir)
{
	struct list_view *lv = &app->list;
	int64_t to = lv->cur + dir;

	if (to < 0 || to >= lv->total) {
		app_message(app, 0, "%s",
		            dir > 0 ? "the last article of the list"
		                    : "the first article of the list");
		return;
	}
	list_move(app, to);
	app->select_pending = 0;
	article_load(app, app->select_id);
	list_open(app);
}

static int article_request(struct app *app, int cmd, int key)
{
	rect_t r = app->pane[PANE_ARTICLE];

	(void)key;
	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		article_prepare(app, r.w - 1);
		article_scroll(app, view_delta(cmd, r.h), r);
		return 1;
	case CMD_NEXT_PHRASE:
	case CMD_PREV_PHRASE:
		article_jump_phrase(app, cmd == CMD_NEXT_PHRASE ? 1 : -1, r);
		select_note(app);
		return 1;
	case CMD_NEXT_ARTICLE:
	case CMD_PREV_ARTICLE:
		step_article(app, cmd == CMD_NEXT_ARTICLE ? 1 : -1);
		return 1;
	case CMD_CURSOR:
	case CMD_SELECT:
		article_cursor_start(app, cmd == CMD_SELECT, r);
		return 1;
	case CMD_CUR_LEFT:
	case CMD_CUR_RIGHT:
	case CMD_CUR_WORD:
	case CMD_CUR_BACK_WORD:
	case CMD_CUR_END_WORD:
	case CMD_CUR_DOWN:
	case CMD_CUR_UP:
	case CMD_CUR_HOME:
	case CMD_CUR_END:
		article_cursor_move(app, cmd, r);
		return 1;
	case CMD_CUR_LEAVE:
		article_cursor_stop(app);
		return 1;
	case CMD_ADD_GLOSS:
		annot_add_gloss(app);
		return 1;
	case CMD_ADD_NOTE:
		annot_add_note(app);
		return 1;
	case CMD_ADOPT:
		annot_adopt(app);
		return 1;
	}
	return 0;
}

const struct view_ops article_ops = {
    .name = "article",
    .scope = SCOPE_ARTICLE,
    .hint = "] phrases  c cursor  z zoom  ? help",
    .title = article_title,
    .prepare = article_prepare_view,
    .draw = article_draw,
    .request = article_request,
};
