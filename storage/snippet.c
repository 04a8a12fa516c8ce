/*
 * snippet.c: the snippets of search results, glossa_snippet(), an FTS5
 * auxiliary function of article_fts.
 *
 * Exports glossa_snippet_function() (fts_aux.h), which search.c
 * registers.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fts_aux.h"
#include "glossa/db.h"
#include "glossa/text.h"
#include "tokenizer.h"

/*
 * glossa_snippet(article_fts) makes the same text as the SQL
 *   CASE WHEN instr(snippet(article_fts, 2, S, E, '…', 12), S)
 *   THEN that ELSE snippet(article_fts, -1, S, E, '…', 12) END
 * (S and E the marks): the body's best window of 12 tokens when it holds
 * a match, else the best window of any column; but where a sentence
 * starts is glossa_sentence_start()'s rule (。！？ included, no colon), the
 * one of exported contexts too (the tests compare it with snippet() under
 * FTS5's rule, glossa_db.fts5_sentences). It picks the window as
 * FTS5's snippet() does, but FTS5 tokenizes every column it looks at in
 * full, twice, and scores windows in time quadratic in the matches; here
 * the windows are scored from the instances alone, and only the prefix
 * of the text that the choice and the window need is tokenized.
 */

#define SNIPPET_TOKENS 12
#define SNIPPET_COLUMNS GLOSSA_FTS_COLUMNS
#define BODY_COLUMN 0
#define ELLIPSIS "…"
#define ELLIPSIS_LEN ((int)sizeof(ELLIPSIS) - 1)
#define MARK_LEN ((int)sizeof(GLOSSA_MARK_START) - 1)

/*
 * The first tokens of a column's text: the byte range of each position
 * (colocated tokens take none) and the positions that start a sentence
 * (glossa_sentence_start(): the rule of exported contexts too; FTS5's
 * snippet() knows only ". " and ": "). Text is tokenized in pieces, each
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
	int fts5_sentences; /* glossa_db's: FTS5's sentence starts */
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

/* Whether the token at byte start begins a sentence as FTS5's snippet()
 * sees it (fts5SentenceFinderCb): blanks, and before them a full stop or
 * a colon. Only to compare with snippet() (glossa_db.fts5_sentences). */
static int fts5_sentence_start(const char *text, int start)
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
	if (p->n == 0 ||
	    (p->fts5_sentences
		     ? fts5_sentence_start(p->text, start)
		     : glossa_sentence_start(p->text, (size_t)p->len,
					     (size_t)start))) {
		if (grow_ints(&p->first, &p->capfirst, p->nfirst) != SQLITE_OK)
			return SQLITE_NOMEM;
		p->first[p->nfirst++] = p->n;
	}
	p->start[p->n] = start;
	p->end[p->n] = end;
	return ++p->n > p->stop ? PREFIX_STOP : SQLITE_OK;
}

/*
 * Tokenize text (n bytes) for its positions (prefix_token(), p): with the
 * archive's own tokenizer, made once for the connection, asked for the
 * positions only (GLOSSA_TOKENIZE_POSITIONS), which costs a third of
 * what FTS5's call costs (porter, bigrams, prefix tokens: 83% of a
 * search's instructions went to the snippets); FTS5's call if that
 * tokenizer cannot be had.
 */
static int positions(struct snippet *s, struct prefix *p, const char *text,
                     int n)
{
	glossa_db_t *db = s->api->xUserData(s->fts);
	fts5_api *api;
	void *udata = NULL;

	if (!db->snippet_tok && (api = glossa_fts5_api(db->sql)) &&
	    api->xFindTokenizer(api, GLOSSA_TOKENIZER_NAME, &udata,
	                        &db->snippet_api) == SQLITE_OK &&
	    db->snippet_api.xCreate(udata, NULL, 0, &db->snippet_tok) !=
	        SQLITE_OK)
		db->snippet_tok = NULL;
	if (!db->snippet_tok)
		return s->api->xTokenize(s->fts, text, n, p, prefix_token);
	return db->snippet_api.xTokenize(
	    db->snippet_tok, p, FTS5_TOKENIZE_AUX | GLOSSA_TOKENIZE_POSITIONS,
	    text, n, prefix_token);
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
		rc = positions(s, p, p->text + p->from, n);
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
		const glossa_db_t *db = s->api->xUserData(s->fts);
		p->fts5_sentences = db->fts5_sentences;
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

void glossa_snippet_function(const Fts5ExtensionApi *api, Fts5Context *fts,
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
