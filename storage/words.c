/*
 * words.c: the words (non-CJK tokens) that a connection's documents gave
 * the tokenizer since the archive's list of words was last brought up
 * to date: a hash set with linear probing over an arena of their bytes.
 *
 * Exports the glossa_words_* calls (tokenizer.h).
 */
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

/* A word in the set: its hash, its bytes (offset in the arena), length. */
struct word_slot {
	unsigned hash;
	unsigned len; /* 0: a free slot */
	size_t off;
};

/* The words documents gave since the last glossa_words_flush(): a hash
 * set with linear probing over an arena of their bytes. One a connection,
 * the tokenizers' user data. */
struct glossa_words {
	fts5_api *api;
	struct word_slot *slot;
	size_t nslot; /* a power of two, or 0 */
	size_t n;
	char *bytes;
	size_t nbytes;
	size_t capbytes;
};

struct glossa_words *glossa_words_new(fts5_api *api)
{
	struct glossa_words *w = calloc(1, sizeof(*w));

	if (w)
		w->api = api;
	return w;
}

fts5_api *glossa_words_api(const struct glossa_words *w)
{
	return w->api;
}

static unsigned word_hash(const char *s, int n)
{
	unsigned h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Put slot x in its place in the table (which has room). */
static void words_place(struct glossa_words *w, struct word_slot x)
{
	size_t mask = w->nslot - 1, i;

	for (i = x.hash & mask; w->slot[i].len; i = (i + 1) & mask)
		;
	w->slot[i] = x;
}

int glossa_words_add(struct glossa_words *w, const char *s, int n)
{
	unsigned h;
	size_t mask, i;

	if (n <= 0)
		return SQLITE_OK;
	if (n > GLOSSA_FTS5_TOKEN_MAX)
		n = GLOSSA_FTS5_TOKEN_MAX;
	h = word_hash(s, n);
	if ((w->n + 1) * 2 > w->nslot) {
		size_t nslot = w->nslot ? w->nslot * 2 : 1024, old = w->nslot;
		struct word_slot *prev = w->slot;

		if (!(w->slot = calloc(nslot, sizeof(*w->slot)))) {
			w->slot = prev;
			return SQLITE_NOMEM;
		}
		w->nslot = nslot;
		for (i = 0; i < old; i++)
			if (prev[i].len)
				words_place(w, prev[i]);
		free(prev);
	}
	mask = w->nslot - 1;
	for (i = h & mask; w->slot[i].len; i = (i + 1) & mask)
		if (w->slot[i].hash == h && w->slot[i].len == (unsigned)n &&
		    memcmp(w->bytes + w->slot[i].off, s, n) == 0)
			return SQLITE_OK;
	if (w->nbytes + n > w->capbytes) {
		size_t cap = w->capbytes ? w->capbytes : 16384;
		char *bytes;

		while (cap < w->nbytes + n)
			cap *= 2;
		if (!(bytes = realloc(w->bytes, cap)))
			return SQLITE_NOMEM;
		w->bytes = bytes;
		w->capbytes = cap;
	}
	memcpy(w->bytes + w->nbytes, s, n);
	w->slot[i] = (struct word_slot){h, (unsigned)n, w->nbytes};
	w->nbytes += n;
	w->n++;
	return SQLITE_OK;
}

void glossa_words_free(void *p)
{
	struct glossa_words *w = p;

	free(w->slot);
	free(w->bytes);
	free(w);
}

int glossa_words_flush(struct glossa_words *w,
                       int (*fn)(void *ctx, const char *word, int n), void *ctx)
{
	int rc = SQLITE_OK;

	if (!w)
		return SQLITE_OK;
	for (size_t i = 0; fn && rc == SQLITE_OK && i < w->nslot; i++)
		if (w->slot[i].len)
			rc = fn(ctx, w->bytes + w->slot[i].off,
			        (int)w->slot[i].len);
	if (rc == SQLITE_OK) {
		free(w->slot);
		w->slot = NULL;
		w->nslot = 0;
		w->n = 0;
		w->nbytes = 0;
	}
	return rc;
}
