/*
 * tokenizer.c: the "glossa" FTS5 tokenizer.
 *
 * Exports glossa_tokenizer_register(), glossa_fts5_api(),
 * glossa_tokenizer_is_cjk() and glossa_tokenizer_is_word() (tokenizer.h);
 * the words it collects are kept by words.c. Text is decoded and folded one
 * character at a time; CJK runs are tokenized here, the spans between them are
 * handed to the built-in porter tokenizer over a folded copy whose byte offsets
 * are mapped back to the original text. Porter reads its words from
 * "glossa_unicode61" (TAP_NAME), unicode61 with a tap that shows each word,
 * unstemmed, to the run that porter then hands its stem to.
 */
#include "tokenizer.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/text.h"
#include "t2s.h"

/* A span longer than this is cut at the next ASCII blank. */
#define SPAN_FLUSH 65536

struct glossa_tok {
	struct glossa_words *words;
	struct tap *tap;
	/* the prefix tokens of the column value being tokenized: the slots
	 * of generation gen (see prefix_seen()), kept from call to call */
	struct prefix_slot *seen;
	int capseen;
	unsigned gen;
	fts5_tokenizer porter;
	Fts5Tokenizer *porter_tok;
	fts5_tokenizer plain;
	Fts5Tokenizer *plain_tok;
};

/* The tokenizer porter reads its words from: unicode61 with a tap. */
#define TAP_NAME "glossa_unicode61"

/* The tap of a connection (TAP_NAME's user data): the run that a word
 * unicode61 gives is shown to, while span_flush() runs porter. */
struct tap {
	fts5_api *api;
	struct run *run;
};

/* A growable byte buffer. */
struct buf {
	char *p;
	int len;
	int cap;
};

/* A prefix token in a set: the call it belongs to (another one's: a free
 * slot), its length, its bytes padded with zeros. */
struct prefix_slot {
	unsigned gen;
	unsigned char len;
	char bytes[4 * GLOSSA_PREFIX_CHARS];
};

/* A set of prefix tokens bigger than this many slots is not kept for the
 * next call (a huge column value's). */
#define PREFIX_KEEP 65536

/* One decoded character: its folded code point and its original bytes. */
struct ch {
	uint32_t cp;
	int start;
	int end;
};

/* A segment of a document that gives a tag token: where it starts and
 * ends (original bytes), its key's bytes in run.keys. */
struct seg {
	int start;
	int end;
	int off;
	int len;
};

/* The state of one xTokenize call. */
struct run {
	struct glossa_tok *tok;
	void *ctx;
	int (*xToken)(void *, int, const char *, int, int, int);
	int flags;
	int query;
	/* the CJK run so far: its length and its last character */
	int cjk_len;
	struct ch prev;
	/* the folded non-CJK span and, per byte, its original offset */
	char *buf;
	int *omap;
	int len;
	int cap;
	/* the word as unicode61 gave it to porter (see tap_cb()) */
	const char *word;
	int nword;
	/* a prefix query holds back its last word: it is searched unstemmed */
	int pending;
	struct buf pstem;
	struct buf pplain;
	int pstart;
	int pend;
	/* how many prefix tokens the document had so far (prefix_seen()) */
	int nseen;
	/* a query of one prefix token (see marked_cb()) */
	int marked;
	/* a query searched unstemmed (GLOSSA_EXACT_MARK) */
	int exact;
	/* the positions only (GLOSSA_TOKENIZE_POSITIONS) */
	int positions;
	/* a query that only counts (GLOSSA_COUNT_MARK) */
	int count;
	/* a query of bare stems (1) or marked stems (2) alone */
	int stems;
	/* a marked token being built */
	struct buf mark;
	/* a document's segments that give tag tokens, the next one */
	struct seg *seg;
	int nseg;
	int capseg;
	int iseg;
	struct buf keys;
};

static int buf_put(struct buf *b, const void *s, int n)
{
	if (n > b->cap - b->len) {
		int cap = b->cap ? b->cap : 256;
		char *p;

		while (n > cap - b->len) {
			if (cap > INT_MAX / 2)
				return SQLITE_TOOBIG;
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (!p)
			return SQLITE_NOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return SQLITE_OK;
}

/* Hand FTS5 the token mark followed by (tok, n). */
static int emit_marked(struct run *r, int flags, char mark, const char *tok,
                       int n, int start, int end)
{
	int rc;

	r->mark.len = 0;
	rc = buf_put(&r->mark, &mark, 1);
	if (rc == SQLITE_OK)
		rc = buf_put(&r->mark, tok, n);
	if (rc == SQLITE_OK)
		rc = r->xToken(r->ctx, flags, r->mark.p, r->mark.len, start,
		               end);
	return rc;
}

/*
 * A stemmed query word inside a longer text: its stem, and the word as
 * written where it differs, colocated, which FTS5 reads as alternatives
 * (the index holds words, and the stem where it is a word itself).
 */
static int emit_query_stem(struct run *r, int flags, const char *stem, int n,
                           const char *plain, int nplain, int start, int end)
{
	int rc = r->xToken(r->ctx, flags, stem, n, start, end);

	if (rc == SQLITE_OK && (nplain != n || memcmp(plain, stem, n) != 0))
		rc = r->xToken(r->ctx, FTS5_TOKEN_COLOCATED, plain, nplain,
		               start, end);
	return rc;
}

/* After a document's token at byte start: the tag token of the segment
 * it is the first token of, colocated. */
static int emit_tag(struct run *r, int start, int end)
{
	const struct seg *g;

	while (r->iseg < r->nseg && r->seg[r->iseg].end <= start)
		r->iseg++;
	if (r->iseg == r->nseg || r->seg[r->iseg].start > start)
		return SQLITE_OK;
	g = &r->seg[r->iseg++];
	return emit_marked(r, FTS5_TOKEN_COLOCATED, GLOSSA_TAG_MARK,
	                   r->keys.p + g->off, g->len, start, end);
}

/* Hand a token to FTS5, after the held-back word if there is one. */
static int emit(struct run *r, int flags, const char *tok, int n, int start,
                int end)
{
	int rc;

	if (r->pending && !(flags & FTS5_TOKEN_COLOCATED)) {
		r->pending = 0;
		rc = emit_query_stem(r, 0, r->pstem.p, r->pstem.len,
		                     r->pplain.p, r->pplain.len, r->pstart,
		                     r->pend);
		if (rc != SQLITE_OK)
			return rc;
	}
	rc = r->xToken(r->ctx, flags, tok, n, start, end);
	if (rc == SQLITE_OK && r->nseg && !(flags & FTS5_TOKEN_COLOCATED))
		rc = emit_tag(r, start, end);
	return rc;
}

/* The code points of CJK Unified Ideographs (and Extension A) that
 * glossa_t2s maps, one bit each: most Chinese text is Simplified, and
 * a bit is cheaper than a binary search for each character. */
#define T2S_BITS_FROM 0x3400
#define T2S_BITS_TO 0xA000
static unsigned char t2s_bits[(T2S_BITS_TO - T2S_BITS_FROM) / 8];
static pthread_once_t t2s_bits_once = PTHREAD_ONCE_INIT;

static void t2s_bits_init(void)
{
	for (size_t i = 0; i < sizeof(glossa_t2s) / sizeof(glossa_t2s[0]);
	     i++) {
		uint32_t cp = glossa_t2s[i][0];

		if (cp >= T2S_BITS_FROM && cp < T2S_BITS_TO)
			t2s_bits[(cp - T2S_BITS_FROM) / 8] |=
			    (unsigned char)(1u << (cp - T2S_BITS_FROM) % 8);
	}
}

/* The character glossa_t2s maps cp to, or cp. */
static uint32_t t2s_step(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(glossa_t2s) / sizeof(glossa_t2s[0]);

	if (cp < glossa_t2s[0][0])
		return cp;
	if (cp >= T2S_BITS_FROM && cp < T2S_BITS_TO &&
	    !(t2s_bits[(cp - T2S_BITS_FROM) / 8] &
	      (1u << (cp - T2S_BITS_FROM) % 8)))
		return cp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (glossa_t2s[mid][0] == cp)
			return glossa_t2s[mid][1];
		if (glossa_t2s[mid][0] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return cp;
}

/*
 * Fold cp to Simplified. Followed to the end: the table maps 薴 to 苧
 * and 苧 to 苎, and a document's 薴 must be found by a query's 苧.
 */
static uint32_t fold_t2s(uint32_t cp)
{
	uint32_t to;

	for (int k = 0; k < 4 && (to = t2s_step(cp)) != cp; k++)
		cp = to;
	return cp;
}

int glossa_tokenizer_is_cjk(uint32_t cp)
{
	if (cp < 0x1100)
		return 0;
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* Han */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Han ext. A */
	       (cp >= 0x20000 && cp <= 0x323AF) || /* Han ext. B-H, compat */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Han compatibility */
	       (cp >= 0x3005 && cp <= 0x3007) ||   /* 々 〆 〇 */
	       (cp >= 0x3021 && cp <= 0x3029) ||   /* Hangzhou numerals */
	       (cp >= 0x3031 && cp <= 0x3035) ||   /* kana repeat marks */
	       cp == 0x303B ||                     /* 〻 */
	       (cp >= 0x3041 && cp <= 0x309F) ||   /* hiragana */
	       (cp >= 0x30A1 && cp <= 0x30FA) ||   /* katakana */
	       (cp >= 0x30FC && cp <= 0x30FF) ||   /* ー ヽ ヾ ヿ */
	       (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana ext. */
	       (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* halfwidth katakana */
	       (cp >= 0x1B000 && cp <= 0x1B16F) || /* kana supplement, ext. */
	       (cp >= 0xAC00 && cp <= 0xD7A3) ||   /* hangul syllables */
	       (cp >= 0x1100 && cp <= 0x11FF) ||   /* hangul jamo */
	       (cp >= 0x3131 && cp <= 0x318E) ||   /* compatibility jamo */
	       (cp >= 0xA960 && cp <= 0xA97F) ||   /* jamo ext. A */
	       (cp >= 0xD7B0 && cp <= 0xD7FF) ||   /* jamo ext. B */
	       (cp >= 0xFFA0 && cp <= 0xFFDC);     /* halfwidth hangul */
}

/*
 * Decode the character at s[i] (n bytes in all) into *c; an invalid or
 * truncated sequence is one byte read as a blank.
 */
static void decode(const unsigned char *s, int n, int i, struct ch *c)
{
	uint32_t cp = s[i], min;
	int len, k;

	c->start = i;
	c->end = i + 1;
	if (cp < 0x80) {
		c->cp = cp;
		return;
	}
	c->cp = ' ';
	if (cp >= 0xC2 && cp <= 0xDF) {
		len = 2, cp &= 0x1F, min = 0x80;
	} else if (cp >= 0xE0 && cp <= 0xEF) {
		len = 3, cp &= 0x0F, min = 0x800;
	} else if (cp >= 0xF0 && cp <= 0xF4) {
		len = 4, cp &= 0x07, min = 0x10000;
	} else {
		return;
	}
	if (n - i < len)
		return;
	for (k = 1; k < len; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return;
		cp = cp << 6 | (s[i + k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return;
	c->cp = cp;
	c->end = i + len;
}

static int encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int emit_cjk(struct run *r, int flags, const struct ch *a,
                    const struct ch *b)
{
	char tok[8];
	int n = encode(a->cp, tok), end = a->end;

	if (b) {
		n += encode(b->cp, tok + n);
		end = b->end;
	}
	return emit(r, flags, tok, n, a->start, end);
}

/* Add CJK character c to the current run, emitting what it completes. */
static int cjk_add(struct run *r, const struct ch *c)
{
	int rc = SQLITE_OK;

	if (r->query) {
		if (r->cjk_len > 0)
			rc = emit_cjk(r, 0, &r->prev, c);
	} else {
		if (r->cjk_len > 0 && !r->positions)
			rc = emit_cjk(r, FTS5_TOKEN_COLOCATED, &r->prev, c);
		if (rc == SQLITE_OK)
			rc = emit_cjk(r, 0, c, NULL);
	}
	r->prev = *c;
	r->cjk_len++;
	return rc;
}

/* End the current CJK run: a query ends it with its last character. */
static int cjk_end(struct run *r)
{
	int rc = SQLITE_OK;

	if (r->query && r->cjk_len > 0)
		rc = emit_cjk(r, 0, &r->prev, NULL);
	r->cjk_len = 0;
	return rc;
}

/* Hold back a word of a prefix query, giving the one held before. */
static int hold(struct run *r, const char *stem, int nstem, const char *plain,
                int nplain, int start, int end)
{
	int rc = SQLITE_OK;

	if (r->pending) {
		r->pending = 0;
		rc = emit_query_stem(r, 0, r->pstem.p, r->pstem.len,
		                     r->pplain.p, r->pplain.len, r->pstart,
		                     r->pend);
	}
	r->pstem.len = 0;
	r->pplain.len = 0;
	if (rc == SQLITE_OK)
		rc = buf_put(&r->pstem, stem, nstem);
	if (rc == SQLITE_OK)
		rc = buf_put(&r->pplain, plain, nplain);
	r->pending = rc == SQLITE_OK;
	r->pstart = start;
	r->pend = end;
	return rc;
}

static unsigned prefix_hash(const char *bytes, int n)
{
	unsigned h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)bytes[i]) * 16777619u;
	return h;
}

/*
 * Whether this call emitted prefix token (bytes, n) already; if not, it is
 * added to the set. A hash set with linear probing, grown at half full;
 * its slots of another generation are free, so that a new call starts
 * with an empty set without clearing it.
 */
static int prefix_seen(struct run *r, const char *bytes, int n, int *rc)
{
	struct glossa_tok *t = r->tok;
	struct prefix_slot key = {t->gen, (unsigned char)n, {0}};
	unsigned h, mask;

	if ((r->nseen + 1) * 2 > t->capseen) {
		int old_cap = t->capseen, cap = old_cap ? old_cap * 2 : 256;
		struct prefix_slot *old = t->seen, *set;

		if (!(set = calloc((size_t)cap, sizeof(*set)))) {
			*rc = SQLITE_NOMEM;
			return 1;
		}
		mask = (unsigned)cap - 1;
		for (int i = 0; i < old_cap; i++) {
			if (old[i].gen != t->gen)
				continue;
			h = prefix_hash(old[i].bytes, old[i].len) & mask;
			while (set[h].gen == t->gen)
				h = (h + 1) & mask;
			set[h] = old[i];
		}
		free(old);
		t->seen = set;
		t->capseen = cap;
	}
	memcpy(key.bytes, bytes, n);
	mask = (unsigned)t->capseen - 1;
	for (h = prefix_hash(bytes, n) & mask; t->seen[h].gen == t->gen;
	     h = (h + 1) & mask)
		if (t->seen[h].len == n &&
		    memcmp(t->seen[h].bytes, key.bytes, sizeof(key.bytes)) == 0)
			return 1;
	t->seen[h] = key;
	r->nseen++;
	return 0;
}

/* Start an empty set of prefix tokens for a new call. */
static void prefix_reset(struct glossa_tok *t)
{
	if (t->capseen > PREFIX_KEEP) {
		free(t->seen);
		t->seen = NULL;
		t->capseen = 0;
	}
	/* generation 0 is a fresh slot's: never a call's */
	if (++t->gen == 0) {
		if (t->seen)
			memset(t->seen, 0, (size_t)t->capseen * sizeof(*t->seen));
		t->gen = 1;
	}
}

/*
 * Emit the prefix tokens of word w (its first 1 .. GLOSSA_PREFIX_CHARS
 * characters but GLOSSA_PREFIX_SKIP, GLOSSA_PREFIX_MARK before them) that
 * this column value has not had yet, colocated with the word; not the
 * word itself where it is as long as the longest, not a number's first
 * digit (tokenizer.h). The longest first: the set holds the prefixes of
 * each prefix it holds (the skipped one too), so once one is known, so are
 * the shorter ones, and a word seen before costs one lookup.
 */
static int emit_prefixes(struct run *r, const char *w, int nw, int start,
                         int end)
{
	char tok[1 + 4 * GLOSSA_PREFIX_CHARS];
	int len[GLOSSA_PREFIX_CHARS], k = 0, i = 0, rc = SQLITE_OK;
	int number = nw > 0 && w[0] >= '0' && w[0] <= '9'; /* w is folded */

	while (k < GLOSSA_PREFIX_CHARS && i < nw) {
		for (i++; i < nw && (w[i] & 0xC0) == 0x80; i++)
			;
		len[k++] = i;
	}
	if (k == 0 || i > 4 * GLOSSA_PREFIX_CHARS)
		return SQLITE_OK; /* never: w is a token, UTF-8 */
	if (k == GLOSSA_PREFIX_CHARS && i == nw)
		k--;
	tok[0] = GLOSSA_PREFIX_MARK;
	memcpy(tok + 1, w, i);
	while (rc == SQLITE_OK && k-- > 0 && !prefix_seen(r, w, len[k], &rc))
		if (k + 1 != GLOSSA_PREFIX_SKIP && !(k == 0 && number))
			rc = r->xToken(r->ctx, FTS5_TOKEN_COLOCATED, tok,
			               1 + len[k], start, end);
	return rc;
}

/*
 * Take porter's token. FTS5's highlighter and the matcher
 * (FTS5_TOKENIZE_AUX) get the marked stem and the word colocated where the
 * stem differs (match.c compares a query word's stem with them). A query
 * gets the stem and the word colocated; a prefix query holds the word back.
 * (A document's words come from doc_cb().)
 */
static int span_cb(void *p, int tflags, const char *tok, int n, int start,
                   int end)
{
	struct run *r = p;
	int nplain = r->word ? r->nword : n, differs, rc;
	const char *plain = r->word ? r->word : tok;

	if (start < 0 || end > r->len || start > end)
		return SQLITE_ERROR;
	r->word = NULL;
	start = r->omap[start];
	end = r->omap[end];
	if (r->query && (r->flags & FTS5_TOKENIZE_PREFIX))
		return hold(r, tok, n, plain, nplain, start, end);
	differs = nplain != n || memcmp(plain, tok, n) != 0;
	if (r->query && r->stems == 2)
		return emit_marked(r, tflags, GLOSSA_STEM_MARK, tok, n, start,
		                   end);
	if (r->query) {
		rc = emit(r, tflags, tok, n, start, end);
		if (rc == SQLITE_OK && !r->stems && differs)
			rc = r->xToken(r->ctx, FTS5_TOKEN_COLOCATED, plain,
			               nplain, start, end);
		return rc;
	}
	if (differs) {
		/* emit()'s work, with the mark: no pending word here */
		rc = emit_marked(r, tflags, GLOSSA_STEM_MARK, tok, n, start,
		                 end);
		if (rc == SQLITE_OK && r->nseg)
			rc = emit_tag(r, start, end);
		if (rc == SQLITE_OK)
			rc = r->xToken(r->ctx, FTS5_TOKEN_COLOCATED, plain,
			               nplain, start, end);
	} else {
		rc = emit(r, tflags, tok, n, start, end);
	}
	return rc;
}

/*
 * Take unicode61's token in a query for one prefix token: the first word
 * gives it, cut to GLOSSA_PREFIX_CHARS characters; there is no other word
 * unless query.c and unicode61 disagree on a character, and then the
 * prefix token of the first word finds more, never less.
 */
static int marked_cb(void *p, int tflags, const char *tok, int n, int start,
                     int end)
{
	struct run *r = p;
	char buf[1 + 4 * GLOSSA_PREFIX_CHARS];
	int i = 0, k;

	(void)tflags;
	if (start < 0 || end > r->len || start > end)
		return SQLITE_ERROR;
	if (r->marked > 1)
		return SQLITE_OK;
	r->marked = 2;
	for (k = 0; k < GLOSSA_PREFIX_CHARS && i < n; k++)
		for (i++; i < n && (tok[i] & 0xC0) == 0x80; i++)
			;
	if (i > 4 * GLOSSA_PREFIX_CHARS)
		return SQLITE_OK; /* never: tokens are UTF-8 */
	buf[0] = GLOSSA_PREFIX_MARK;
	memcpy(buf + 1, tok, i);
	return r->xToken(r->ctx, 0, buf, 1 + i, r->omap[start], r->omap[end]);
}

/* Take unicode61's token in a query searched unstemmed, or a position of
 * a document (GLOSSA_TOKENIZE_POSITIONS: porter would give the same
 * offsets, one token for each of unicode61's). */
static int exact_cb(void *p, int tflags, const char *tok, int n, int start,
                    int end)
{
	struct run *r = p;

	(void)tflags;
	if (start < 0 || end > r->len || start > end)
		return SQLITE_ERROR;
	return emit(r, 0, tok, n, r->omap[start], r->omap[end]);
}

/*
 * Take unicode61's token in a document: the word as written, and its
 * prefix tokens. No stem: the index holds words, and a query word is the
 * OR of the words of its stem (tokenizer.h), so porter is not run.
 */
static int doc_cb(void *p, int tflags, const char *tok, int n, int start,
                  int end)
{
	struct run *r = p;
	int rc;

	if (start < 0 || end > r->len || start > end)
		return SQLITE_ERROR;
	start = r->omap[start];
	end = r->omap[end];
	rc = emit(r, tflags, tok, n, start, end);
	/* the words as written, for the list of words (fts_word) */
	if (rc == SQLITE_OK)
		rc = glossa_words_add(r->tok->words, tok, n);
	if (rc == SQLITE_OK)
		rc = emit_prefixes(r, tok, n, start, end);
	return rc;
}

/* Hand the folded span to porter (its words to the tap), or to unicode61
 * alone where no stem is wanted; empty it. */
static int span_flush(struct run *r)
{
	struct glossa_tok *t = r->tok;
	int rc = SQLITE_OK;

	if (r->len == 0)
		return SQLITE_OK;
	if (r->marked) {
		rc = t->plain.xTokenize(t->plain_tok, r, r->flags, r->buf,
		                        r->len, marked_cb);
		r->len = 0;
		return rc;
	}
	if (r->exact || r->positions || (r->flags & FTS5_TOKENIZE_DOCUMENT)) {
		rc = t->plain.xTokenize(t->plain_tok, r, r->flags, r->buf,
		                        r->len,
		                        r->exact || r->positions ? exact_cb
		                                                 : doc_cb);
		r->len = 0;
		return rc;
	}
	t->tap->run = r;
	rc = t->porter.xTokenize(t->porter_tok, r, r->flags, r->buf, r->len,
	                         span_cb);
	t->tap->run = NULL;
	r->word = NULL;
	r->len = 0;
	return rc;
}

/* Make room in the span for n more bytes (and the offset after them). */
static int span_reserve(struct run *r, int n)
{
	if (r->len + n + 1 > r->cap) {
		int cap = r->cap ? r->cap : 256;
		char *buf;
		int *omap;

		while (cap < r->len + n + 1) {
			if (cap > INT_MAX / 2 / (int)sizeof(*omap))
				return SQLITE_TOOBIG;
			cap *= 2;
		}
		buf = realloc(r->buf, cap);
		if (!buf)
			return SQLITE_NOMEM;
		r->buf = buf;
		omap = realloc(r->omap, cap * sizeof(*omap));
		if (!omap)
			return SQLITE_NOMEM;
		r->omap = omap;
		r->cap = cap;
	}
	return SQLITE_OK;
}

/* Append character c (folded to cp) to the span. */
static int span_add(struct run *r, const struct ch *c, uint32_t cp)
{
	char bytes[4];
	int n = encode(cp, bytes), k, rc;

	if ((rc = span_reserve(r, n)) != SQLITE_OK)
		return rc;
	for (k = 0; k < n; k++) {
		r->buf[r->len] = bytes[k];
		r->omap[r->len++] = c->start;
	}
	r->omap[r->len] = c->end;
	return SQLITE_OK;
}

/*
 * Append the ASCII bytes text[i .. j) to the span: what span_add() does
 * for each of them (ASCII decodes to itself, folds to itself and is not
 * CJK), in one step. Most text is ASCII.
 */
static int span_add_ascii(struct run *r, const char *text, int i, int j)
{
	int rc = span_reserve(r, j - i);

	if (rc != SQLITE_OK)
		return rc;
	memcpy(r->buf + r->len, text + i, (size_t)(j - i));
	for (; i < j; i++)
		r->omap[r->len++] = i;
	r->omap[r->len] = j;
	return SQLITE_OK;
}

/* The character cp is indexed as: full-width ASCII as ASCII, U+3000 as a
 * space, Traditional as Simplified. */
static uint32_t fold_cp(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	if (cp >= 0x3400)
		return fold_t2s(cp);
	return cp;
}

int glossa_tokenizer_digit(uint32_t cp)
{
	cp = fold_cp(cp);
	return cp >= '0' && cp <= '9';
}

/* Append one word of a tag key, after a space if it is not the first. */
static int key_cb(void *p, int tflags, const char *tok, int n, int start,
                  int end)
{
	struct buf *b = p;
	int rc = SQLITE_OK;

	(void)tflags;
	(void)start;
	(void)end;
	if (b->len > 0)
		rc = buf_put(b, " ", 1);
	return rc == SQLITE_OK ? buf_put(b, tok, n) : rc;
}

/*
 * Append the tag key of text (n bytes) to out: its words folded as
 * everywhere and by unicode61 (case, accents), unstemmed, one space
 * between them (a CJK run is one word here). Nothing if it has no word.
 */
static int tag_key(struct glossa_tok *t, const char *text, int n,
                   struct buf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	struct buf folded = {0}, key = {0};
	char bytes[4];
	struct ch c;
	int i = 0, rc = SQLITE_OK;

	while (rc == SQLITE_OK && i < n) {
		decode(s, n, i, &c);
		i = c.end;
		rc = buf_put(&folded, bytes, encode(fold_cp(c.cp), bytes));
	}
	if (rc == SQLITE_OK && folded.len > 0)
		rc = t->plain.xTokenize(t->plain_tok, &key,
		                        FTS5_TOKENIZE_DOCUMENT, folded.p,
		                        folded.len, key_cb);
	if (rc == SQLITE_OK && key.len > 0)
		rc = buf_put(out, key.p, key.len);
	free(folded.p);
	free(key.p);
	return rc;
}

/* Whether text[i] starts a segment separator: ';' or '；'. */
static int seg_sep(const unsigned char *s, int n, int i)
{
	return s[i] == ';' ||
	       (s[i] == 0xEF && i + 2 < n && s[i + 1] == 0xBC &&
	        s[i + 2] == 0x9B);
}

/*
 * Find the document's segments that give tag tokens (see tokenizer.h):
 * none in a text of more than one line or GLOSSA_TAG_LINE bytes (a body:
 * a tag token a line of a hard-wrapped text would be a new term a line).
 */
static int find_segments(struct run *r, const char *text, int n)
{
	const unsigned char *s = (const unsigned char *)text;
	int i = 0, rc = SQLITE_OK;

	if (n <= 0 || n > GLOSSA_TAG_LINE || memchr(text, '\n', (size_t)n) ||
	    memchr(text, '\r', (size_t)n))
		return SQLITE_OK;
	while (rc == SQLITE_OK && i < n) {
		int a = i, b;

		while (i < n && !seg_sep(s, n, i))
			i++;
		b = i;
		i += i < n && s[i] == 0xEF ? 3 : 1;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		if (a == b || b - a > GLOSSA_TAG_BYTES)
			continue;
		if (r->nseg == r->capseg) {
			int cap = r->capseg ? 2 * r->capseg : 16;
			struct seg *g = realloc(r->seg, cap * sizeof(*g));

			if (!g)
				return SQLITE_NOMEM;
			r->seg = g;
			r->capseg = cap;
		}
		r->seg[r->nseg] = (struct seg){a, b, r->keys.len, 0};
		rc = tag_key(r->tok, text + a, b - a, &r->keys);
		r->seg[r->nseg].len = r->keys.len - r->seg[r->nseg].off;
		if (rc == SQLITE_OK && r->seg[r->nseg].len > 0)
			r->nseg++;
	}
	return rc;
}

/* A query of one tag token: GLOSSA_TAG_MARK and the key of text. */
static int tag_query(struct glossa_tok *t, void *ctx, const char *text,
                     int ntext,
                     int (*xToken)(void *, int, const char *, int, int, int))
{
	struct buf key = {0};
	char mark = GLOSSA_TAG_MARK;
	int rc = buf_put(&key, &mark, 1);

	if (rc == SQLITE_OK)
		rc = tag_key(t, text, ntext, &key);
	if (rc == SQLITE_OK && key.len > 1)
		rc = xToken(ctx, 0, key.p, key.len, 0, ntext);
	free(key.p);
	return rc;
}

static int glossa_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
                           const char *text, int ntext,
                           int (*xToken)(void *, int, const char *, int, int,
                                         int))
{
	const unsigned char *s = (const unsigned char *)text;
	struct run r = {0};
	struct ch c;
	int i = 0, rc = SQLITE_OK;

	r.tok = (struct glossa_tok *)p;
	r.ctx = ctx;
	r.xToken = xToken;
	r.flags = flags;
	r.query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	r.positions = !r.query && (flags & FTS5_TOKENIZE_AUX) &&
	              (flags & GLOSSA_TOKENIZE_POSITIONS);
	if (r.query && ntext > 1 && text[0] == GLOSSA_WORD_MARK)
		return xToken(ctx, 0, text + 1, ntext - 1, 0, ntext);
	if (r.query && ntext > 0 && text[0] == GLOSSA_TAG_MARK)
		return tag_query(r.tok, ctx, text + 1, ntext - 1, xToken);
	if (r.query && ntext > 0 && text[0] == GLOSSA_PREFIX_MARK) {
		r.marked = 1;
		i = 1;
	} else if (r.query && ntext > 0 && text[0] == GLOSSA_EXACT_MARK) {
		r.exact = 1;
		i = 1;
	} else if (r.query && ntext > 0 && text[0] == GLOSSA_COUNT_MARK) {
		r.count = 1;
		i = 1;
	} else if (r.query && ntext > 0 && (text[0] == GLOSSA_BARE_MARK ||
	                                    text[0] == GLOSSA_STEM_MARK)) {
		r.stems = text[0] == GLOSSA_BARE_MARK ? 1 : 2;
		i = 1;
	}
	if (flags & FTS5_TOKENIZE_DOCUMENT) {
		prefix_reset(r.tok);
		rc = find_segments(&r, text, ntext);
	}
	while (rc == SQLITE_OK && i < ntext) {
		uint32_t cp;
		int j;

		/* ASCII, as far as it cannot reach SPAN_FLUSH: at once */
		for (j = i; j < ntext && j - i < SPAN_FLUSH - r.len &&
		            s[j] < 0x80;
		     j++)
			;
		if (j > i) {
			rc = cjk_end(&r);
			if (rc == SQLITE_OK)
				rc = span_add_ascii(&r, text, i, j);
			i = j;
			continue;
		}
		decode(s, ntext, i, &c);
		i = c.end;
		cp = fold_cp(c.cp);
		if (glossa_tokenizer_is_cjk(cp)) {
			rc = span_flush(&r);
			c.cp = cp;
			if (rc == SQLITE_OK)
				rc = cjk_add(&r, &c);
			continue;
		}
		rc = cjk_end(&r);
		if (rc == SQLITE_OK && r.len >= SPAN_FLUSH &&
		    (cp == ' ' || cp == '\n' || cp == '\t'))
			rc = span_flush(&r);
		if (rc == SQLITE_OK)
			rc = span_add(&r, &c, cp);
	}
	/* a count leaves out the last character its last bigram implies */
	if (rc == SQLITE_OK && !(r.count && r.cjk_len >= 2))
		rc = cjk_end(&r);
	if (rc == SQLITE_OK)
		rc = span_flush(&r);
	/* the last word of a prefix query is searched unstemmed */
	if (rc == SQLITE_OK && r.pending)
		rc = xToken(ctx, 0, r.pplain.p, r.pplain.len, r.pstart, r.pend);
	free(r.mark.p);
	free(r.seg);
	free(r.keys.p);
	free(r.buf);
	free(r.omap);
	free(r.pstem.p);
	free(r.pplain.p);
	return rc;
}

/* An instance of TAP_NAME: a unicode61 and its connection's tap. */
struct tap_tok {
	struct tap *tap;
	fts5_tokenizer u61;
	Fts5Tokenizer *u61_tok;
};

/* The state of one TAP_NAME xTokenize call: whom the words go to. */
struct tap_call {
	struct run *run;
	void *ctx;
	int (*xToken)(void *, int, const char *, int, int, int);
};

/*
 * Show unicode61's word to the run, then give it to porter, which hands
 * span_cb() its stem (or the word) before it takes the next one: so the
 * run reads the unstemmed word without a second pass of unicode61.
 */
static int tap_cb(void *p, int tflags, const char *tok, int n, int start,
                  int end)
{
	struct tap_call *c = p;

	if (c->run) {
		c->run->word = tok;
		c->run->nword = n;
	}
	return c->xToken(c->ctx, tflags, tok, n, start, end);
}

static int tap_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
                        const char *text, int ntext,
                        int (*xToken)(void *, int, const char *, int, int,
                                      int))
{
	struct tap_tok *t = (struct tap_tok *)p;
	struct tap_call c = {t->tap->run, ctx, xToken};

	return t->u61.xTokenize(t->u61_tok, &c, flags, text, ntext, tap_cb);
}

static void tap_delete(Fts5Tokenizer *p)
{
	struct tap_tok *t = (struct tap_tok *)p;

	if (!t)
		return;
	if (t->u61_tok)
		t->u61.xDelete(t->u61_tok);
	sqlite3_free(t);
}

/* A TAP_NAME instance: unicode61 with the arguments given. */
static int tap_create(void *tap_ptr, const char **argv, int argc,
                      Fts5Tokenizer **out)
{
	struct tap *tap = tap_ptr;
	struct tap_tok *t;
	void *udata = NULL;
	int rc;

	*out = NULL;
	if (!(t = sqlite3_malloc(sizeof(*t))))
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	t->tap = tap;
	rc = tap->api->xFindTokenizer(tap->api, "unicode61", &udata, &t->u61);
	if (rc == SQLITE_OK)
		rc = t->u61.xCreate(udata, argv, argc, &t->u61_tok);
	if (rc != SQLITE_OK) {
		tap_delete((Fts5Tokenizer *)t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void glossa_delete(Fts5Tokenizer *p)
{
	struct glossa_tok *t = (struct glossa_tok *)p;

	if (!t)
		return;
	if (t->porter_tok)
		t->porter.xDelete(t->porter_tok);
	if (t->plain_tok)
		t->plain.xDelete(t->plain_tok);
	free(t->seen);
	sqlite3_free(t);
}

static int glossa_create(void *api_ptr, const char **argv, int argc,
                         Fts5Tokenizer **out)
{
	static const char *porter_args[] = {TAP_NAME, "remove_diacritics",
	                                    "2"};
	struct glossa_words *words = api_ptr;
	fts5_api *api = glossa_words_api(words);
	struct glossa_tok *t;
	fts5_tokenizer tap;
	void *udata = NULL;
	int rc;

	(void)argv;
	*out = NULL;
	if (argc > 0)
		return SQLITE_ERROR;
	t = sqlite3_malloc(sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	t->words = words;
	rc = api->xFindTokenizer(api, TAP_NAME, &udata, &tap);
	t->tap = udata;
	if (rc == SQLITE_OK)
		rc = api->xFindTokenizer(api, "porter", &udata, &t->porter);
	if (rc == SQLITE_OK)
		rc = t->porter.xCreate(udata, porter_args, 3, &t->porter_tok);
	if (rc == SQLITE_OK)
		rc = api->xFindTokenizer(api, "unicode61", &udata, &t->plain);
	if (rc == SQLITE_OK)
		rc = t->plain.xCreate(udata, porter_args + 1, 2, &t->plain_tok);
	if (rc != SQLITE_OK) {
		glossa_delete((Fts5Tokenizer *)t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

fts5_api *glossa_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int glossa_tokenizer_register(sqlite3 *db, struct glossa_words **words)
{
	static fts5_tokenizer tokenizer = {glossa_create, glossa_delete,
	                                   glossa_tokenize};
	static fts5_tokenizer tap_tokenizer = {tap_create, tap_delete,
	                                       tap_tokenize};
	fts5_api *api = glossa_fts5_api(db);
	struct glossa_words *w;
	struct tap *tap;
	int rc;

	if (words)
		*words = NULL;
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	pthread_once(&t2s_bits_once, t2s_bits_init);
	if (!(tap = calloc(1, sizeof(*tap))))
		return SQLITE_NOMEM;
	tap->api = api;
	rc = api->xCreateTokenizer(api, TAP_NAME, tap, &tap_tokenizer, free);
	if (rc != SQLITE_OK) {
		free(tap); /* FTS5 did not take it */
		return rc;
	}
	if (!(w = glossa_words_new(api)))
		return SQLITE_NOMEM;
	rc = api->xCreateTokenizer(api, GLOSSA_TOKENIZER_NAME, w, &tokenizer,
	                           glossa_words_free);
	if (rc != SQLITE_OK)
		glossa_words_free(w); /* FTS5 did not take it */
	else if (words)
		*words = w;
	return rc;
}

int glossa_tokenizer_is_word(const char *term, int n)
{
	uint32_t cp = 0;

	if (n <= 0 || (unsigned char)term[0] < 0x20)
		return 0;
	glossa_utf8_decode(term, (size_t)n, &cp);
	return !glossa_tokenizer_is_cjk(cp);
}

/* A query of one bare stem run through the tokenizer: the stem it gives
 * (the first token), how many tokens. */
struct glossa_stemmer {
	Fts5Tokenizer *tok;
	struct buf in;
	struct buf out;
	int n;
	int rc;
};

int glossa_stemmer_new(struct glossa_words *words, struct glossa_stemmer **out)
{
	struct glossa_stemmer *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return SQLITE_NOMEM;
	rc = glossa_create(words, NULL, 0, &s->tok);
	if (rc != SQLITE_OK) {
		free(s);
		return rc;
	}
	*out = s;
	return SQLITE_OK;
}

void glossa_stemmer_free(struct glossa_stemmer *s)
{
	if (!s)
		return;
	glossa_delete(s->tok);
	free(s->in.p);
	free(s->out.p);
	free(s);
}

static int stem_cb(void *p, int tflags, const char *tok, int n, int start,
                   int end)
{
	struct glossa_stemmer *s = p;

	(void)start;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (s->n++ == 0)
		s->rc = buf_put(&s->out, tok, n);
	return s->rc;
}

int glossa_stemmer_stem(struct glossa_stemmer *s, const char *word, int n,
                        const char **stem, int *nstem)
{
	char mark = GLOSSA_BARE_MARK;
	int rc;

	*stem = NULL;
	*nstem = 0;
	s->in.len = 0;
	s->out.len = 0;
	s->n = 0;
	s->rc = SQLITE_OK;
	rc = buf_put(&s->in, &mark, 1);
	if (rc == SQLITE_OK)
		rc = buf_put(&s->in, word, n);
	if (rc == SQLITE_OK)
		rc = glossa_tokenize(s->tok, s, FTS5_TOKENIZE_QUERY, s->in.p,
		                     s->in.len, stem_cb);
	if (rc == SQLITE_OK && s->n == 1 && s->out.len > 0) {
		*stem = s->out.p;
		*nstem = s->out.len;
	}
	return rc;
}
