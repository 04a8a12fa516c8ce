/*
 * trie.c: building the phrase trie, every glossed phrase of the archive
 * kept on the handle (its layout: trie.h), a step at a time or whole.
 *
 * Exported: glossa_glosses_prepare, glossa_gloss_cache_free and
 * glossa_gloss_cache_stop of db.h, and the functions of trie.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"
#include "trie.h"


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

const unsigned char *glossa_trie_varint(const unsigned char *p, uint64_t *v)
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
int glossa_trie_grow(void *p, size_t *cap, size_t n, size_t size)
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
		if (glossa_trie_grow(&c->level, &c->levelcap, d + 1,
				     sizeof(*c->level)))
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
		if (glossa_trie_grow(&l->sample, &l->samplecap,
				     l->nphrases / REC_STEP + 1,
				     sizeof(*l->sample)))
			return GLOSSA_NOMEM;
		l->sample[l->nphrases / REC_STEP] = (uint32_t)l->reclen;
	}
	if (glossa_trie_grow(&l->rec, &l->reccap, l->reclen + tlen + 50, 1) ||
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
			    " ORDER BY phrase, id DESC",
			    &st); /* annotation_phrase */
		if (!c->build)
			return st;
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
				return glossa_db_error(db, GLOSSA_CORRUPT,
						       "reading glosses: the"
						       " phrases are out of"
						       " order");
			}
			if ((st = trie_add(c, p, same)) != GLOSSA_OK)
				return st;
		}
		if (glossa_trie_grow(&p->s, &p->cap, len, 1))
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
const unsigned char *glossa_trie_record(const struct trie_level *l,
					size_t k, size_t *len)
{
	const unsigned char *p = l->rec + l->sample[k / REC_STEP];
	uint64_t v;

	for (size_t i = k % REC_STEP; i > 0; i--) {
		p = glossa_trie_varint(p, &v);
		p = skip_varint(skip_varint(p + v));
		p = glossa_trie_varint(p, &v);
		if (v)
			p = skip_varint(p);
	}
	p = glossa_trie_varint(p, &v);
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
		if (!(stmt = glossa_db_prepare(db, "PRAGMA data_version", &st)))
			return st;
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

glossa_status_t glossa_trie_update(glossa_db_t *db)
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
		glossa_db_error(db, st, "finding glosses: out of memory");
	return st;
}
