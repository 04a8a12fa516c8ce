/*
 * search.c: ranked full-text search over articles and their annotations.
 *
 * Exported: glossa_search, glossa_search_newest, glossa_db_set_interrupt,
 * glossa_db_interrupt and glossa_search_register of db.h.
 *
 * The query text is parsed by query.c into FTS5 expressions built only
 * from quoted strings, so no user input reaches MATCH as syntax. Ranking
 * is bm25 over article_fts with the title and the glosses column (the
 * article's annotations) weighing more than the body. Snippets and
 * ranks come from two FTS5 auxiliary functions of this file,
 * glossa_snippet() and glossa_rank(), registered when the archive opens.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "query.h"
#include "tokenizer.h"
#include "glossa/text.h"

/* ---- Snippets --------------------------------------------------------- */

/*
 * glossa_snippet(article_fts) makes the same text as the SQL
 *   CASE WHEN instr(snippet(article_fts, 2, S, E, '…', 12), S)
 *   THEN that ELSE snippet(article_fts, -1, S, E, '…', 12) END
 * (S and E the marks): the body's best window of 12 tokens when it holds
 * a match, else the best window of any column. It picks the window as
 * FTS5's snippet() does, but FTS5 tokenizes every column it looks at in
 * full, twice, and scores windows in time quadratic in the matches; here
 * the windows are scored from the instances alone, and only the prefix
 * of the text that the choice and the window need is tokenized.
 */

#define SNIPPET_TOKENS 12
#define SNIPPET_COLUMNS 6 /* article_fts's columns */
#define BODY_COLUMN 0
#define ELLIPSIS "…"
#define ELLIPSIS_LEN ((int)sizeof(ELLIPSIS) - 1)
#define MARK_LEN ((int)sizeof(GLOSSA_MARK_START) - 1)

/*
 * The first tokens of a column's text: the byte range of each position
 * (colocated tokens take none) and the positions that start a sentence,
 * as FTS5's snippet() finds them. Text is tokenized in pieces, each
 * from the start of the last token known for sure (see prefix_need()).
 */
struct prefix {
	const char *text;
	int len;     /* bytes in text */
	int size;    /* tokens in the column, from the index */
	int from;    /* byte offset of the piece being tokenized */
	int stop;    /* the callback stops after this position */
	int n;       /* positions recorded */
	int final;   /* positions 0 .. final-1 are those of the whole text */
	int all;     /* the whole text was tokenized */
	int again;   /* the piece re-records positions again .. final-1 */
	int differs; /* ... and one came out different */
	int whole;   /* tokenize from the start only (a piece differed) */
	int cap;
	int *start;
	int *end;
	int nfirst;
	int capfirst;
	int *first;
};

struct snippet {
	const Fts5ExtensionApi *api;
	Fts5Context *fts;
	int ninst;
	int *phrase; /* per instance, in xInst order */
	int *col;
	int *off;
	int sorted; /* instances by column, then offset, as FTS5 gives them */
	int nphrase;
	int *psize; /* tokens per phrase */
	unsigned char *seen;
	struct prefix cols[SNIPPET_COLUMNS];
	/* the best window so far */
	int best_score;
	int best_col;
	int best_start;
	int best_size;
};

/* A growable output string. */
struct out {
	char *p;
	size_t len;
	size_t cap;
	int rc;
};

static void out_add(struct out *o, const char *s, int n)
{
	if (o->rc != SQLITE_OK || n <= 0)
		return;
	n = (int)strnlen(s, (size_t)n); /* as FTS5's "%.*s" does */
	if (o->len + (size_t)n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *p;

		while (o->len + (size_t)n + 1 > cap)
			cap *= 2;
		if (!(p = realloc(o->p, cap))) {
			o->rc = SQLITE_NOMEM;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, (size_t)n);
	o->len += (size_t)n;
	o->p[o->len] = '\0';
}

static int grow_ints(int **a, int *cap, int n)
{
	int *p, ncap = *cap ? 2 * *cap : 256;

	if (n < *cap)
		return SQLITE_OK;
	if (!(p = realloc(*a, (size_t)ncap * sizeof(*p))))
		return SQLITE_NOMEM;
	*a = p;
	*cap = ncap;
	return SQLITE_OK;
}

/* Whether the token at byte start begins a sentence: blanks, and before
 * them a full stop or a colon (FTS5's fts5SentenceFinderCb). */
static int starts_sentence(const char *text, int start)
{
	int i = start - 1;

	while (i >= 0 && (text[i] == ' ' || text[i] == '\t' ||
	                  text[i] == '\n' || text[i] == '\r'))
		i--;
	return i != start - 1 && i >= 0 && (text[i] == '.' || text[i] == ':');
}

/*
 * What prefix_token() returns to stop the tokenizer, and keeps returning
 * if called again. Not SQLITE_DONE: FTS5's unicode61 tokenizer, which
 * ours calls, turns SQLITE_DONE into SQLITE_OK and carries on.
 */
#define PREFIX_STOP SQLITE_ABORT

static int prefix_token(void *ctx, int flags, const char *token, int ntoken,
                        int start, int end)
{
	struct prefix *p = ctx;
	int *a;

	(void)token;
	(void)ntoken;
	if (p->n > p->stop)
		return PREFIX_STOP;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	start += p->from;
	end += p->from;
	if (p->n < p->again) {
		/* a position known already: it must come out the same */
		p->differs |= p->start[p->n] != start || p->end[p->n] != end;
		return ++p->n > p->stop ? PREFIX_STOP : SQLITE_OK;
	}
	if (p->n == p->cap) {
		int cap = p->cap ? 2 * p->cap : 256;
		if (!(a = realloc(p->start, (size_t)cap * sizeof(*a))))
			return SQLITE_NOMEM;
		p->start = a;
		if (!(a = realloc(p->end, (size_t)cap * sizeof(*a))))
			return SQLITE_NOMEM;
		p->end = a;
		p->cap = cap;
	}
	if (p->n == 0 || starts_sentence(p->text, start)) {
		if (grow_ints(&p->first, &p->capfirst, p->nfirst) != SQLITE_OK)
			return SQLITE_NOMEM;
		p->first[p->nfirst++] = p->n;
	}
	p->start[p->n] = start;
	p->end[p->n] = end;
	return ++p->n > p->stop ? PREFIX_STOP : SQLITE_OK;
}

/*
 * Tokenize enough of the column's text that position pos is known (or
 * all of it). A prefix of the text tokenizes as the whole text does up
 * to its last token, which the cut may have shortened, so a position is
 * known for sure once a later one shows up. The text from the start of
 * a token tokenizes as it does within the whole text (our tokenizer
 * keeps no state across a token boundary that changes positions), so
 * each piece starts at the last position known for sure, which must come
 * out the same; if it does not, the text is tokenized from its start.
 */
static int prefix_need(struct snippet *s, struct prefix *p, int pos)
{
	double chunk = 0;

	while (!p->all && p->final <= pos) {
		int want = pos + SNIPPET_TOKENS + p->final / 4,
		    known = p->final;
		int base = known && !p->whole ? known - 1 : 0, n, rc;
		double per = p->size > 0 ? (double)p->len / p->size : 8.0;
		double est = (want - base + 2) * per * 1.25 + 64;

		/* grow the piece if the last one gave nothing new */
		chunk = est > 2 * chunk ? est : 2 * chunk;
		p->from = base ? p->start[base] : 0;
		n = chunk < p->len - p->from ? (int)chunk : p->len - p->from;
		p->n = base;
		p->again = known;
		p->differs = 0;
		while (p->nfirst > 0 && p->first[p->nfirst - 1] >= known)
			p->nfirst--;
		p->stop = want + 1;
		rc = s->api->xTokenize(s->fts, p->text + p->from, n, p,
		                       prefix_token);
		if (p->differs) {
			p->whole = 1;
			p->n = p->final = p->nfirst = 0;
			continue;
		}
		if (p->n > p->stop) {
			p->final = p->n - 1;
		} else if (rc != SQLITE_OK) {
			return rc;
		} else if (p->from + n == p->len) {
			p->all = 1;
			p->final = p->n;
		} else {
			p->final = p->n - 1;
		}
		/* positions re-recorded or not, those before known stay */
		if (p->final < known) {
			p->final = known;
			p->n = p->n > known ? p->n : known;
		}
	}
	return SQLITE_OK;
}

/* The column's text and size, fetched once. */
static int prefix_open(struct snippet *s, int col, struct prefix **out)
{
	struct prefix *p = &s->cols[col];
	int rc = SQLITE_OK;

	if (!p->text) {
		rc = s->api->xColumnText(s->fts, col, &p->text, &p->len);
		if (rc == SQLITE_OK && p->text)
			rc = s->api->xColumnSize(s->fts, col, &p->size);
	}
	*out = p;
	return rc;
}

/* The last sentence start at or before position pos (known final). */
static int sentence_of(const struct prefix *p, int pos)
{
	int lo = 0, hi = p->nfirst;

	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (p->first[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return p->first[lo];
}

/* The first instance of column col at offset off or after, within
 * [lo, hi) of a sorted instance list. */
static int first_at(const struct snippet *s, int lo, int hi, int off)
{
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->off[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The score of the window of SNIPPET_TOKENS tokens at pos in column col
 * (1000 for each phrase in it, 1 for each repeat) and, if adj is not
 * NULL, the window's start moved to centre its matches (FTS5's
 * fts5SnippetScore). [lo, hi) are the column's instances.
 */
static int window_score(struct snippet *s, int col, int lo, int hi, int pos,
                        int size, int *adj)
{
	int64_t end = (int64_t)pos + SNIPPET_TOKENS;
	int score = 0, first = -1, last = 0, i;

	if (s->sorted) {
		lo = first_at(s, lo, hi, pos);
	} else {
		lo = 0;
		hi = s->ninst;
	}
	for (i = lo; i < hi; i++) {
		if (s->col[i] != col || s->off[i] < pos)
			continue;
		if (s->off[i] >= end) {
			if (s->sorted)
				break;
			continue;
		}
		score += s->seen[s->phrase[i]] ? 1 : 1000;
		s->seen[s->phrase[i]] = 1;
		if (first < 0)
			first = s->off[i];
		last = s->off[i] + s->psize[s->phrase[i]];
	}
	/* clear what was set (a query may have thousands of phrases) */
	for (int j = lo; j < i; j++)
		s->seen[s->phrase[j]] = 0;
	if (adj) {
		int64_t a = first - (SNIPPET_TOKENS - (last - first)) / 2;
		if (a + SNIPPET_TOKENS > size)
			a = size - SNIPPET_TOKENS;
		if (a < 0)
			a = 0;
		*adj = (int)a;
	}
	return score;
}

static void take(struct snippet *s, int score, int col, int start, int size)
{
	s->best_score = score;
	s->best_col = col;
	s->best_start = start;
	s->best_size = size;
}

/*
 * Score the windows of column col as FTS5's snippet() does: for each
 * match, the window centred on it and the window from the start of its
 * sentence (which scores 100 more, 120 for the first sentence). Where
 * the sentence is not yet known, it is looked up only if its window
 * could still win: it holds no more than the best match window so far.
 */
static int score_column(struct snippet *s, int col)
{
	struct prefix *p;
	int lo = 0, hi = s->ninst, top = 0, rc;

	if (s->sorted) {
		while (lo < hi && s->col[lo] < col)
			lo++;
		hi = lo;
		while (hi < s->ninst && s->col[hi] == col)
			hi++;
	}
	if ((rc = prefix_open(s, col, &p)) != SQLITE_OK || !p->text)
		return rc;
	for (int i = lo; i < hi; i++) {
		int io = s->off[i], adj, score, first;

		if (s->col[i] != col)
			continue;
		if (io > p->size)
			return SQLITE_CORRUPT_VTAB;
		score = window_score(s, col, lo, hi, io, p->size, &adj);
		if (score > top)
			top = score;
		if (score > s->best_score)
			take(s, score, col, adj, p->size);
		if (p->size <= SNIPPET_TOKENS)
			continue;
		if (io >= p->final) {
			/* a sentence after the first is known: no 120 */
			int later = p->nfirst > 1 && p->first[1] < p->final;
			if (s->best_score >= top + (later ? 100 : 120))
				continue;
			if ((rc = prefix_need(s, p, io)) != SQLITE_OK)
				return rc;
		}
		if (p->nfirst == 0)
			continue;
		first = sentence_of(p, io);
		if (first < io) {
			score =
			    window_score(s, col, lo, hi, first, p->size, NULL) +
			    (first == 0 ? 120 : 100);
			if (score > s->best_score)
				take(s, score, col, first, p->size);
		}
	}
	return SQLITE_OK;
}

/* The coalesced matches of a column, in order (FTS5's CInstIter). */
struct match_iter {
	const struct snippet *s;
	int col;
	int i;
	int start;
	int end;
};

static void match_next(struct match_iter *it)
{
	const struct snippet *s = it->s;

	it->start = it->end = -1;
	for (; it->i < s->ninst; it->i++) {
		int end;
		if (s->col[it->i] != it->col)
			continue;
		end = s->off[it->i] - 1 + s->psize[s->phrase[it->i]];
		if (it->start < 0) {
			it->start = s->off[it->i];
			it->end = end;
		} else if (s->off[it->i] <= it->end) {
			if (end > it->end)
				it->end = end;
		} else {
			break;
		}
	}
}

/* The text of the best window, marked (FTS5's fts5HighlightCb over the
 * window). */
static int write_window(struct snippet *s, struct out *o)
{
	int col = s->best_col, from = s->best_start, rc;
	int to = from + SNIPPET_TOKENS - 1, off = 0, size = s->best_size;
	struct match_iter it = {s, col, 0, -1, -1};
	struct prefix *p;

	if ((rc = prefix_open(s, col, &p)) != SQLITE_OK || !p->text)
		return rc;
	if (size == 0)
		size = p->size;
	if ((rc = prefix_need(s, p, to)) != SQLITE_OK)
		return rc;
	match_next(&it);
	if (from > 0)
		out_add(o, ELLIPSIS, ELLIPSIS_LEN);
	while (it.start >= 0 && it.start < from)
		match_next(&it);
	for (int pos = from; pos <= to && pos < p->final; pos++) {
		int start = p->start[pos], end = p->end[pos];

		if (from && pos == from)
			off = start;
		if (pos == it.start) {
			out_add(o, p->text + off, start - off);
			out_add(o, GLOSSA_MARK_START, MARK_LEN);
			off = start;
		}
		if (pos == it.end) {
			out_add(o, p->text + off, end - off);
			out_add(o, GLOSSA_MARK_END, MARK_LEN);
			off = end;
			match_next(&it);
		}
		if (pos == to) {
			out_add(o, p->text + off, end - off);
			off = end;
			if (pos >= it.start && pos < it.end)
				out_add(o, GLOSSA_MARK_END, MARK_LEN);
		}
	}
	if (to >= size - 1)
		out_add(o, p->text + off, p->len - off);
	else
		out_add(o, ELLIPSIS, ELLIPSIS_LEN);
	return o->rc;
}

/* The snippet of column col, or (col < 0) of the best column. */
static int make_snippet(struct snippet *s, int col, struct out *o)
{
	int rc = SQLITE_OK;

	take(s, 0, col >= 0 ? col : 0, 0, 0);
	for (int c = 0; c < SNIPPET_COLUMNS && rc == SQLITE_OK; c++)
		if (col < 0 || col == c)
			rc = score_column(s, c);
	o->len = 0;
	if (o->p)
		o->p[0] = '\0';
	return rc == SQLITE_OK ? write_window(s, o) : rc;
}

static int snippet_init(struct snippet *s)
{
	const Fts5ExtensionApi *api = s->api;
	int rc;

	s->nphrase = api->xPhraseCount(s->fts);
	if ((rc = api->xInstCount(s->fts, &s->ninst)) != SQLITE_OK)
		return rc;
	s->phrase = malloc(((size_t)s->ninst * 3 + (size_t)s->nphrase + 1) *
	                   sizeof(int));
	s->seen = calloc((size_t)s->nphrase + 1, 1);
	if (!s->phrase || !s->seen)
		return SQLITE_NOMEM;
	s->col = s->phrase + s->ninst;
	s->off = s->col + s->ninst;
	s->psize = s->off + s->ninst;
	for (int i = 0; i < s->nphrase; i++)
		s->psize[i] = api->xPhraseSize(s->fts, i);
	s->sorted = 1;
	for (int i = 0; i < s->ninst && rc == SQLITE_OK; i++) {
		rc = api->xInst(s->fts, i, &s->phrase[i], &s->col[i],
		                &s->off[i]);
		if (rc == SQLITE_OK &&
		    (s->col[i] < 0 || s->col[i] >= SNIPPET_COLUMNS ||
		     s->phrase[i] < 0 || s->phrase[i] >= s->nphrase))
			rc = SQLITE_CORRUPT_VTAB;
		if (i > 0 &&
		    (s->col[i] < s->col[i - 1] ||
		     (s->col[i] == s->col[i - 1] && s->off[i] < s->off[i - 1])))
			s->sorted = 0;
	}
	return rc;
}

static void snippet_free(struct snippet *s)
{
	for (int c = 0; c < SNIPPET_COLUMNS; c++) {
		free(s->cols[c].start);
		free(s->cols[c].end);
		free(s->cols[c].first);
	}
	free(s->phrase);
	free(s->seen);
}

static void snippet_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                             sqlite3_context *ctx, int nval,
                             sqlite3_value **val)
{
	struct snippet s = {0};
	struct out o = {0};
	int rc;

	(void)val;
	if (nval != 0 || api->xColumnCount(fts) != SNIPPET_COLUMNS) {
		sqlite3_result_error(ctx, "glossa_snippet: wrong use", -1);
		return;
	}
	s.api = api;
	s.fts = fts;
	rc = snippet_init(&s);
	if (rc == SQLITE_OK)
		rc = make_snippet(&s, BODY_COLUMN, &o);
	if (rc == SQLITE_OK && (!o.p || !strstr(o.p, GLOSSA_MARK_START)))
		rc = make_snippet(&s, -1, &o);
	if (rc == SQLITE_OK)
		sqlite3_result_text(ctx, o.p ? o.p : "", -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_error_code(ctx, rc);
	free(o.p);
	snippet_free(&s);
}

/* ---- Ranking ---------------------------------------------------------- */

/*
 * glossa_rank(article_fts, min_id, max_id) is FTS5's bm25() with the
 * column weights below, lower is better, except for how it learns each
 * phrase's IDF: bm25() counts the rows of every phrase, one pass over
 * the whole index per phrase before the first row is ranked (for a
 * phrase, its positions too: 80 ms for a common 4-character Chinese
 * phrase at 100 000 articles). Here a query of one phrase takes IDF 1
 * (a constant factor: the order is bm25's), and a phrase of a longer
 * query counts its rows up to RANK_SAMPLE, beyond which its count is
 * estimated from how far into the id range (min_id .. max_id) the
 * sample reached. Below RANK_SAMPLE the rank is bm25()'s to the bit.
 */

#define RANK_SAMPLE 1000

/* body, title, glosses, source, tags, author */
static const double rank_weight[SNIPPET_COLUMNS] = {1.0, 10.0, 5.0,
                                                    2.0, 3.0,  2.0};

struct rank_data {
	int nphrase;
	double avgdl;
	sqlite3_int64 nrow;
	double lo, hi; /* the range of ids */
	double *idf;   /* < 0: not known yet */
	double *freq;
	int *touched; /* the phrases with freq > 0, nphrase at most */
};

struct phrase_count {
	sqlite3_int64 n;
	sqlite3_int64 last;
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	struct phrase_count *c = arg;

	c->last = api->xRowid(fts);
	return ++c->n >= RANK_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

/* The query's constants, computed on its first row. */
static int rank_data(const Fts5ExtensionApi *api, Fts5Context *fts,
                     sqlite3_value **val, struct rank_data **out)
{
	struct rank_data *d = api->xGetAuxdata(fts, 0);
	sqlite3_int64 ntok = 0;
	int rc, n;

	if ((*out = d))
		return SQLITE_OK;
	n = api->xPhraseCount(fts);
	d = sqlite3_malloc64(
	    sizeof(*d) + (size_t)(n + 1) * (2 * sizeof(double) + sizeof(int)));
	if (!d)
		return SQLITE_NOMEM;
	d->nphrase = n;
	d->idf = (double *)(d + 1);
	d->freq = d->idf + n + 1;
	d->touched = (int *)(d->freq + n + 1);
	for (int i = 0; i < n; i++) {
		d->idf[i] = n == 1 ? 1.0 : -1.0;
		d->freq[i] = 0.0;
	}
	d->lo = sqlite3_value_double(val[0]);
	d->hi = sqlite3_value_double(val[1]);
	rc = api->xRowCount(fts, &d->nrow);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntok);
	d->avgdl = d->nrow > 0 ? (double)ntok / (double)d->nrow : 1.0;
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, d, sqlite3_free);
	else
		sqlite3_free(d);
	*out = rc == SQLITE_OK ? d : NULL;
	return rc;
}

/* The IDF of phrase i, as bm25() has it but from RANK_SAMPLE rows at
 * most; computed when a row first holds the phrase, so the phrases of
 * excluded terms (never in a matching row) cost nothing. */
static int phrase_idf(const Fts5ExtensionApi *api, Fts5Context *fts,
                      struct rank_data *d, int i)
{
	struct phrase_count c = {0, 0};
	double hits, nrow = (double)d->nrow;
	int rc;

	if (d->idf[i] >= 0.0)
		return SQLITE_OK;
	if ((rc = api->xQueryPhrase(fts, i, &c, count_row)) != SQLITE_OK)
		return rc;
	hits = (double)c.n;
	if (c.n >= RANK_SAMPLE && c.last >= d->lo && d->hi > d->lo)
		hits = c.n * (d->hi - d->lo + 1) / ((double)c.last - d->lo + 1);
	if (hits > nrow)
		hits = nrow;
	d->idf[i] = log((nrow - hits + 0.5) / (hits + 0.5));
	if (d->idf[i] <= 0.0)
		d->idf[i] = 1e-6;
	return SQLITE_OK;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                          sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rank_data *d;
	double score = 0.0;
	int rc, ninst = 0, size = 0, ntouched = 0;

	if (nval != 2 || api->xColumnCount(fts) != SNIPPET_COLUMNS) {
		sqlite3_result_error(ctx, "glossa_rank: wrong use", -1);
		return;
	}
	if ((rc = rank_data(api, fts, val, &d)) != SQLITE_OK) {
		/* out of memory: no d to sort below */
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc != SQLITE_OK || ip < 0 || ip >= d->nphrase || ic < 0 ||
		    ic >= SNIPPET_COLUMNS)
			continue;
		if (d->freq[ip] == 0.0)
			d->touched[ntouched++] = ip;
		d->freq[ip] += rank_weight[ic];
	}
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &size);
	/* in phrase order, as bm25() adds them up */
	qsort(d->touched, (size_t)ntouched, sizeof(int), cmp_int);
	for (int k = 0; k < ntouched; k++) {
		int i = d->touched[k];
		if (rc == SQLITE_OK)
			rc = phrase_idf(api, fts, d, i);
		if (rc == SQLITE_OK)
			score +=
			    d->idf[i] *
			    ((d->freq[i] * (k1 + 1.0)) /
			     (d->freq[i] + k1 * (1 - b + b * size / d->avgdl)));
		d->freq[i] = 0.0;
	}
	if (rc == SQLITE_OK)
		sqlite3_result_double(ctx, -1.0 * score);
	else
		sqlite3_result_error_code(ctx, rc);
}

int glossa_search_register(sqlite3 *db)
{
	fts5_api *api = glossa_fts5_api(db);
	int rc;

	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	rc = api->xCreateFunction(api, "glossa_snippet", NULL, snippet_function,
	                          NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "glossa_rank", NULL,
		                          rank_function, NULL);
	return rc;
}

/* ---- Queries ---------------------------------------------------------- */

#define RANK                                                                   \
	"glossa_rank(article_fts, (SELECT min(id) FROM article),"              \
	" (SELECT max(id) FROM article))"

/*
 * The conditions every query shares, after "WHERE": ?1 match (may be
 * NULL: no text terms), ?2 exclude (only without ?1: excluded terms are
 * in ?1 as FTS5's NOT otherwise), ?3 after, ?4 before (YYYY[-MM[-DD]]).
 * The filters compare the normalised date (date_iso) as a period: the
 * prefixes of the two, so that before:2025 takes all of 2025 and an
 * article dated only 2025-02 is after:2025-02-15 and before:2025-02-01
 * (its month could be either). An article without a readable date
 * passes neither.
 * ?9 url: a substring of the URL, ASCII case ignored.
 */
#define FILTERS                                                                \
	" (?2 IS NULL OR a.id NOT IN (SELECT rowid FROM article_fts"           \
	"   WHERE article_fts MATCH ?2))"                                      \
	" AND (?3 IS NULL OR (a.date_iso <> '' AND"                            \
	"   a.date_iso >= substr(?3, 1, length(a.date_iso))))"                 \
	" AND (?4 IS NULL OR (a.date_iso <> '' AND"                            \
	"   substr(a.date_iso, 1, length(?4)) <= ?4))"                         \
	" AND (?9 IS NULL OR instr(lower(a.url), lower(?9)) > 0)"

#define COLUMNS                                                                \
	"a.id, a.date_iso, a.source, a.title, a.read,"                         \
	" (SELECT count(*) FROM annotation n WHERE n.article_id = a.id),"      \
	" a.date_iso = '' AND a.date <> ''"

/*
 * The ranked rows of a page. r ranks the ?7 newest matches (see
 * GLOSSA_RANK_MAX) without reading their articles (unless filters need
 * them); only those that rank no worse than the page's last row (?8:
 * offset + limit - 1) have their date read, for the order of equal
 * ranks. Then the snippets of the page's rows: a snippet tokenizes the
 * article again, so it is made for the rows of the page only, in a
 * second pass over their range of rowids (MATCH with rowid = x costs
 * 50-100 us a row with 20 segments in the index, the pass much less).
 */
#define RANKED_SQL(from, where)                                                \
	"WITH r (id, rank) AS MATERIALIZED ("                                  \
	" SELECT article_fts.rowid, " RANK " FROM article_fts" from            \
	" WHERE article_fts MATCH ?1" where                                    \
	" ORDER BY article_fts.rowid DESC LIMIT ?7)"                           \
	", top (id, rank) AS MATERIALIZED ("                                   \
	" SELECT r.id, r.rank FROM r JOIN article a ON a.id = r.id"            \
	" WHERE r.rank <= coalesce((SELECT rank FROM r ORDER BY rank"          \
	"  LIMIT 1 OFFSET ?8), 1e300)"                                         \
	" ORDER BY r.rank, a.date_iso DESC, a.id DESC LIMIT ?5 OFFSET ?6)"         \
	", snip (id, snippet) AS MATERIALIZED ("                               \
	" SELECT rowid, glossa_snippet(article_fts) FROM article_fts"          \
	" WHERE article_fts MATCH ?1"                                          \
	" AND rowid >= (SELECT min(id) FROM top)"                              \
	" AND rowid <= (SELECT max(id) FROM top)"                              \
	" AND +rowid IN (SELECT id FROM top))"                                 \
	" SELECT " COLUMNS ", snip.snippet, top.rank FROM top"                 \
	" JOIN article a ON a.id = top.id JOIN snip ON snip.id = top.id"       \
	" ORDER BY top.rank, a.date_iso DESC, a.id DESC"

static const char *const sql_ranked = RANKED_SQL("", "");

static const char *const sql_ranked_filtered =
    RANKED_SQL(" JOIN article a ON a.id = article_fts.rowid", " AND" FILTERS);

/* The matches with rowid < ?7, newest first, unranked: FTS5 reads its
 * doclists newest first and stops at the end of the page. */
static const char *const sql_newest =
    "SELECT " COLUMNS ", glossa_snippet(article_fts), 0 FROM article_fts"
    " JOIN article a ON a.id = article_fts.rowid"
    " WHERE article_fts MATCH ?1 AND article_fts.rowid < ?7 AND" FILTERS
    " ORDER BY article_fts.rowid DESC LIMIT ?5 OFFSET ?6";

/*
 * At most GLOSSA_RANK_MAX matches are ranked: the newest (highest rowid,
 * the last imported). Ranking costs about 1 us a match, so ranking the
 * 100 000 matches of a one-character query took 175 ms where finding the
 * newest 2000 takes under 1 ms. The rowid of the rank_max-th newest
 * match, if there is one, is the floor of the ranked set; the older
 * matches follow it, newest first. Without filters no article is read.
 */
static const char *const sql_floor =
    "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1"
    " ORDER BY rowid DESC LIMIT 1 OFFSET ?5";

static const char *const sql_floor_filtered =
    "SELECT article_fts.rowid FROM article_fts JOIN article a"
    " ON a.id = article_fts.rowid WHERE article_fts MATCH ?1 AND" FILTERS
    " ORDER BY article_fts.rowid DESC LIMIT 1 OFFSET ?5";

static const char *const sql_ranked_count =
    "SELECT count(*) FROM article_fts JOIN article a"
    " ON a.id = article_fts.rowid WHERE article_fts MATCH ?1 AND" FILTERS;

/* The same without filters: FTS5 counts its doclists without reading a
 * single article row (a one-character query at 100k: the join took
 * seconds). */
static const char *const sql_match_count =
    "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1";

static const char *const sql_plain =
    "SELECT " COLUMNS ", NULL, 0 FROM article a WHERE" FILTERS
    " ORDER BY a.date_iso DESC, a.id DESC LIMIT ?5 OFFSET ?6";

static const char *const sql_plain_count =
    "SELECT count(*) FROM article a WHERE" FILTERS;

#define HIGHLIGHT(col)                                                         \
	"highlight(annotation_fts, " col ", '" GLOSSA_MARK_START               \
	"', '" GLOSSA_MARK_END "')"

/*
 * The annotations of the articles ?2 (a JSON array of ids) that match,
 * highlighted, in order. One pass over annotation_fts, within the range
 * of the page's annotations' ids, for the whole page: MATCH with rowid =
 * x re-reads every segment of the index (90 us a lookup at 100k), and
 * reading each match's annotation row to test its article took 20 ms
 * for a one-character query.
 */
static const char *const sql_notes =
    "WITH ids (id) AS MATERIALIZED (SELECT id FROM annotation"
    " WHERE article_id IN (SELECT value FROM json_each(?2)))"
    ", hit (id, line) AS MATERIALIZED (SELECT rowid,"
    " trim(" HIGHLIGHT("0") " || ' — ' || " HIGHLIGHT(
        "2") " || ' ' || " HIGHLIGHT("3") ") FROM annotation_fts WHERE "
                                          "annotation_fts MATCH ?1"
                                          " AND rowid >= (SELECT min(id) FROM "
                                          "ids)"
                                          " AND rowid <= (SELECT max(id) FROM "
                                          "ids)"
                                          " AND +rowid IN (SELECT id FROM ids))"
                                          " SELECT n.article_id, hit.line FROM "
                                          "hit JOIN annotation n"
                                          " ON n.id = hit.id ORDER BY "
                                          "n.article_id, n.pos, n.id";

void glossa_db_set_interrupt(glossa_db_t *db, int (*cb)(void *), void *arg)
{
	db->interrupt = cb;
	db->interrupt_arg = arg;
}

void glossa_db_interrupt(glossa_db_t *db)
{
	if (db)
		sqlite3_interrupt(db->sql);
}

/* Whether an expression built by query.c uses a column filter: a ':'
 * outside the quoted strings. */
static int has_column_filter(const char *expr)
{
	int quoted = 0;

	for (; *expr; expr++) {
		if (*expr == '"')
			quoted = !quoted;
		else if (*expr == ':' && !quoted)
			return 1;
	}
	return 0;
}

/* Bind the shared parameters of the queries above. */
static void bind_query(sqlite3_stmt *stmt, const char *match,
                       const glossa_query_t *q)
{
	const char *v[] = {match, q->exclude, q->after, q->before};

	for (int i = 0; i < 4; i++) {
		if (v[i] && sqlite3_bind_parameter_count(stmt) > i)
			sqlite3_bind_text(stmt, i + 1, v[i], -1, SQLITE_STATIC);
	}
	if (q->url && sqlite3_bind_parameter_count(stmt) >= 9)
		sqlite3_bind_text(stmt, 9, q->url, -1, SQLITE_STATIC);
}

/* Append line to *dst, after a newline if *dst is not empty. */
static int add_line(char **dst, const char *line)
{
	size_t old = *dst ? strlen(*dst) : 0, len = strlen(line);
	char *p = realloc(*dst, old + len + 2);

	if (!p)
		return -1;
	if (old)
		p[old++] = '\n';
	memcpy(p + old, line, len + 1);
	*dst = p;
	return 0;
}

/* Fill in the matched annotations of each row. */
static glossa_status_t match_notes(glossa_db_t *db, const char *match,
                                   glossa_page_t *page)
{
	sqlite3_stmt *stmt;
	glossa_status_t st = GLOSSA_OK;
	char *ids, *p;
	int rc;

	if (page->n == 0)
		return GLOSSA_OK;
	if (!(ids = malloc(page->n * 21 + 3)))
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "searching: out of memory");
	p = ids;
	*p++ = '[';
	for (size_t i = 0; i < page->n; i++)
		p += sprintf(p, "%s%lld", i ? "," : "",
		             (long long)page->rows[i].id);
	strcpy(p, "]");
	if (!(stmt = glossa_db_prepare(db, sql_notes, &st))) {
		free(ids);
		return st;
	}
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, ids, -1, SQLITE_STATIC);
	while (st == GLOSSA_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		const char *line = (const char *)sqlite3_column_text(stmt, 1);
		for (size_t i = 0; i < page->n && line; i++)
			if (page->rows[i].id == id &&
			    add_line(&page->rows[i].matched_notes, line))
				st = glossa_db_error(db, GLOSSA_NOMEM,
						     "searching:"
						     " out of memory");
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "searching");
	sqlite3_finalize(stmt);
	free(ids);
	return st;
}

/* A snippet is shown on one line: line breaks become spaces. */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

static int has_filters(const glossa_query_t *q)
{
	return q->exclude || q->after || q->before || q->url;
}

/* Run the page query and read its rows. ?7 is bound (see the queries);
 * ?8 the index of the page's last row among all the rows. */
static glossa_status_t run_page(glossa_db_t *db, const char *sql,
                                const char *match, const glossa_query_t *q,
                                size_t offset, size_t limit, int64_t bound,
                                glossa_page_t *page)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql, &st);
	size_t cap = page->n;
	int rc;

	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	sqlite3_bind_int64(stmt, 5, limit ? (sqlite3_int64)limit : -1);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)offset);
	if (sqlite3_bind_parameter_count(stmt) >= 7)
		sqlite3_bind_int64(stmt, 7, bound);
	if (sqlite3_bind_parameter_count(stmt) >= 8)
		sqlite3_bind_int64(stmt, 8,
		                   limit ? (sqlite3_int64)(offset + limit - 1)
		                         : INT64_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (page->n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			glossa_row_t *more =
			    realloc(page->rows, ncap * sizeof(*more));
			if (!more) {
				st = glossa_db_error(db, GLOSSA_NOMEM,
						     "searching:"
						     " out of memory");
				break;
			}
			page->rows = more;
			cap = ncap;
		}
		glossa_row_t *r = &page->rows[page->n++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(stmt, 0);
		r->date = glossa_db_column_text(stmt, 1);
		r->source = glossa_db_column_text(stmt, 2);
		r->title = glossa_db_column_text(stmt, 3);
		r->read = sqlite3_column_int(stmt, 4);
		r->n_notes = sqlite3_column_int(stmt, 5);
		r->bad_date = sqlite3_column_int(stmt, 6);
		if (sqlite3_column_type(stmt, 7) != SQLITE_NULL &&
		    (r->snippet = glossa_db_column_text(stmt, 7)))
			one_line(r->snippet);
		r->rank = sqlite3_column_double(stmt, 8);
		if (!r->date || !r->source || !r->title) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "searching: out of memory");
			break;
		}
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "searching");
	sqlite3_finalize(stmt);
	return st;
}

/* How many of the newest matches are ranked. */
static size_t rank_max(const glossa_db_t *db)
{
	return db->rank_max ? db->rank_max : GLOSSA_RANK_MAX;
}

/* *floor: the rowid of the rank_max()-th newest match, 0 if there are
 * fewer matches (all of them are ranked). */
static glossa_status_t find_floor(glossa_db_t *db, const char *match,
                                  const glossa_query_t *q, int64_t *floor)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(
	    db, has_filters(q) ? sql_floor_filtered : sql_floor, &st);
	int rc;

	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)rank_max(db) - 1);
	rc = sqlite3_step(stmt);
	*floor = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? GLOSSA_OK
	           : glossa_db_fail(db, rc, "searching");
}

/*
 * Rows offset .. offset+limit-1 (limit 0: all) of the matches: the
 * rank_max() newest ranked first, then the older ones, newest first.
 * Ranking and finding the newest are one pass over the index; the floor
 * of the ranked set is looked for only when a page goes past it.
 */
static glossa_status_t run_matches(glossa_db_t *db, const char *match,
                                   const glossa_query_t *q, size_t offset,
                                   size_t limit, glossa_page_t *page)
{
	const char *ranked = has_filters(q) ? sql_ranked_filtered : sql_ranked;
	size_t n_ranked = rank_max(db);
	glossa_status_t st;
	int64_t floor;

	if (offset < n_ranked) {
		size_t lim = limit && offset + limit < n_ranked
		                 ? limit
		                 : n_ranked - offset;
		st = run_page(db, ranked, match, q, offset, lim,
		              (int64_t)n_ranked, page);
		/* fewer than lim rows: fewer than n_ranked matches */
		if (st != GLOSSA_OK || (limit && page->n >= limit) ||
		    page->n < lim)
			return st;
		if (limit)
			limit -= page->n;
		offset = 0;
	} else {
		offset -= n_ranked;
	}
	if ((st = find_floor(db, match, q, &floor)) != GLOSSA_OK || !floor)
		return st;
	return run_page(db, sql_newest, match, q, offset, limit, floor, page);
}

/* Count the matches. */
static glossa_status_t run_count(glossa_db_t *db, const char *sql,
                                 const char *match, const glossa_query_t *q,
                                 int64_t *total)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql, &st);
	int rc;

	if (!stmt)
		return st;
	bind_query(stmt, match, q);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*total = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? GLOSSA_OK
	                        : glossa_db_fail(db, rc, "searching");
}

/* The tokens the tokenizer makes of a prefix query's text: the first,
 * and how many there are. */
struct query_word {
	char tok[256];
	int len;
	int n;
};

static int query_token(void *p, int tflags, const char *tok, int n, int start,
                       int end)
{
	struct query_word *t = p;

	(void)start;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n++ == 0 && n > 0 && n < (int)sizeof(t->tok)) {
		memcpy(t->tok, tok, n);
		t->len = n;
	}
	return SQLITE_OK;
}

/* The one word FTS5 would look up for prefix text (folded, unstemmed, as
 * the tokenizer makes it) in t; 0 if it makes no word or more than one. */
static int prefix_word(glossa_db_t *db, const char *text, size_t len,
                       struct query_word *t)
{
	fts5_api *api = glossa_fts5_api(db->sql);
	fts5_tokenizer tk;
	Fts5Tokenizer *tok = NULL;
	void *udata = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	if (!api || len > 1024 ||
	    api->xFindTokenizer(api, GLOSSA_TOKENIZER_NAME, &udata, &tk) !=
	        SQLITE_OK ||
	    tk.xCreate(udata, NULL, 0, &tok) != SQLITE_OK)
		return 0;
	rc = tk.xTokenize(tok, t, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
	                  text, (int)len, query_token);
	tk.xDelete(tok);
	return rc == SQLITE_OK && t->n == 1 && t->len > 0 &&
	       glossa_tokenizer_is_word(t->tok, t->len);
}

/*
 * glossa_prefix_fn for search(): a prefix the tokenizer does not index
 * ("earth*", more than three characters) is written as the OR of the
 * words of fts_word it starts, GLOSSA_WORD_MARK before each ("earth",
 * "earths"), when there are at most GLOSSA_PREFIX_WORDS of them. FTS5
 * reads that OR lazily, newest first; for the prefix it would merge the
 * doclists of all of them before the first row (earth* at a million
 * articles: 147 ms). The same rows: fts_word holds every word of the
 * indexes.
 */
static int expand_prefix(void *ctx, const char *text, size_t len,
                         struct glossa_buf *out)
{
	glossa_status_t st;
	glossa_db_t *db = ctx;
	struct query_word t;
	struct glossa_buf e = {0};
	sqlite3_stmt *stmt;
	char hi[sizeof(t.tok)];
	int n = 0, rc;

	if (!db->words_kept || !prefix_word(db, text, len, &t))
		return 0;
	/* the words from t.tok up to, not with, t.tok with its last byte
	 * one up (never 0xFF in UTF-8) */
	memcpy(hi, t.tok, t.len);
	hi[t.len - 1]++;
	stmt = glossa_db_cached(db, "SELECT word FROM fts_word"
	                            " WHERE word >= ?1 AND word < ?2 LIMIT ?3",
	                            &st);
	if (!stmt)
		return 0;
	sqlite3_bind_text(stmt, 1, t.tok, t.len, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, hi, t.len, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, GLOSSA_PREFIX_WORDS + 1);
	glossa_buf_add(&e, "(", 1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(stmt, 0);
		static const char mark = GLOSSA_WORD_MARK;

		if (!w) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (n++)
			glossa_buf_puts(&e, " OR ");
		glossa_buf_add(&e, "\"", 1);
		glossa_buf_add(&e, &mark, 1);
		glossa_buf_add_quoted(&e, w,
		                      (size_t)sqlite3_column_bytes(stmt, 0));
		glossa_buf_add(&e, "\"", 1);
	}
	glossa_db_release(stmt);
	glossa_buf_add(&e, ")", 1);
	if (rc != SQLITE_DONE || n == 0 || n > GLOSSA_PREFIX_WORDS || e.nomem) {
		free(e.s);
		return 0;
	}
	glossa_buf_add(out, e.s, e.len);
	free(e.s);
	return 1;
}

/* glossa_search() (newest 0) and glossa_search_newest() (newest 1). */
static glossa_status_t search(glossa_db_t *db, const char *query, size_t offset,
                              size_t limit, int newest, glossa_page_t *page,
                              int64_t *total)
{
	glossa_query_t q = {0}, f;
	glossa_status_t st;
	char *msg = NULL, *match = NULL;

	page->rows = NULL;
	page->n = 0;
	st = glossa_query_parse_with(query ? query : "", &q, &msg,
	                             expand_prefix, db);
	if (st != GLOSSA_OK) {
		glossa_db_error(db, st, "%s",
		                msg ? msg : glossa_status_to_string(st));
		free(msg);
		return st;
	}
	f = q; /* the filters the statements bind, q's strings */
	if (q.match && q.notes_only) {
		/* in:notes: only the glosses column, which holds them. */
		if (asprintf(&match, "glosses : (%s)", q.match) < 0)
			match = NULL;
	} else if (q.notes_only) {
		match = strdup("glosses : \"\"");
	} else if (q.match) {
		match = strdup(q.match);
	}
	/* Excluded terms go into the expression as FTS5's NOT, which drops
	 * their rows as it reads: NOT IN (the rows of a common word) made
	 * a list of 90 000 rowids first, 15 ms at 100k. */
	if (match && q.exclude) {
		char *both = NULL;
		if (asprintf(&both, "(%s) NOT (%s)", match, q.exclude) < 0)
			both = NULL;
		free(match);
		match = both;
		f.exclude = NULL;
	}
	if ((q.match || q.notes_only) && !match) {
		glossa_query_clear(&q);
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "searching: out of memory");
	}
	if (match && newest)
		st = run_page(db, sql_newest, match, &f, offset, limit,
		              INT64_MAX, page);
	else if (match)
		st = run_matches(db, match, &f, offset, limit, page);
	else
		st = run_page(db, sql_plain, NULL, &f, offset, limit, 0, page);
	if (st == GLOSSA_OK && q.match && !has_column_filter(q.match))
		st = match_notes(db, q.match, page);
	if (st == GLOSSA_OK && total)
		st = run_count(db,
		               !match            ? sql_plain_count
		               : has_filters(&f) ? sql_ranked_count
		                                 : sql_match_count,
		               match, &f, total);
	if (st != GLOSSA_OK)
		glossa_page_clear(page);
	free(match);
	glossa_query_clear(&q);
	return st;
}

glossa_status_t glossa_search(glossa_db_t *db, const char *query, size_t offset,
                              size_t limit, glossa_page_t *page, int64_t *total)
{
	return search(db, query, offset, limit, 0, page, total);
}

glossa_status_t glossa_search_newest(glossa_db_t *db, const char *query,
                                     size_t offset, size_t limit,
                                     glossa_page_t *page, int64_t *total)
{
	return search(db, query, offset, limit, 1, page, total);
}
