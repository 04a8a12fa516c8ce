/*
 * layout.c: laying the article's text out, a chunk at a time (see article.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui-internal.h"
#include "ui.h"
#include "article-internal.h"

/* Body bytes a chunk holds at least (then up to a newline): a quarter
 * of a millisecond of work or so. */
#define CHUNK_BYTES 8192

/*
 * A chunk with no newline in this many bytes ends after the first ASCII
 * byte past them that no phrase holds and that is no letter or digit
 * while there is a query, so that no phrase crosses its end and no word
 * is cut (a line ends there too): a body of
 * one 60 MB line was one chunk, laid out whole when opened.
 */
#define LONG_CHUNK (1u << 20)

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
void layout_clear(struct article_view *av)
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

size_t chunk_end(const struct article_view *av, size_t c)
{
	return c + 1 < av->nchunks ? av->chunks[c + 1].from : av->rt.n;
}

/* Is item k laid out (laying out more as needed)? */
int have_item(struct article_view *av, size_t k)
{
	while (k >= av->rt.n && lay_step(av))
		;
	return k < av->rt.n;
}

/* Is body code point cp laid out, and so decoded in body_cp? */
int have_cp(struct article_view *av, int64_t cp)
{
	while (cp >= av->built_cp && lay_step(av))
		;
	return cp >= 0 && cp < av->built_cp && (size_t)cp < av->nbody;
}

void lay_finish(struct article_view *av)
{
	while (lay_step(av))
		;
}

/* --- Lines ----------------------------------------------------------- */

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
int lay_step(struct article_view *av)
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
void lay_start(struct app *app)
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
