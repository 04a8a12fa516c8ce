/*
 * elsewhere.c: the glosses of other articles whose phrases occur in a
 * body, found by walking the phrase trie (trie.h) over it.
 *
 * Exported: glossa_glosses_elsewhere, glossa_glosses_in.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "trie.h"


/* A phrase found in the body (p: the gloss's own spelling, allocated),
 * with its gloss. */
struct hit {
	unsigned char *p;
	size_t len;
	int64_t id, article;
};

struct hits {
	struct hit *v;
	size_t n, cap;
};

/* Keep phrase p (allocated; kept or freed), whose record's ids are at
 * ids: its newest gloss, or where that is article's own the newest of
 * another article. */
static int keep_hit(struct hits *h, unsigned char *p, size_t len,
		    const unsigned char *ids, int64_t article)
{
	uint64_t id, art;

	ids = glossa_trie_varint(glossa_trie_varint(ids, &id), &art);
	if ((int64_t)art == article) {
		ids = glossa_trie_varint(ids, &id);
		if (!id) {
			free(p);
			return 0;
		}
		glossa_trie_varint(ids, &art);
	}
	if (glossa_trie_grow(&h->v, &h->cap, h->n + 1, sizeof(*h->v))) {
		free(p);
		return -1;
	}
	h->v[h->n++] = (struct hit){p, len, (int64_t)id, (int64_t)art};
	return 0;
}

/* A walk down the trie from byte i of the body (find_phrases()). */
struct phrase_walk {
	const struct glossa_gloss_cache *c;
	const unsigned char *body;
	size_t blen, i;
	int64_t article;
	uint64_t *seen;
	struct hits *h;
};

/* The child labelled ch of node v of level d, on level d + 1; SIZE_MAX
 * when there is none. */
static size_t trie_child(const struct glossa_gloss_cache *c, size_t d,
			 size_t v, unsigned char ch)
{
	const unsigned char *hit;
	size_t a, b;

	if (d + 1 >= c->nlevels)
		return SIZE_MAX;
	if (d == 0)
		return c->root[ch] ? c->root[ch] - 1 : SIZE_MAX;
	a = c->level[d].first[v];
	b = c->level[d].first[v + 1];
	hit = memchr(c->level[d + 1].label + a, ch, b - a);
	return hit ? (size_t)(hit - c->level[d + 1].label) : SIZE_MAX;
}

/* The labels from the root down to node v of level d, into p (d bytes):
 * a node's parent is the one whose children's range holds it. */
static void trie_path(const struct glossa_gloss_cache *c, size_t d, size_t v,
		      unsigned char *p)
{
	for (; d > 0; d--) {
		const uint32_t *first = c->level[d - 1].first;
		size_t lo = 0, hi = c->level[d - 1].n;

		p[d - 1] = c->level[d].label[v];
		while (lo < hi) { /* the first q with first[q] > v */
			size_t mid = lo + (hi - lo) / 2;

			if (first[mid] > v)
				hi = mid;
			else
				lo = mid + 1;
		}
		v = lo - 1;
	}
}

/*
 * Keep the phrase that ends at node v of level d (d > 0), or whose leaf
 * it is, when it stands at byte i of the body: its bytes past depth d are
 * pre (npre bytes: the rest of the code point being followed), then any
 * that fold like the body's (glossa_phrase_at()). 0, or -1 when out of
 * memory.
 */
static int walk_term(struct phrase_walk *w, size_t d, size_t v,
		     const unsigned char *pre, size_t npre)
{
	const struct trie_level *l = &w->c->level[d];
	uint64_t word = l->term[v / 64], bit = 1ull << (v % 64);
	const unsigned char *tail;
	unsigned char *p;
	size_t k, s, tlen, at = w->i + d;

	if (!(word & bit))
		return 0;
	k = l->rank[v / 64] + (size_t)__builtin_popcountll(word & (bit - 1));
	s = l->base + k;
	if (w->seen[s / 64] >> (s % 64) & 1)
		return 0;
	tail = glossa_trie_record(l, k, &tlen);
	if (tlen < npre || tlen > w->blen - at ||
	    (npre && memcmp(tail, pre, npre)) ||
	    !glossa_fold_equal((const char *)w->body + at + npre,
			       (const char *)tail + npre, tlen - npre) ||
	    !glossa_phrase_bounds((const char *)w->body, w->blen, w->i,
				  at + tlen))
		return 0;
	w->seen[s / 64] |= 1ull << (s % 64);
	if (!(p = malloc(d + tlen)))
		return -1;
	trie_path(w->c, d, v, p);
	memcpy(p + d, tail, tlen);
	return keep_hit(w->h, p, d + tlen, tail + tlen, w->article);
}

struct walk_node {
	size_t d, v;
};

/*
 * The phrases of c that stand at byte i of the body: from each node, down
 * the labels of every case variant of the body's next code point
 * (glossa_cp_variants()), the nodes still to visit on a stack (*stack,
 * *cap, reused from one i to the next). 0, or -1 when out of memory.
 */
static int walk_at(struct phrase_walk *w, struct walk_node **stack,
		   size_t *cap)
{
	size_t n = 0;

	if (glossa_trie_grow(stack, cap, 1, sizeof(**stack)))
		return -1;
	(*stack)[n++] = (struct walk_node){0, 0};
	while (n > 0) {
		struct walk_node x = (*stack)[--n];
		size_t at = w->i + x.d, len, nvar;
		uint32_t cp, var[3];
		unsigned char enc[4];

		if (x.d > 0 && walk_term(w, x.d, x.v, NULL, 0))
			return -1;
		if (at == w->blen || x.d + 1 >= w->c->nlevels)
			continue;
		if (w->body[at] < 0x80) { /* the common case, inline */
			cp = w->body[at];
			len = 1;
			nvar = 1;
			var[0] = cp;
			if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
				var[nvar++] = cp ^ 0x20;
		} else {
			len = glossa_utf8_decode((const char *)w->body + at,
						 w->blen - at, &cp);
			nvar = len ? glossa_cp_variants(cp, var) : 1;
		}
		for (size_t j = 0; j < nvar; j++) {
			size_t u = x.v, k;

			if (len)
				glossa_utf8_encode(var[j], (char *)enc);
			else
				enc[0] = w->body[at], len = 1;
			for (k = 0; k < len; k++) {
				u = trie_child(w->c, x.d + k, u, enc[k]);
				if (u == SIZE_MAX)
					break;
				if (k + 1 < len &&
				    walk_term(w, x.d + k + 1, u, enc + k + 1,
					      len - k - 1))
					return -1;
			}
			if (k < len)
				continue;
			if (glossa_trie_grow(stack, cap, n + 1,
					     sizeof(**stack)))
				return -1;
			(*stack)[n++] = (struct walk_node){x.d + len, u};
		}
	}
	return 0;
}

static int ascii_alnum(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' &&
					    (ch | 0x20) <= 'z');
}

/*
 * The newest gloss, in another article than article, of each phrase of
 * c that stands in body by the matching rule of glossa_phrase_at()
 * (case-folded, at word boundaries in spaced scripts): a walk down the
 * trie from each code point of the body (the body times the longest
 * phrase at most, more only where phrases differ in case alone).
 */
static glossa_status_t find_phrases(const struct glossa_gloss_cache *c,
				    const unsigned char *body, size_t blen,
				    int64_t article, struct hits *h)
{
	struct phrase_walk w = {c, body, blen, 0, article, NULL, h};
	struct walk_node *stack = NULL;
	size_t cap = 0;

	w.seen = calloc(c->nphrases / 64 + 1, sizeof(*w.seen));
	if (!w.seen)
		return GLOSSA_NOMEM;
	for (w.i = 0; w.i < blen; w.i++) {
		/* no phrase starts inside an ASCII word: its first letter
		 * would need a boundary before it */
		if ((body[w.i] & 0xC0) == 0x80 ||
		    (body[w.i] < 0x80 && !c->root[body[w.i]] &&
		     !c->root[body[w.i] ^ 0x20]) ||
		    (w.i > 0 && ascii_alnum(body[w.i]) &&
		     ascii_alnum(body[w.i - 1])))
			continue;
		if (walk_at(&w, &stack, &cap))
			goto nomem;
	}
	free(stack);
	free(w.seen);
	return GLOSSA_OK;
nomem:
	free(stack);
	free(w.seen);
	return GLOSSA_NOMEM;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	int r = memcmp(x->p, y->p, x->len < y->len ? x->len : y->len);

	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* The hits as glosses with only id, article_id, kind and phrase: the
 * other strings are "", pos -1. */
static glossa_status_t hits_notes(const struct hits *h,
				  glossa_annotation_t **out)
{
	glossa_annotation_t *notes = calloc(h->n, sizeof(*notes));

	if (!notes)
		return GLOSSA_NOMEM;
	for (size_t i = 0; i < h->n; i++) {
		glossa_annotation_t *g = &notes[i];

		g->id = h->v[i].id;
		g->article_id = h->v[i].article;
		g->kind = GLOSSA_KIND_GLOSS;
		g->pos = -1;
		if ((g->phrase = malloc(h->v[i].len + 1))) {
			memcpy(g->phrase, h->v[i].p, h->v[i].len);
			g->phrase[h->v[i].len] = '\0';
		}
		g->context_before = calloc(1, 1);
		g->context_after = calloc(1, 1);
		g->reading = calloc(1, 1);
		g->translation = calloc(1, 1);
		g->note = calloc(1, 1);
		g->tags = calloc(1, 1);
		if (!g->phrase || !g->context_before || !g->context_after ||
		    !g->reading || !g->translation || !g->note || !g->tags) {
			glossa_annotations_free(notes, i + 1);
			return GLOSSA_NOMEM;
		}
	}
	*out = notes;
	return GLOSSA_OK;
}

/*
 * The phrases come from the trie of every gloss of the archive, kept on
 * the handle (above), with the ids and articles of their glosses: no row
 * of annotation is read. The body's statement stays open to the end, so
 * that all is read in one transaction (one snapshot, and one lock instead
 * of one a statement). glosses_in() does the work over the body text
 * (blen bytes).
 */
static glossa_status_t glosses_in(glossa_db_t *db, int64_t article_id,
				  const char *body, size_t blen,
				  glossa_annotation_t **out, size_t *n)
{
	struct hits h = {0};
	glossa_status_t st = glossa_trie_update(db);

	if (st == GLOSSA_OK)
		st = body ? find_phrases(db->gloss_cache,
					 (const unsigned char *)body, blen,
					 article_id, &h)
			  : GLOSSA_NOMEM;
	if (st == GLOSSA_OK && h.n) {
		qsort(h.v, h.n, sizeof(*h.v), cmp_hit);
		st = hits_notes(&h, out);
		if (st == GLOSSA_OK)
			*n = h.n;
	}
	for (size_t i = 0; i < h.n; i++)
		free(h.v[i].p);
	free(h.v);
	if (st == GLOSSA_NOMEM)
		glossa_db_error(db, st, "finding glosses: out of memory");
	return st;
}

/* Step stmt (bound to the article's id) to its row: GLOSSA_OK, or
 * GLOSSA_NOT_FOUND when there is none (and stmt is finalized), or the
 * error (the same). */
static glossa_status_t article_row(glossa_db_t *db, sqlite3_stmt *stmt,
				   int64_t article_id)
{
	int rc;

	sqlite3_bind_int64(stmt, 1, article_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		return GLOSSA_OK;
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? GLOSSA_NOT_FOUND
				 : glossa_db_fail(db, rc, "reading an article");
}

glossa_status_t glossa_glosses_elsewhere(glossa_db_t *db, int64_t article_id,
					 glossa_annotation_t **out, size_t *n)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;

	*out = NULL;
	*n = 0;
	stmt = glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?",
				 &st);
	if (!stmt)
		return st;
	if ((st = article_row(db, stmt, article_id)) != GLOSSA_OK)
		return st == GLOSSA_NOT_FOUND ? GLOSSA_OK : st;
	st = glosses_in(db, article_id,
			(const char *)sqlite3_column_text(stmt, 0),
			(size_t)sqlite3_column_bytes(stmt, 0), out, n);
	sqlite3_finalize(stmt);
	return st;
}

glossa_status_t glossa_glosses_in(glossa_db_t *db, int64_t article_id,
				  const char *body, glossa_annotation_t **out,
				  size_t *n)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;

	*out = NULL;
	*n = 0;
	/* open to the end: all is read from one snapshot, as above */
	stmt = glossa_db_prepare(db, "SELECT 1 FROM article WHERE id = ?", &st);
	if (!stmt)
		return st;
	if ((st = article_row(db, stmt, article_id)) != GLOSSA_OK)
		return st == GLOSSA_NOT_FOUND ? GLOSSA_OK : st;
	st = glosses_in(db, article_id, body, strlen(body), out, n);
	sqlite3_finalize(stmt);
	return st;
}
