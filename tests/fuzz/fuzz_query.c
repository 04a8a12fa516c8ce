/*
 * fuzz_query.c: libFuzzer target for glossa_query_parse() and the
 * matcher (match.h).
 *
 * Any input parses to OK or BAD_QUERY (with a message); every term of the
 * expressions it builds is a double-quoted string with '"' doubled inside;
 * the matcher of a query that parses finds its matches in a text of every
 * script, in order, inside the text, none overlapping.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/match.h"
#include "glossa/search.h"
#include "query.h" /* the core's own: glossa_query_fts() */

/* Runs the matcher of query text over a text of every kind, whole and
 * cut after its first line; aborts on a broken promise of match.h. */
static void check_matcher(const char *text)
{
	static const char doc[] =
	    "Mobilization: the decisive battle, C++ and e-mail at 08:30.\n"
	    "\xe4\xb8\xad\xe5\x9b\xbd\xe7\x9a\x84\xe5\x8f\x91"
	    "\xe5\xb1\x95 caf\xc3\xa9 \xef\xbc\xa1\xef\xbc\xa2 "
	    "\"quoted\" OR -x title:y *\n";
	size_t len = sizeof(doc) - 1, cut = strchr(doc, '\n') - doc + 1;
	glossa_matcher_t *m = NULL;
	glossa_match_t *v;
	size_t n;
	int all;

	if (glossa_matcher_new(text, NULL, &m) != GLOSSA_OK)
		return;
	for (int k = 0; k < 2; k++) {
		size_t to = k ? cut : len;

		if (glossa_matcher_query(m, GLOSSA_QFIELD_TITLE, doc, len, 0,
		                         to, &v, &n, &all) != GLOSSA_OK)
			continue;
		for (size_t i = 0; i < n; i++)
			if (v[i].start >= v[i].end || v[i].end > len ||
			    v[i].start >= to ||
			    (i > 0 && v[i].start < v[i - 1].end))
				abort();
		free(v);
	}
	glossa_matcher_free(m);
}

/* Checks that quotes in an expression pair up: outside a string only
 * column names, operators, parentheses, '*', ':' and spaces appear. */
static void check_expr(const char *e)
{
	int in_string = 0;

	if (e == NULL)
		return;
	if (*e == '\0')
		abort(); /* an empty expression is NULL, never "" */
	for (; *e; e++) {
		if (*e == '"') {
			if (in_string && e[1] == '"')
				e++;
			else
				in_string = !in_string;
		} else if (!in_string &&
		           !strchr("ANDOR()*: titlesourcetagsauthor", *e)) {
			abort();
		}
	}
	if (in_string)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	glossa_query_t q;
	glossa_status_t st;
	char *text, *err = NULL;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	st = glossa_query_parse(text, &q, &err);
	if (st == GLOSSA_OK) {
		char *match = NULL, *exclude = NULL;

		if (err != NULL)
			abort();
		if (glossa_query_fts(&q, NULL, NULL, &match, &exclude) ==
		    GLOSSA_OK) {
			check_expr(match);
			check_expr(exclude);
		}
		free(match);
		free(exclude);
		glossa_query_clear(&q);
		check_matcher(text);
	} else if (st == GLOSSA_BAD_QUERY) {
		if (err == NULL || q.terms || q.nterms)
			abort();
		free(err);
	} else if (st != GLOSSA_NOMEM) {
		abort();
	}
	free(text);
	return 0;
}
