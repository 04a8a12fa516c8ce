/*
 * match.c: where a text matches the query and the glossed phrases
 * (match.h).
 *
 * The query's matches come from the search's own tokenizer (tokenizer.c),
 * run as FTS5 runs it: the text is tokenized as FTS5's highlight() reads
 * a document (FTS5_TOKENIZE_AUX: the stems, the marked stems and the
 * words as written, colocated, with their byte offsets), and each term
 * as glossa_query_fts() writes it (query.h's forms, with their marks) is
 * tokenized as FTS5 reads a query. A term matches where its tokens stand
 * at consecutive positions, one of the colocated tokens of a position
 * equal to one of the term's (FTS5's phrase rule); a prefix compares the
 * beginning of a token. So n/N and the search cannot disagree on what a
 * word, a stem or a fold is. Two places stand in for tokens that AUX mode
 * does not give: a short prefix (SHORT_PREFIX) matches a word that starts
 * with it, as the word's prefix tokens do in the index (a marked stem
 * never); a long prefix that search.c writes as the OR of the words it
 * starts matches as FTS5's prefix of the word.
 *
 * The phrases are a byte trie of their folded bytes (glossa_fold()), its
 * edges in one open-addressing table, walked from each byte of the
 * folded text; glossa_phrase_bounds() checks the word boundaries.
 *
 * Exports the glossa_matcher_* calls of match.h.
 */
#include "glossa/match.h"

#include <ctype.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/text.h"
#include "query.h"
#include "tokenizer.h"

/* A query text's tokens as FTS5 reads them: a position is a run of
 * colocated tokens, any of which may match. */
struct tok {
	int off, len; /* bytes in the arena */
	int start, end;
	int pos;
};

/* The tokens of one call, their bytes in one arena. */
struct toks {
	struct tok *v;
	size_t n, cap;
	char *bytes;
	size_t nbytes, capbytes;
	int pos; /* the position of the last token, -1 before the first */
	int nomem;
};

enum prefix_kind {
	PX_NONE,
	PX_FTS,  /* FTS5's prefix query: a token that starts so */
	PX_SHORT /* a prefix token: a word that starts so */
};

/* One way a term matches: a phrase of positions, alternatives of each. */
struct alt {
	struct toks t;
	int npos;
	enum prefix_kind prefix;
};

struct qterm {
	struct alt *alt;
	size_t nalt;
	glossa_qfield_t field;
	int excluded, or_next;
};

struct trie {
	uint64_t *key; /* (node << 8 | byte) + 1; 0: empty */
	uint32_t *child;
	uint32_t *rank; /* per node: the first phrase ending there, or -1 */
	size_t mask, nnodes;
	size_t nphrases;
	size_t longest; /* bytes */
};

struct glossa_matcher {
	sqlite3 *sql;
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
	struct qterm *terms;
	size_t nterms;
	int notes_only;
	int longest; /* positions in the longest phrase of a term */
	struct trie trie;
};

static int toks_cb(void *ctx, int flags, const char *s, int n, int start,
                   int end)
{
	struct toks *t = ctx;

	if (n < 0 || start < 0 || end < start)
		return SQLITE_ERROR;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct tok *v = realloc(t->v, cap * sizeof(*v));

		if (!v) {
			t->nomem = 1;
			return SQLITE_NOMEM;
		}
		t->v = v;
		t->cap = cap;
	}
	if (t->nbytes + (size_t)n > t->capbytes) {
		size_t cap = t->capbytes ? t->capbytes : 1024;
		char *b;

		while (cap < t->nbytes + (size_t)n)
			cap *= 2;
		if (!(b = realloc(t->bytes, cap))) {
			t->nomem = 1;
			return SQLITE_NOMEM;
		}
		t->bytes = b;
		t->capbytes = cap;
	}
	if (!(flags & FTS5_TOKEN_COLOCATED) || t->pos < 0)
		t->pos++;
	memcpy(t->bytes + t->nbytes, s, (size_t)n);
	t->v[t->n++] = (struct tok){(int)t->nbytes, n, start, end, t->pos};
	t->nbytes += (size_t)n;
	return SQLITE_OK;
}

static void toks_free(struct toks *t)
{
	free(t->v);
	free(t->bytes);
}

/* Tokenize s (n bytes) with flags into *t (emptied first); an SQLite
 * result code. */
static int tokenize(glossa_matcher_t *m, int flags, const char *s, size_t n,
                    struct toks *t)
{
	int rc;

	t->n = 0;
	t->nbytes = 0;
	t->pos = -1;
	t->nomem = 0;
	if (n > INT_MAX / 2)
		return SQLITE_TOOBIG;
	rc = m->api.xTokenize(m->tok, t, flags, s, (int)n, toks_cb);
	return t->nomem ? SQLITE_NOMEM : rc;
}

/* Add the alternative that mark + text tokenized as a query gives. */
static glossa_status_t add_alt(glossa_matcher_t *m, struct qterm *q, char mark,
                               const char *text, int fts_prefix,
                               enum prefix_kind kind)
{
	size_t len = strlen(text), n = len + (mark ? 1 : 0);
	char *s = malloc(n + 1);
	struct alt *grown, *a;
	int rc, flags = FTS5_TOKENIZE_QUERY;

	if (!s)
		return GLOSSA_NOMEM;
	if (mark)
		s[0] = mark;
	memcpy(s + (mark ? 1 : 0), text, len + 1);
	grown = realloc(q->alt, (q->nalt + 1) * sizeof(*q->alt));
	if (!grown) {
		free(s);
		return GLOSSA_NOMEM;
	}
	q->alt = grown;
	a = &q->alt[q->nalt];
	memset(a, 0, sizeof(*a));
	if (fts_prefix)
		flags |= FTS5_TOKENIZE_PREFIX;
	rc = tokenize(m, flags, s, n, &a->t);
	free(s);
	if (rc != SQLITE_OK) {
		toks_free(&a->t);
		return rc == SQLITE_NOMEM ? GLOSSA_NOMEM : GLOSSA_ERROR;
	}
	if (a->t.n == 0) {
		toks_free(&a->t);
		return GLOSSA_OK; /* no token: FTS5 matches nothing */
	}
	if (kind == PX_SHORT) {
		/* "\x01abc": the prefix token's text, without its mark */
		for (size_t i = 0; i < a->t.n; i++)
			if (a->t.v[i].len > 0 &&
			    a->t.bytes[a->t.v[i].off] == GLOSSA_PREFIX_MARK) {
				a->t.v[i].off++;
				a->t.v[i].len--;
			}
	}
	a->npos = a->t.v[a->t.n - 1].pos + 1;
	a->prefix = kind;
	q->nalt++;
	if (a->npos > m->longest)
		m->longest = a->npos;
	return GLOSSA_OK;
}

/* Compile term t as glossa_query_fts() writes it (query.h). */
static glossa_status_t compile(glossa_matcher_t *m, const glossa_query_term_t *t,
                               struct qterm *q)
{
	glossa_status_t st = GLOSSA_OK;

	q->field = t->field;
	q->excluded = t->excluded;
	q->or_next = t->or_next;
	switch (glossa_query_term_form(t)) {
	case GLOSSA_TERM_TAG:
		break; /* only in the tags, never in a title or a body */
	case GLOSSA_TERM_SHORT_PREFIX:
		st = add_alt(m, q, GLOSSA_PREFIX_MARK, t->text, 0, PX_SHORT);
		break;
	case GLOSSA_TERM_WORD:
		st = add_alt(m, q, GLOSSA_BARE_MARK, t->text, 0, PX_NONE);
		if (st == GLOSSA_OK)
			st = add_alt(m, q, GLOSSA_STEM_MARK, t->text, 0,
			             PX_NONE);
		break;
	case GLOSSA_TERM_EXACT:
		st = add_alt(m, q, GLOSSA_EXACT_MARK, t->text, 0,
		             t->prefix ? PX_FTS : PX_NONE);
		break;
	case GLOSSA_TERM_TEXT:
		st = add_alt(m, q, 0, t->text, t->prefix,
		             t->prefix ? PX_FTS : PX_NONE);
		break;
	}
	return st;
}

static void trie_free(struct trie *t)
{
	free(t->key);
	free(t->child);
	free(t->rank);
	memset(t, 0, sizeof(*t));
}

void glossa_matcher_free(glossa_matcher_t *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nterms; i++) {
		for (size_t j = 0; j < m->terms[i].nalt; j++)
			toks_free(&m->terms[i].alt[j].t);
		free(m->terms[i].alt);
	}
	free(m->terms);
	trie_free(&m->trie);
	if (m->tok)
		m->api.xDelete(m->tok);
	sqlite3_close(m->sql);
	free(m);
}

/* The "glossa" tokenizer, from a private in-memory connection. */
static glossa_status_t open_tokenizer(glossa_matcher_t *m)
{
	void *udata = NULL;
	fts5_api *api;

	if (sqlite3_open_v2(":memory:", &m->sql,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                        SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK)
		return GLOSSA_ERROR;
	if (glossa_tokenizer_register(m->sql, NULL) != SQLITE_OK ||
	    !(api = glossa_fts5_api(m->sql)) ||
	    api->xFindTokenizer(api, GLOSSA_TOKENIZER_NAME, &udata, &m->api) !=
	        SQLITE_OK ||
	    m->api.xCreate(udata, NULL, 0, &m->tok) != SQLITE_OK) {
		m->tok = NULL;
		return GLOSSA_ERROR;
	}
	return GLOSSA_OK;
}

glossa_status_t glossa_matcher_new(const char *query, char **errmsg,
                                   glossa_matcher_t **out)
{
	glossa_matcher_t *m;
	glossa_query_t q;
	glossa_status_t st;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	st = glossa_query_parse(query ? query : "", &q, errmsg);
	if (st != GLOSSA_OK)
		return st;
	if (!(m = calloc(1, sizeof(*m)))) {
		glossa_query_clear(&q);
		return GLOSSA_NOMEM;
	}
	/* no terms, no tokenizer: a matcher of phrases costs no SQLite */
	if (q.nterms)
		st = open_tokenizer(m);
	m->notes_only = q.notes_only;
	if (st == GLOSSA_OK && q.nterms &&
	    !(m->terms = calloc(q.nterms, sizeof(*m->terms))))
		st = GLOSSA_NOMEM;
	for (size_t i = 0; st == GLOSSA_OK && i < q.nterms; i++) {
		st = compile(m, &q.terms[i], &m->terms[i]);
		m->nterms = i + 1;
	}
	glossa_query_clear(&q);
	if (st != GLOSSA_OK) {
		glossa_matcher_free(m);
		return st;
	}
	*out = m;
	return GLOSSA_OK;
}

int glossa_matcher_has_query(const glossa_matcher_t *m)
{
	if (!m || m->notes_only)
		return 0;
	for (size_t i = 0; i < m->nterms; i++)
		if (!m->terms[i].excluded && m->terms[i].nalt &&
		    (m->terms[i].field == GLOSSA_QFIELD_ANY ||
		     m->terms[i].field == GLOSSA_QFIELD_TITLE))
			return 1;
	return 0;
}

/* --- The query ------------------------------------------------------- */

/* Does document token d match query token q (of an alternative whose
 * last position may be a prefix)? */
static int tok_match(const struct toks *doc, const struct tok *d,
                     const struct toks *qt, const struct tok *q,
                     enum prefix_kind prefix)
{
	const char *db = doc->bytes + d->off, *qb = qt->bytes + q->off;

	if (prefix == PX_NONE)
		return d->len == q->len && memcmp(db, qb, (size_t)q->len) == 0;
	if (prefix == PX_SHORT && d->len > 0 && db[0] == GLOSSA_STEM_MARK)
		return 0; /* prefix tokens are the words' alone */
	return d->len >= q->len && memcmp(db, qb, (size_t)q->len) == 0;
}

/*
 * Does alternative a match at document position p (tokens from index
 * first[p])? *start and *end receive the bytes of the match: from the
 * matching token of the first position to that of the last.
 */
static int alt_at(const struct toks *doc, const size_t *first, int npos,
                  int p, const struct alt *a, int *start, int *end)
{
	size_t qi = 0;

	if (p + a->npos > npos)
		return 0;
	for (int k = 0; k < a->npos; k++) {
		enum prefix_kind px = k == a->npos - 1 ? a->prefix : PX_NONE;
		size_t qe = qi, found = SIZE_MAX;

		while (qe < a->t.n && a->t.v[qe].pos == k)
			qe++;
		for (size_t di = first[p + k];
		     found == SIZE_MAX && di < first[p + k + 1]; di++)
			for (size_t j = qi; j < qe; j++)
				if (tok_match(doc, &doc->v[di], &a->t,
				              &a->t.v[j], px)) {
					found = di;
					break;
				}
		if (found == SIZE_MAX)
			return 0;
		if (k == 0)
			*start = doc->v[found].start;
		*end = doc->v[found].end;
		qi = qe;
	}
	return 1;
}

/* Where a window from to (>= to) ends: after an ASCII blank, at least
 * ext bytes on, or at len. */
static size_t window_end(const char *text, size_t len, size_t to, size_t ext)
{
	size_t e = to + ext < len ? to + ext : len;

	while (e < len && !isspace((unsigned char)text[e - 1]))
		e++;
	return e;
}

static int cmp_match(const void *a, const void *b)
{
	const glossa_match_t *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start ? 1
	       : x->end < y->end   ? -1
	       : x->end > y->end   ? 1
	                           : 0;
}

/* Whether term t can match in a text of field f. */
static int in_field(const struct qterm *t, glossa_qfield_t f)
{
	return t->field == GLOSSA_QFIELD_ANY ||
	       (t->field == GLOSSA_QFIELD_TITLE && f == GLOSSA_QFIELD_TITLE);
}

glossa_status_t glossa_matcher_query(glossa_matcher_t *m, glossa_qfield_t field,
                                     const char *text, size_t len, size_t from,
                                     size_t to, glossa_match_t **out,
                                     size_t *n, int *all)
{
	struct toks doc = {0};
	glossa_match_t *v = NULL;
	size_t nv = 0, cap = 0, *first = NULL, e, ext = 256;
	char *found = NULL;
	int npos = 0, rc, usable = 0;
	glossa_status_t st = GLOSSA_OK;

	*out = NULL;
	*n = 0;
	if (all)
		*all = 0;
	if (to > len)
		to = len;
	if (!m || m->notes_only || !m->nterms || from >= to)
		return GLOSSA_OK;
	for (size_t t = 0; t < m->nterms; t++)
		usable |= in_field(&m->terms[t], field) && m->terms[t].nalt;
	/* the window: [from, to) and as many positions past to as the
	 * longest phrase may need (no term that can match here: none) */
	for (; usable;) {
		size_t after = 0;

		e = m->longest > 1 ? window_end(text, len, to, ext) : to;
		rc = tokenize(m, FTS5_TOKENIZE_AUX, text + from, e - from,
		              &doc);
		if (rc != SQLITE_OK) {
			st = rc == SQLITE_NOMEM ? GLOSSA_NOMEM : GLOSSA_ERROR;
			goto out;
		}
		for (size_t i = 0; i < doc.n; i++)
			if (!(i > 0 && doc.v[i].pos == doc.v[i - 1].pos) &&
			    (size_t)doc.v[i].start >= to - from)
				after++;
		if (e >= len || after + 1 >= (size_t)m->longest)
			break;
		ext *= 4;
	}
	npos = doc.n ? doc.v[doc.n - 1].pos + 1 : 0;
	first = malloc(((size_t)npos + 1) * sizeof(*first));
	found = calloc(m->nterms, 1);
	if (!first || !found) {
		st = GLOSSA_NOMEM;
		goto out;
	}
	for (size_t i = doc.n; i-- > 0;)
		first[doc.v[i].pos] = i;
	first[npos] = doc.n;
	for (int p = 0; p < npos; p++) {
		if ((size_t)doc.v[first[p]].start >= to - from)
			break;
		for (size_t t = 0; t < m->nterms; t++) {
			const struct qterm *q = &m->terms[t];

			if (!in_field(q, field))
				continue;
			for (size_t k = 0; k < q->nalt; k++) {
				int s = 0, en = 0;

				if (!alt_at(&doc, first, npos, p, &q->alt[k],
				            &s, &en))
					continue;
				found[t] = 1;
				if (q->excluded)
					break;
				if (nv == cap) {
					size_t c = cap ? 2 * cap : 64;
					glossa_match_t *g =
					    realloc(v, c * sizeof(*v));
					if (!g) {
						st = GLOSSA_NOMEM;
						goto out;
					}
					v = g;
					cap = c;
				}
				v[nv++] = (glossa_match_t){
				    from + (size_t)s, from + (size_t)en,
				    GLOSSA_MATCH_QUERY};
				break;
			}
		}
	}
	if (nv > 1) {
		size_t k = 0;

		qsort(v, nv, sizeof(*v), cmp_match);
		for (size_t i = 1; i < nv; i++) {
			if (v[i].start < v[k].end) {
				if (v[i].end > v[k].end)
					v[k].end = v[i].end;
			} else {
				v[++k] = v[i];
			}
		}
		nv = k + 1;
	}
	if (all) {
		/* every positive term or OR group found, no excluded one */
		int ok = 1, group = 0, any = 0;

		for (size_t t = 0; t < m->nterms; t++) {
			const struct qterm *q = &m->terms[t];

			if (q->excluded) {
				if (found[t])
					ok = 0;
				continue;
			}
			any |= found[t];
			group = 1;
			if (!q->or_next) {
				if (!any)
					ok = 0;
				any = group = 0;
			}
		}
		*all = ok && !group;
	}
	*out = v;
	*n = nv;
	v = NULL;
out:
	free(v);
	free(first);
	free(found);
	toks_free(&doc);
	return st;
}

/* --- The phrases ----------------------------------------------------- */

static size_t trie_slot(const struct trie *t, uint64_t key)
{
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & t->mask;

	while (t->key[h] && t->key[h] != key)
		h = (h + 1) & t->mask;
	return h;
}

glossa_status_t glossa_matcher_set_phrases(glossa_matcher_t *m,
                                           const char *const *phrases,
                                           size_t n)
{
	struct trie t = {0};
	size_t total = 1, size = 64, longest = 0;
	char *folded;

	trie_free(&m->trie);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(phrases[i]);
		total += l;
		if (l > longest)
			longest = l;
	}
	while (size < 2 * total)
		size *= 2;
	t.mask = size - 1;
	t.key = calloc(size, sizeof(*t.key));
	t.child = malloc(size * sizeof(*t.child));
	t.rank = malloc(total * sizeof(*t.rank));
	folded = malloc(longest + 1);
	if (!t.key || !t.child || !t.rank || !folded) {
		free(folded);
		trie_free(&t);
		return GLOSSA_NOMEM;
	}
	t.rank[0] = UINT32_MAX;
	t.nnodes = 1;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)folded;
		size_t l = strlen(phrases[i]);
		uint32_t node = 0;

		if (!l)
			continue;
		glossa_fold(phrases[i], l, folded);
		folded[l] = '\0';
		for (; *p; p++) {
			uint64_t key = ((uint64_t)node << 8 | *p) + 1;
			size_t h = trie_slot(&t, key);

			if (!t.key[h]) {
				t.key[h] = key;
				t.child[h] = (uint32_t)t.nnodes;
				t.rank[t.nnodes++] = UINT32_MAX;
			}
			node = t.child[h];
		}
		/* phrases that fold alike end at one node: the first */
		if (t.rank[node] == UINT32_MAX)
			t.rank[node] = (uint32_t)i;
	}
	free(folded);
	t.nphrases = n;
	t.longest = longest;
	m->trie = t;
	return GLOSSA_OK;
}

glossa_status_t glossa_matcher_phrases(const glossa_matcher_t *m,
                                       const char *text, size_t len,
                                       size_t from, size_t to,
                                       glossa_match_t **out, size_t *nout)
{
	const struct trie *t = &m->trie;
	glossa_match_t *v = NULL, *sorted;
	size_t nv = 0, cap = 0, *count, end;
	char *f;

	*out = NULL;
	*nout = 0;
	if (to > len)
		to = len;
	if (t->nnodes < 2 || to <= from)
		return GLOSSA_OK;
	/* the folded text as far as an occurrence from before to reaches
	 * (folding keeps every byte offset) */
	end = len - to > t->longest ? to + t->longest : len;
	if (!(f = malloc(end - from)))
		return GLOSSA_NOMEM;
	glossa_fold(text + from, end - from, f); /* f[j - from]: text[j] */
	for (size_t i = from; i < to; i++) {
		uint32_t node = 0;

		/* no phrase starts inside an ASCII word (its first letter
		 * would need a boundary before it) */
		if (i > 0 && (unsigned char)text[i] < 0x80 &&
		    (unsigned char)text[i - 1] < 0x80 &&
		    isalnum((unsigned char)text[i]) &&
		    isalnum((unsigned char)text[i - 1]))
			continue;
		for (size_t j = i; j < end; j++) {
			uint64_t key =
			    ((uint64_t)node << 8 | (unsigned char)f[j - from]) +
			    1;
			size_t h = trie_slot(t, key);

			if (!t->key[h])
				break;
			node = t->child[h];
			if (t->rank[node] == UINT32_MAX ||
			    !glossa_phrase_bounds(text, len, i, j + 1))
				continue;
			if (nv == cap) {
				size_t c = cap ? 2 * cap : 64;
				glossa_match_t *g = realloc(v, c * sizeof(*v));
				if (!g) {
					free(f);
					free(v);
					return GLOSSA_NOMEM;
				}
				v = g;
				cap = c;
			}
			v[nv++] = (glossa_match_t){i, j + 1, t->rank[node]};
		}
	}
	free(f);
	if (nv < 2) {
		*out = v;
		*nout = nv;
		return GLOSSA_OK;
	}
	/* found in offset order: a stable counting sort by phrase */
	sorted = malloc(nv * sizeof(*sorted));
	count = calloc(t->nphrases + 1, sizeof(*count));
	if (!sorted || !count) {
		free(sorted);
		free(count);
		free(v);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < nv; i++)
		count[v[i].what + 1]++;
	for (size_t r = 1; r <= t->nphrases; r++)
		count[r] += count[r - 1];
	for (size_t i = 0; i < nv; i++)
		sorted[count[v[i].what]++] = v[i];
	free(v);
	free(count);
	*out = sorted;
	*nout = nv;
	return GLOSSA_OK;
}
