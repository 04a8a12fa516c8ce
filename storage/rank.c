/*
 * rank.c: the rank of search results, glossa_rank(), an FTS5 auxiliary
 * function of article_fts.
 *
 * Exports glossa_rank_function() (fts_aux.h), which search.c registers.
 */
#include <math.h>
#include <stdlib.h>

#include "fts_aux.h"

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
static const double rank_weight[GLOSSA_FTS_COLUMNS] = {1.0, 10.0, 5.0,
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

void glossa_rank_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                          sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rank_data *d;
	double score = 0.0;
	int rc, ninst = 0, size = 0, ntouched = 0;

	if (nval != 2 || api->xColumnCount(fts) != GLOSSA_FTS_COLUMNS) {
		sqlite3_result_error(ctx, "glossa_rank: wrong use", -1);
		return;
	}
	/* out of memory: no data to read (d is not set) */
	if ((rc = rank_data(api, fts, val, &d)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int ip, ic, io;
		rc = api->xInst(fts, i, &ip, &ic, &io);
		if (rc != SQLITE_OK || ip < 0 || ip >= d->nphrase || ic < 0 ||
		    ic >= GLOSSA_FTS_COLUMNS)
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
