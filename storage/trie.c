/*
 * trie.c: the phrase trie, every glossed phrase of the archive kept on the
 * handle, and the glosses of other articles found with it in a body.
 *
 * Exported: glossa_glosses_elsewhere, glossa_glosses_in,
 * glossa_glosses_prepare, and glossa_gloss_cache_free and
 * glossa_gloss_cache_stop of db.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"

/*
 * The phrases glossed in the archive, kept on the handle for
 * glossa_glosses_elsewhere() until the annotations change: the update hook
 * counts this handle's changes to the annotation table, PRAGMA
 * data_version tells the commits of other connections.
 *
 * They form a byte trie kept level by level: level d holds the nodes at
 * depth d in the byte order of the prefixes they stand for (level 0 is
 * the root), so that the children of node v of level d are the nodes
 * first[v] .. first[v + 1] - 1 of level d + 1, in the order of their
 * labels (the byte leading to each). A node whose subtree holds a single
 * phrase is a leaf, which keeps the rest of the phrase as its tail. The
 * nodes where a phrase ends have their bit set in term; the k-th of them
 * on a level has its record k: varints for the length of the tail, then
 * the tail, the id and article of the phrase's newest gloss, the id of
 * the newest gloss of another article than that one (0: none) and, when
 * there is one, its article. Record k starts k % REC_STEP records after
 * rec + sample[k / REC_STEP]. For the 390 000 phrases of the bench's
 * archive of 1M articles this takes 7.6 MB, 1.3 MB of it the articles.
 * The phrases come in byte order, so each level is written from its
 * start to its end as they come: the build needs the trie, what its
 * arrays grew by (trimmed at the end) and one phrase, no more. The
 * update hook is the handle's only one.
 */
#define REC_STEP 8

struct trie_level {
	unsigned char *label; /* n; level 0: none */
	uint32_t *first;      /* n + 1 */
	uint64_t *term;       /* n / 64 + 1 words */
	uint32_t *rank;       /* phrases ending before each word of term */
	unsigned char *rec;
	uint32_t *sample;
	size_t n, nphrases, reclen;
	size_t base;                    /* phrases of the levels above */
	size_t ncap, reccap, samplecap; /* while it is built */
};

/* The phrase being read while the trie is built, with the ids of its
 * newest gloss and of the newest gloss of another article, and its
 * common prefix with the phrase before it. */
struct pending {
	unsigned char *s;
	size_t len, cap, before;
	int64_t id, article, id2, article2;
};

struct glossa_gloss_cache {
	sqlite3_stmt *build;   /* the phrases being read; NULL: no build */
	struct pending p;      /* while building */
	int64_t changes;       /* rows of annotation changed on this handle */
	int64_t built_changes; /* changes when the trie was built */
	int64_t built_version; /* PRAGMA data_version then */
	int built;             /* 0: the trie is to be built before use */
	struct trie_level *level;
	size_t nlevels, levelcap, nphrases;
	uint32_t root[256]; /* 1 + the root's child by label; 0: none */
};

static void trie_clear(struct glossa_gloss_cache *c)
{
	sqlite3_finalize(c->build);
	c->build = NULL;
	free(c->p.s);
	memset(&c->p, 0, sizeof(c->p));
	for (size_t d = 0; d < c->nlevels; d++) {
		struct trie_level *l = &c->level[d];

		free(l->label);
		free(l->first);
		free(l->term);
		free(l->rank);
		free(l->rec);
		free(l->sample);
	}
	free(c->level);
	c->level = NULL;
	c->nlevels = c->levelcap = c->nphrases = 0;
	c->built = 0;
	memset(c->root, 0, sizeof(c->root));
}

void glossa_gloss_cache_free(struct glossa_gloss_cache *cache)
{
	if (!cache)
		return;
	trie_clear(cache);
	free(cache);
}

void glossa_gloss_cache_stop(struct glossa_gloss_cache *cache)
{
	if (cache && cache->build)
		trie_clear(cache);
}

/* The update hook: count the changes to the annotation table. */
static void gloss_changed(void *arg, int op, const char *dbname,
			  const char *table, sqlite3_int64 rowid)
{
	struct glossa_gloss_cache *c = arg;

	(void)op;
	(void)dbname;
	(void)rowid;
	if (strcmp(table, "annotation") == 0)
		c->changes++;
}

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static const unsigned char *get_varint(const unsigned char *p, uint64_t *v)
{
	uint64_t x = 0;
	int shift = 0;

	while (*p & 0x80) {
		x |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = x | (uint64_t)*p++ << shift;
	return p;
}

static const unsigned char *skip_varint(const unsigned char *p)
{
	while (*p++ & 0x80)
		;
	return p;
}

/* A capacity from cap up that holds n: by half as much again, not
 * doubling, so that little is left over to trim at the end of a build. */
static size_t next_cap(size_t cap, size_t n)
{
	while (cap < n)
		cap += cap / 2 + 16;
	return cap;
}

/* Resize *p from old to new elements of size bytes, the new ones zeroed;
 * -1 if out of memory, *p left as it was. */
static int resize(void *p, size_t old, size_t new, size_t size)
{
	unsigned char *m;

	if (!*(void **)p)
		old = 0;
	if (new > SIZE_MAX / size || !(m = realloc(*(void **)p, new * size)))
		return -1;
	if (new > old)
		memset(m + old * size, 0, (new - old) * size);
	*(void **)p = m;
	return 0;
}

/* *p (capacity *cap elements of size bytes) with room for n elements. */
static int grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = next_cap(*cap, n);

	if (n <= *cap)
		return 0;
	if (resize(p, *cap, c, size))
		return -1;
	*cap = c;
	return 0;
}

/* Give back what growing left over at the end of *p (n elements). */
static void trim(void *p, size_t n, size_t size)
{
	void *m = *(void **)p ? realloc(*(void **)p, n ? n * size : 1) : NULL;

	if (m)
		*(void **)p = m;
}

/* Append a node labelled ch to level d (the level made if need be); -1 if
 * out of memory. */
static int trie_node(struct glossa_gloss_cache *c, size_t d, unsigned char ch)
{
	struct trie_level *l;

	if (d >= c->nlevels) {
		if (grow(&c->level, &c->levelcap, d + 1, sizeof(*c->level)))
			return -1;
		c->nlevels = d + 1;
	}
	l = &c->level[d];
	if (l->n + 1 >= UINT32_MAX)
		return -1;
	if (l->n == l->ncap) {
		size_t cap = next_cap(l->ncap, l->n + 1);

		if (resize(&l->label, l->ncap, cap, 1) ||
		    resize(&l->first, l->ncap + 1, cap + 1,
			   sizeof(*l->first)) ||
		    resize(&l->term, l->ncap / 64 + 1, cap / 64 + 1,
			   sizeof(*l->term)))
			return -1;
		l->ncap = cap;
	}
	l->label[l->n] = ch;
	/* its children, if any, are the next nodes made on the level below */
	l->first[l->n] = d + 1 < c->nlevels ? (uint32_t)c->level[d + 1].n : 0;
	l->n++;
	return 0;
}

/* Make the last node of level d the end of phrase p, with the bytes from
 * depth d on as its tail. */
static glossa_status_t trie_end(struct glossa_gloss_cache *c, size_t d,
				const struct pending *p)
{
	struct trie_level *l = &c->level[d];
	size_t tlen = p->len - d, v = l->n - 1;
	unsigned char *out;

	if (l->nphrases % REC_STEP == 0) {
		if (grow(&l->sample, &l->samplecap,
			 l->nphrases / REC_STEP + 1, sizeof(*l->sample)))
			return GLOSSA_NOMEM;
		l->sample[l->nphrases / REC_STEP] = (uint32_t)l->reclen;
	}
	if (grow(&l->rec, &l->reccap, l->reclen + tlen + 50, 1) ||
	    l->reclen + tlen + 50 > UINT32_MAX)
		return GLOSSA_NOMEM;
	out = put_varint(l->rec + l->reclen, tlen);
	memcpy(out, p->s + d, tlen);
	out = put_varint(out + tlen, (uint64_t)p->id);
	out = put_varint(out, (uint64_t)p->article);
	out = put_varint(out, (uint64_t)p->id2);
	if (p->id2)
		out = put_varint(out, (uint64_t)p->article2);
	l->reclen = (size_t)(out - l->rec);
	l->term[v / 64] |= (uint64_t)1 << (v % 64);
	l->nphrases++;
	c->nphrases++;
	return GLOSSA_OK;
}

/*
 * Add phrase p, whose common prefix with the next phrase is after bytes
 * long: the nodes of the prefixes it shares with the next phrase but not
 * with the one before, then a leaf for it unless it ends at the last of
 * them (then it is a prefix of the next).
 */
static glossa_status_t trie_add(struct glossa_gloss_cache *c,
				const struct pending *p, size_t after)
{
	size_t d = p->before, deepest = after > d ? after : d;

	for (; d < after; d++)
		if (trie_node(c, d + 1, p->s[d]))
			return GLOSSA_NOMEM;
	if (p->len > deepest) {
		d = deepest + 1;
		if (trie_node(c, d, p->s[deepest]))
			return GLOSSA_NOMEM;
	}
	return trie_end(c, d, p);
}

/* Trim the levels, close their first, count their phrases; -1 if a level
 * is out of memory for its rank. */
static int trie_finish(struct glossa_gloss_cache *c)
{
	size_t base = 0;

	for (size_t d = 0; d < c->nlevels; d++) {
		struct trie_level *l = &c->level[d];
		size_t words = l->n / 64 + 1, total = 0;

		trim(&l->label, l->n, 1);
		trim(&l->first, l->n + 1, sizeof(*l->first));
		trim(&l->term, words, sizeof(*l->term));
		trim(&l->rec, l->reclen, 1);
		trim(&l->sample, (l->nphrases + REC_STEP - 1) / REC_STEP,
		     sizeof(*l->sample));
		l->ncap = l->reccap = l->samplecap = 0;
		if (!l->n)
			continue;
		l->first[l->n] =
			d + 1 < c->nlevels ? (uint32_t)c->level[d + 1].n : 0;
		l->base = base;
		base += l->nphrases;
		if (!(l->rank = malloc(words * sizeof(*l->rank))))
			return -1;
		for (size_t w = 0; w < words; w++) {
			l->rank[w] = (uint32_t)total;
			total += (size_t)__builtin_popcountll(l->term[w]);
		}
	}
	trim(&c->level, c->nlevels, sizeof(*c->level));
	c->levelcap = c->nlevels;
	if (c->nlevels > 1)
		for (size_t v = 0; v < c->level[1].n; v++)
			c->root[c->level[1].label[v]] = (uint32_t)v + 1;
	return 0;
}

/*
 * Build the trie from every gloss phrase of positive id, read in byte
 * order along the index annotation_phrase: the rows of a phrase come
 * together, newest first, and a phrase goes into the trie once the next
 * one is read, which tells the prefix they share. At most max rows a
 * call; *done is set once the trie is whole. Between calls the
 * statement stays open, and so does its read transaction: a write on
 * this handle stops the build first (glossa_gloss_cache_stop()).
 */
static glossa_status_t trie_build(glossa_db_t *db,
				  struct glossa_gloss_cache *c, size_t max,
				  int *done)
{
	struct pending *p = &c->p;
	glossa_status_t st = GLOSSA_OK;
	int rc = SQLITE_ROW;

	*done = 0;
	if (!c->build) {
		c->build = glossa_db_prepare(
			db, "SELECT CAST(phrase AS BLOB) AS p, id, article_id"
			    " FROM annotation WHERE kind = 'gloss' AND id > 0"
			    " ORDER BY phrase, id DESC"); /* annotation_phrase */
		if (!c->build)
			return db->status;
		if (trie_node(c, 0, 0)) /* the root */
			return GLOSSA_NOMEM;
	}
	for (size_t k = 0; k < max && (rc = sqlite3_step(c->build)) ==
					      SQLITE_ROW;
	     k++) {
		const unsigned char *s = sqlite3_column_blob(c->build, 0);
		size_t len = (size_t)sqlite3_column_bytes(c->build, 0);
		size_t same = 0;
		int64_t id = sqlite3_column_int64(c->build, 1);
		int64_t art = sqlite3_column_int64(c->build, 2);

		if (!len)
			continue;
		if (!s)
			return GLOSSA_NOMEM;
		if (p->len) {
			while (same < len && same < p->len &&
			       s[same] == p->s[same])
				same++;
			if (same == len && same == p->len) {
				if (!p->id2 && art != p->article) {
					p->id2 = id;
					p->article2 = art;
				}
				continue;
			}
			if (same == len ||
			    (same < p->len && s[same] < p->s[same])) {
				glossa_db_set_error(
					db, "reading glosses: the phrases"
					    " are out of order");
				return db->status = GLOSSA_CORRUPT;
			}
			if ((st = trie_add(c, p, same)) != GLOSSA_OK)
				return st;
		}
		if (grow(&p->s, &p->cap, len, 1))
			return GLOSSA_NOMEM;
		memcpy(p->s, s, len);
		p->len = len;
		p->before = same;
		p->id = id;
		p->article = art;
		p->id2 = p->article2 = 0;
	}
	if (rc == SQLITE_ROW)
		return GLOSSA_OK; /* more to read */
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "reading glosses");
	sqlite3_finalize(c->build);
	c->build = NULL;
	if (p->len && (st = trie_add(c, p, 0)) != GLOSSA_OK)
		return st;
	free(p->s);
	memset(p, 0, sizeof(*p));
	if (trie_finish(c))
		return GLOSSA_NOMEM;
	*done = 1;
	return GLOSSA_OK;
}

/* Phrase k's record on level l: its tail (*len bytes), followed by the
 * ids. */
static const unsigned char *trie_record(const struct trie_level *l, size_t k,
					size_t *len)
{
	const unsigned char *p = l->rec + l->sample[k / REC_STEP];
	uint64_t v;

	for (size_t i = k % REC_STEP; i > 0; i--) {
		p = get_varint(p, &v);
		p = skip_varint(skip_varint(p + v));
		p = get_varint(p, &v);
		if (v)
			p = skip_varint(p);
	}
	p = get_varint(p, &v);
	*len = (size_t)v;
	return p;
}

/*
 * Bring db->gloss_cache up to date with the annotation table, reading at
 * most max rows (SIZE_MAX: all) of the build; *done is set once it is.
 */
static glossa_status_t gloss_cache_step(glossa_db_t *db, size_t max,
					int *done)
{
	struct glossa_gloss_cache *c = db->gloss_cache;
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int64_t version;
	int rc;

	*done = 0;
	if (!c) {
		if (!(c = calloc(1, sizeof(*c))))
			return GLOSSA_NOMEM;
		db->gloss_cache = c;
		sqlite3_update_hook(db->sql, gloss_changed, c);
	}
	if (!c->build) {
		if (!(stmt = glossa_db_prepare(db, "PRAGMA data_version")))
			return db->status;
		rc = sqlite3_step(stmt);
		version = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW)
			return glossa_db_fail(db, rc, "reading glosses");
		if (c->built && c->built_changes == c->changes &&
		    c->built_version == version) {
			*done = 1;
			return GLOSSA_OK;
		}
		trie_clear(c);
		c->built_changes = c->changes;
		c->built_version = version;
	}
	st = trie_build(db, c, max, done);
	if (st != GLOSSA_OK) {
		trie_clear(c);
		return st;
	}
	/* inside a transaction, what was read may yet be rolled back, which
	 * the update hook does not tell */
	if (*done)
		c->built = sqlite3_get_autocommit(db->sql) != 0;
	return GLOSSA_OK;
}

static glossa_status_t gloss_cache_update(glossa_db_t *db)
{
	int done;

	return gloss_cache_step(db, SIZE_MAX, &done);
}

glossa_status_t glossa_glosses_prepare(glossa_db_t *db, int *done)
{
	size_t rows = db->trie_step_rows ? db->trie_step_rows
					 : GLOSSA_TRIE_STEP_ROWS;
	glossa_status_t st = gloss_cache_step(db, rows, done);

	if (st == GLOSSA_NOMEM)
		glossa_db_fail(db, SQLITE_NOMEM, "finding glosses");
	return st;
}

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

	ids = get_varint(get_varint(ids, &id), &art);
	if ((int64_t)art == article) {
		ids = get_varint(ids, &id);
		if (!id) {
			free(p);
			return 0;
		}
		get_varint(ids, &art);
	}
	if (grow(&h->v, &h->cap, h->n + 1, sizeof(*h->v))) {
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
	tail = trie_record(l, k, &tlen);
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

	if (grow(stack, cap, 1, sizeof(**stack)))
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
			if (grow(stack, cap, n + 1, sizeof(**stack)))
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
	glossa_status_t st = gloss_cache_update(db);

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
		glossa_db_fail(db, SQLITE_NOMEM, "finding glosses");
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
	stmt = glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?");
	if (!stmt)
		return db->status;
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
	stmt = glossa_db_prepare(db, "SELECT 1 FROM article WHERE id = ?");
	if (!stmt)
		return db->status;
	if ((st = article_row(db, stmt, article_id)) != GLOSSA_OK)
		return st == GLOSSA_NOT_FOUND ? GLOSSA_OK : st;
	st = glosses_in(db, article_id, body, strlen(body), out, n);
	sqlite3_finalize(stmt);
	return st;
}
